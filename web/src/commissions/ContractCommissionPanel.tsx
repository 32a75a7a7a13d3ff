import { SimpleGrid, Stack, Table, Text, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { getJson } from '../api/client';
import { usePurposes, useSession } from '../api/hooks';
import { ErrorAlert } from '../components/ErrorAlert';
import { formatDate, formatMoney } from '../lib/format';
import { formatRate, type ContractCommission } from './api';

/** Whether the purpose reads what a contract's commission is made of (its premium and commission, the schedule's amounts). */
function useReadsCommission(): boolean {
  const purposes = usePurposes();
  const { purpose, me } = useSession();
  const info = purposes.data?.items.find((p) => p.purpose === purpose);
  if (!info || !me || !info.roles.includes(me.role)) return false;
  const reads = (entity: string, fields: string[]) =>
    fields.every((f) => info.fields[entity]?.read.includes(f) ?? false);
  return (
    reads('Contract', ['premium', 'commission']) && reads('Instalment', ['dueDate', 'amount', 'paidAmount'])
  );
}

/** "Prowizja" on the policy card: the rate and where it comes from, the split, and each instalment's part. */
export function ContractCommissionPanel({ contractId }: { contractId: string }) {
  const { t } = useTranslation();
  const { purpose } = useSession();
  const allowed = useReadsCommission();
  const commission = useQuery({
    queryKey: ['contracts', purpose, 'commission', contractId],
    queryFn: () => getJson<ContractCommission>(`/api/contracts/${contractId}/commission`),
    enabled: allowed,
  });
  if (!allowed) return null;
  const c = commission.data;
  return (
    <Stack component="section" aria-labelledby="commission-title" data-testid="contract-commission">
      <Title order={2} size="h3" id="commission-title">
        {t('commission.title')}
      </Title>
      <ErrorAlert error={commission.error} />
      {c && (
        <>
          <SimpleGrid component="dl" cols={2} spacing="xs" maw={760}>
            <Text component="dt" fw={600}>
              {t('commission.rate')}
            </Text>
            <Text component="dd" m={0}>
              {formatRate(c.rate)} ({t(`commission.${c.year}`)},{' '}
              {c.basis === 'agreement' ? t('commission.basisAgreement') : t('commission.basisContract')})
            </Text>
            <Text component="dt" fw={600}>
              {t('commission.amount')}
            </Text>
            <Text component="dd" m={0}>
              {formatMoney(c.commission)}
            </Text>
            <Text component="dt" fw={600}>
              {t('commission.earned')}
            </Text>
            <Text component="dd" m={0}>
              {formatMoney(c.earned)}
            </Text>
            <Text component="dt" fw={600}>
              {t('commission.settled')}
            </Text>
            <Text component="dd" m={0}>
              {formatMoney(c.settled)}
            </Text>
            {c.splits.length > 0 && (
              <>
                <Text component="dt" fw={600}>
                  {t('commission.split')}
                </Text>
                <Text component="dd" m={0}>
                  {c.splits.map((s) => `${formatRate(s.share)}: ${formatMoney(s.commission)}`).join(' · ')}
                </Text>
              </>
            )}
          </SimpleGrid>
          {c.instalments && c.instalments.length > 0 && (
            <Table withTableBorder striped maw={760} data-testid="commission-instalments">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>{t('book.instalments.number')}</Table.Th>
                  <Table.Th>{t('book.instalments.dueDate')}</Table.Th>
                  <Table.Th>{t('commission.instalmentCommission')}</Table.Th>
                  <Table.Th>{t('commission.instalmentEarned')}</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {c.instalments.map((i) => (
                  <Table.Tr key={i.id}>
                    <Table.Td>{t('commission.instalment', { number: i.number })}</Table.Td>
                    <Table.Td>{formatDate(i.dueDate)}</Table.Td>
                    <Table.Td>{formatMoney(i.commission)}</Table.Td>
                    <Table.Td>{formatMoney(i.earned)}</Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          )}
        </>
      )}
    </Stack>
  );
}
