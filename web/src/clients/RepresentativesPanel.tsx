import { SimpleGrid, Stack, Table, Text, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { api, purposeHeader, unwrap } from '../api/client';
import { useSession } from '../api/hooks';
import type { Client } from '../api/types';
import { ErrorAlert } from '../components/ErrorAlert';
import { FieldValue, has } from '../components/FieldValue';
import { AnchorLink } from '../components/links';

function Row({ label, children }: { label: string; children: ReactNode }) {
  return (
    <>
      <Text component="dt" fw={600}>
        {label}
      </Text>
      <Text component="dd" m={0}>
        {children}
      </Text>
    </>
  );
}

/** A company's register data (not personal data: shown with any visible company). */
export function CompanyData({ client }: { client: Client }) {
  const { t } = useTranslation();
  return (
    <SimpleGrid component="dl" cols={2} spacing="xs" maw={720} data-testid="company-data">
      <Row label={t('company.companyName')}>{client.companyName}</Row>
      <Row label={t('company.nip')}>{client.nip}</Row>
      <Row label={t('company.regon')}>{client.regon}</Row>
      <Row label={t('company.krs')}>{client.krs ?? '—'}</Row>
    </SimpleGrid>
  );
}

/**
 * The persons who represent the company, as the purpose sees them: a person the purpose may not
 * see is not listed, and a field it may not read is shown as not visible.
 */
export function RepresentativesPanel({ companyId }: { companyId: string }) {
  const { t } = useTranslation();
  const { purpose } = useSession();
  const list = useQuery({
    queryKey: ['clients', purpose, 'representatives', companyId],
    queryFn: () =>
      unwrap(
        api.GET('/api/clients/{id}/representatives', {
          params: { path: { id: companyId }, header: purposeHeader() },
        }),
      ),
  });
  return (
    <Stack data-testid="representatives">
      <Title order={2} size="h3">
        {t('company.representatives')}
      </Title>
      <ErrorAlert error={list.error} />
      {list.data && list.data.items.length === 0 && <Text>{t('company.noRepresentatives')}</Text>}
      {list.data && list.data.items.length > 0 && (
        <Table>
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{t('company.representative')}</Table.Th>
              <Table.Th>{t('company.role')}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {list.data.items.map((r) => (
              <Table.Tr key={r.personId}>
                <Table.Td>
                  <AnchorLink to="/klienci/$clientId" params={{ clientId: r.personId }}>
                    <FieldValue present={has(r.person, 'lastName')}>
                      {[r.person.firstName, r.person.lastName].filter(Boolean).join(' ')}
                    </FieldValue>
                  </AnchorLink>
                </Table.Td>
                <Table.Td>
                  <FieldValue present={has(r, 'role')}>{r.role}</FieldValue>
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
    </Stack>
  );
}
