import { Stack, Table, Text, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { api, purposeHeader, unwrap } from '../api/client';
import { useSession } from '../api/hooks';
import { ErrorAlert } from '../components/ErrorAlert';
import { FieldValue, has } from '../components/FieldValue';
import { AnchorLink } from '../components/links';
import { formatDate } from '../lib/format';

/**
 * The household the person belongs to, as the purpose sees it: its name when readable, and the
 * members the purpose may see; a member it may not see is counted, never named.
 */
export function HouseholdPanel({ clientId }: { clientId: string }) {
  const { t } = useTranslation();
  const { purpose } = useSession();
  const query = useQuery({
    queryKey: ['clients', purpose, 'household', clientId],
    queryFn: () =>
      unwrap(
        api.GET('/api/clients/{id}/household', {
          params: { path: { id: clientId }, header: purposeHeader() },
        }),
      ),
  });
  const household = query.data?.household ?? null;
  const hidden = household ? household.memberIds.length - household.members.length : 0;
  return (
    <Stack data-testid="household" mt="lg">
      <Title order={2} size="h3">
        {t('household.title')}
      </Title>
      <ErrorAlert error={query.error} />
      {query.data && !household && <Text>{t('household.none')}</Text>}
      {household && (
        <>
          <Text>
            {t('household.name')}:{' '}
            <FieldValue present={has(household, 'name')}>
              <Text span fw={600}>
                {household.name}
              </Text>
            </FieldValue>
          </Text>
          <Table withTableBorder>
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t('household.member')}</Table.Th>
                <Table.Th>{t('clients.dateOfBirth')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {household.members.map((m) => (
                <Table.Tr key={m.id}>
                  <Table.Td>
                    {m.id === clientId ? (
                      <FieldValue present={has(m, 'lastName')}>
                        {[m.firstName, m.lastName].filter(Boolean).join(' ')} ({t('household.thisClient')})
                      </FieldValue>
                    ) : (
                      <AnchorLink to="/klienci/$clientId" params={{ clientId: m.id }}>
                        <FieldValue present={has(m, 'lastName')}>
                          {[m.firstName, m.lastName].filter(Boolean).join(' ')}
                        </FieldValue>
                      </AnchorLink>
                    )}
                  </Table.Td>
                  <Table.Td>
                    <FieldValue present={has(m, 'dateOfBirth')}>
                      {formatDate(m.dateOfBirth) || '—'}
                    </FieldValue>
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
          {hidden > 0 && <Text size="sm">{t('household.hiddenMembers', { count: hidden })}</Text>}
        </>
      )}
    </Stack>
  );
}
