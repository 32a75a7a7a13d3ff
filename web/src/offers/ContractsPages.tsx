import { Badge, Button, Group, Paper, Select, SimpleGrid, Stack, Table, Text, Title } from '@mantine/core';
import { useMutation, useQuery } from '@tanstack/react-query';
import { useNavigate, useParams } from '@tanstack/react-router';
import { useState, type FormEvent, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { api, getJson, purposeHeader, unwrap } from '../api/client';
import { useSession } from '../api/hooks';
import type { Client, Contract, Page } from '../api/types';
import { DateField } from '../components/DateField';
import { ErrorAlert } from '../components/ErrorAlert';
import { FieldValue, has } from '../components/FieldValue';
import { AnchorLink } from '../components/links';
import { formatDate, formatMoney, formatPhone } from '../lib/format';
import type { Insurer, RenewalItem } from './api';

const STATUSES = ['pending', 'active', 'ended', 'cancelled'] as const;
const PAGE_SIZE = 25;

function useInsurers() {
  return useQuery({
    queryKey: ['insurers'],
    queryFn: () => getJson<Page<Insurer>>('/api/insurers', { limit: '100' }),
    staleTime: 60_000,
  });
}

interface Filters {
  insurerId: string | null;
  status: string | null;
  endingBefore: string | null;
}

/** "Polisy": the contracts register, filtered in the API and paged by its cursor. */
export function ContractsPage() {
  const { t } = useTranslation();
  const { purpose } = useSession();
  const insurers = useInsurers();
  const [draft, setDraft] = useState<Filters>({ insurerId: null, status: null, endingBefore: null });
  const [filters, setFilters] = useState<Filters>(draft);
  // Cursors of the pages seen so far; the last one is the page shown.
  const [cursors, setCursors] = useState<(string | undefined)[]>([undefined]);
  const cursor = cursors[cursors.length - 1];
  const contracts = useQuery({
    queryKey: ['contracts', purpose, 'register', filters, cursor],
    queryFn: () =>
      getJson<Page<Contract>>('/api/contracts', {
        limit: String(PAGE_SIZE),
        cursor,
        insurerId: filters.insurerId ?? undefined,
        status: filters.status ?? undefined,
        endingBefore: filters.endingBefore ?? undefined,
      }),
  });

  function apply(e: FormEvent) {
    e.preventDefault();
    setFilters(draft);
    setCursors([undefined]);
  }

  return (
    <Stack>
      <Title order={1}>{t('contracts.title')}</Title>
      <form onSubmit={apply} aria-label={t('contracts.filters')}>
        <Group align="flex-end">
          <Select
            label={t('card.insurer')}
            clearable
            placeholder={t('contracts.any')}
            data={(insurers.data?.items ?? []).map((i) => ({ value: i.id, label: i.name }))}
            value={draft.insurerId}
            onChange={(v) => setDraft((d) => ({ ...d, insurerId: v }))}
          />
          <Select
            label={t('clients.status')}
            clearable
            placeholder={t('contracts.any')}
            data={STATUSES.map((s) => ({ value: s, label: t(`statuses.${s}`) }))}
            value={draft.status}
            onChange={(v) => setDraft((d) => ({ ...d, status: v }))}
          />
          <DateField
            label={t('contracts.endingBefore')}
            value={draft.endingBefore}
            onChange={(value) => setDraft((d) => ({ ...d, endingBefore: value }))}
          />
          <Button type="submit">{t('contracts.applyFilters')}</Button>
        </Group>
      </form>
      <ErrorAlert error={contracts.error} />
      {contracts.isPending && <Text>{t('app.loading')}</Text>}
      {contracts.data && contracts.data.items.length === 0 && <Text>{t('card.noPolicies')}</Text>}
      {contracts.data && contracts.data.items.length > 0 && (
        <Table withTableBorder striped data-testid="contracts-table">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{t('card.policyNumber')}</Table.Th>
              <Table.Th>{t('card.insurer')}</Table.Th>
              <Table.Th>{t('card.lineOfBusiness')}</Table.Th>
              <Table.Th>{t('card.period')}</Table.Th>
              <Table.Th>{t('card.premium')}</Table.Th>
              <Table.Th>{t('clients.status')}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {contracts.data.items.map((c) => (
              <Table.Tr key={c.id}>
                <Table.Td>
                  <AnchorLink to="/polisy/$contractId" params={{ contractId: c.id }}>
                    {has(c, 'policyNumber') ? c.policyNumber : t('contracts.open')}
                  </AnchorLink>
                </Table.Td>
                <Table.Td>{c.insurerName}</Table.Td>
                <Table.Td>{t(`lines.${c.lineOfBusiness}`)}</Table.Td>
                <Table.Td>
                  <FieldValue present={has(c, 'startDate')}>
                    {formatDate(c.startDate)} – {formatDate(c.endDate)}
                  </FieldValue>
                </Table.Td>
                <Table.Td>
                  <FieldValue present={has(c, 'premium')}>{formatMoney(c.premium)}</FieldValue>
                </Table.Td>
                <Table.Td>{t(`statuses.${c.status}`)}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
      <Group>
        <Button
          variant="outline"
          disabled={cursors.length < 2}
          onClick={() => setCursors((c) => c.slice(0, -1))}
        >
          {t('clients.previous')}
        </Button>
        <Text>{t('clients.page', { page: cursors.length })}</Text>
        <Button
          variant="outline"
          disabled={!contracts.data?.nextCursor}
          onClick={() => setCursors((c) => [...c, contracts.data!.nextCursor!])}
        >
          {t('clients.next')}
        </Button>
      </Group>
    </Stack>
  );
}

function Row({ label, children }: { label: string; children: ReactNode }) {
  return (
    <>
      <Text component="dt" fw={600}>
        {label}
      </Text>
      <Text component="dd" m={0} style={{ whiteSpace: 'pre-wrap' }}>
        {children}
      </Text>
    </>
  );
}

/** The policy card: what the purpose reads of the contract, and the acknowledged mismatch if any. */
export function ContractPage() {
  const { t } = useTranslation();
  const { contractId } = useParams({ from: '/app/polisy/$contractId' });
  const { purpose } = useSession();
  const contract = useQuery({
    queryKey: ['contracts', purpose, 'card', contractId],
    queryFn: () =>
      unwrap(
        api.GET('/api/contracts/{id}', { params: { path: { id: contractId }, header: purposeHeader() } }),
      ),
  });
  const c = contract.data;
  return (
    <Stack>
      <AnchorLink to="/polisy">← {t('contracts.back')}</AnchorLink>
      <ErrorAlert error={contract.error} />
      {contract.isPending && <Text>{t('app.loading')}</Text>}
      {c && (
        <>
          <Group justify="space-between">
            <Title order={1}>
              {t('contracts.cardTitle', { number: has(c, 'policyNumber') ? c.policyNumber : '' })}
            </Title>
            <Badge variant="outline" color="indigo.9" size="lg">
              {t(`statuses.${c.status}`)}
            </Badge>
          </Group>
          <AnchorLink to="/klienci/$clientId" params={{ clientId: c.clientId }}>
            {t('contracts.openClient')}
          </AnchorLink>
          <SimpleGrid component="dl" cols={2} spacing="xs" maw={760} data-testid="contract-data">
            <Row label={t('card.policyNumber')}>
              <FieldValue present={has(c, 'policyNumber')}>{c.policyNumber}</FieldValue>
            </Row>
            <Row label={t('card.insurer')}>{c.insurerName}</Row>
            <Row label={t('card.lineOfBusiness')}>{t(`lines.${c.lineOfBusiness}`)}</Row>
            <Row label={t('card.product')}>
              <FieldValue present={has(c, 'productName')}>{c.productName}</FieldValue>
            </Row>
            <Row label={t('card.period')}>
              <FieldValue present={has(c, 'startDate')}>
                {formatDate(c.startDate)} – {formatDate(c.endDate)}
              </FieldValue>
            </Row>
            <Row label={t('card.premium')}>
              <FieldValue present={has(c, 'premium')}>{formatMoney(c.premium)}</FieldValue>
            </Row>
            <Row label={t('offers.sumInsured')}>
              <FieldValue present={has(c, 'sumInsured')}>{formatMoney(c.sumInsured)}</FieldValue>
            </Row>
            <Row label={t('offers.deductible')}>
              <FieldValue present={has(c, 'deductible')}>{formatMoney(c.deductible)}</FieldValue>
            </Row>
            <Row label={t('offers.quotes.coverages')}>
              <FieldValue present={has(c, 'coverages')}>
                {(c.coverages ?? [])
                  .map((x) => `${t(`coverages.${x.code}`)}: ${formatMoney(x.limit)}`)
                  .join('\n')}
              </FieldValue>
            </Row>
            <Row label={t('contracts.commission')}>
              <FieldValue present={has(c, 'commission')}>{formatMoney(c.commission)}</FieldValue>
            </Row>
            <Row label={t('offers.conclude.recommendation')}>
              <FieldValue present={has(c, 'recommendation')}>{c.recommendation}</FieldValue>
            </Row>
          </SimpleGrid>
          {c.acknowledgedMismatch && (
            <Paper withBorder p="md" data-testid="contract-mismatch">
              <Title order={2} size="h4">
                {t('contracts.acknowledged')}
              </Title>
              <Text>
                {c.acknowledgedMismatch.missingCoverages.length > 0 &&
                  t('offers.conclude.missing', {
                    coverages: c.acknowledgedMismatch.missingCoverages
                      .map((x) => t(`coverages.${x}`))
                      .join(', '),
                  })}{' '}
                {c.acknowledgedMismatch.shortfalls.includes('premium_above_max') &&
                  t('offers.conclude.overBudget', {
                    premium: formatMoney(c.acknowledgedMismatch.premium),
                    max: formatMoney(c.acknowledgedMismatch.maxPremium),
                  })}
              </Text>
            </Paper>
          )}
          {c.offerRequestId && (
            <AnchorLink to="/oferty/$offerRequestId" params={{ offerRequestId: c.offerRequestId }}>
              {t('contracts.openOfferRequest')}
            </AnchorLink>
          )}
        </>
      )}
    </Stack>
  );
}

/** The contact data the purpose reads of the renewal's client (fields it does not read say so). */
function RenewalContact({ clientId }: { clientId: string }) {
  const { t } = useTranslation();
  const { purpose } = useSession();
  const client = useQuery({
    queryKey: ['clients', purpose, 'card', clientId],
    queryFn: () =>
      unwrap(api.GET('/api/clients/{id}', { params: { path: { id: clientId }, header: purposeHeader() } })),
  });
  if (client.error) return <ErrorAlert error={client.error} />;
  const c = client.data as Client | undefined;
  if (!c) return <Text size="sm">{t('app.loading')}</Text>;
  return (
    <Stack gap={0}>
      <Text size="sm">
        <FieldValue present={has(c, 'email')}>{c.email ?? '—'}</FieldValue>
      </Text>
      <Text size="sm">
        <FieldValue present={has(c, 'phone')}>{formatPhone(c.phone) || '—'}</FieldValue>
      </Text>
    </Stack>
  );
}

/** "Odnowienia": contracts ending soon, oldest end first, each with the start of its renewal. */
export function RenewalsPage() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const { purpose } = useSession();
  const [withinDays, setWithinDays] = useState('60');
  const [cursors, setCursors] = useState<(string | undefined)[]>([undefined]);
  const cursor = cursors[cursors.length - 1];
  const renewals = useQuery({
    queryKey: ['contracts', purpose, 'renewals', withinDays, cursor],
    queryFn: () =>
      getJson<Page<RenewalItem>>('/api/contracts/renewals', {
        withinDays,
        limit: String(PAGE_SIZE),
        cursor,
      }),
  });
  const start = useMutation({
    mutationFn: (contractId: string) =>
      unwrap(
        api.POST('/api/contracts/{id}/renewal', {
          params: { path: { id: contractId }, header: purposeHeader() },
          body: {},
        }),
      ),
    onSuccess: (request) =>
      navigate({ to: '/oferty/$offerRequestId', params: { offerRequestId: request.id } }),
  });

  return (
    <Stack>
      <Title order={1}>{t('renewals.title')}</Title>
      <Select
        label={t('renewals.within')}
        allowDeselect={false}
        maw={260}
        data={['7', '30', '60', '90', '180'].map((d) => ({
          value: d,
          label: t('renewals.days', { count: Number(d) }),
        }))}
        value={withinDays}
        onChange={(v) => {
          if (!v) return;
          setWithinDays(v);
          setCursors([undefined]);
        }}
      />
      <ErrorAlert error={renewals.error ?? start.error} />
      {renewals.isPending && <Text>{t('app.loading')}</Text>}
      {renewals.data && renewals.data.items.length === 0 && <Text>{t('renewals.none')}</Text>}
      {renewals.data && renewals.data.items.length > 0 && (
        <Table withTableBorder striped data-testid="renewals-table">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{t('renewals.ends')}</Table.Th>
              <Table.Th>{t('renewals.client')}</Table.Th>
              <Table.Th>{t('renewals.contact')}</Table.Th>
              <Table.Th>{t('card.policyNumber')}</Table.Th>
              <Table.Th>{t('card.insurer')}</Table.Th>
              <Table.Th>{t('card.lineOfBusiness')}</Table.Th>
              <Table.Th>{t('renewals.action')}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {renewals.data.items.map((r) => {
              const name = [r.client.firstName, r.client.lastName].filter(Boolean).join(' ');
              return (
                <Table.Tr key={r.id}>
                  <Table.Td>
                    <FieldValue present={has(r, 'endDate')}>
                      {formatDate(r.endDate)}
                      <br />
                      <Text span size="sm" fw={600}>
                        {r.daysLeft === 0
                          ? t('renewals.endsToday')
                          : t('renewals.endsIn', { count: r.daysLeft ?? 0 })}
                      </Text>
                    </FieldValue>
                  </Table.Td>
                  <Table.Td>
                    <AnchorLink to="/klienci/$clientId" params={{ clientId: r.client.id }}>
                      {name || t('clients.noName', { id: r.client.id.slice(0, 8) })}
                    </AnchorLink>
                  </Table.Td>
                  <Table.Td>
                    <RenewalContact clientId={r.client.id} />
                  </Table.Td>
                  <Table.Td>
                    <AnchorLink to="/polisy/$contractId" params={{ contractId: r.id }}>
                      {has(r, 'policyNumber') ? r.policyNumber : t('contracts.open')}
                    </AnchorLink>
                  </Table.Td>
                  <Table.Td>{r.insurer.name}</Table.Td>
                  <Table.Td>{t(`lines.${r.lineOfBusiness}`)}</Table.Td>
                  <Table.Td>
                    {r.renewalOfferRequestId ? (
                      <AnchorLink
                        to="/oferty/$offerRequestId"
                        params={{ offerRequestId: r.renewalOfferRequestId }}
                      >
                        {t('renewals.openRenewal')}
                      </AnchorLink>
                    ) : (
                      <Button
                        size="xs"
                        loading={start.isPending && start.variables === r.id}
                        onClick={() => start.mutate(r.id)}
                      >
                        {t('renewals.start')}
                      </Button>
                    )}
                  </Table.Td>
                </Table.Tr>
              );
            })}
          </Table.Tbody>
        </Table>
      )}
      <Group>
        <Button
          variant="outline"
          disabled={cursors.length < 2}
          onClick={() => setCursors((c) => c.slice(0, -1))}
        >
          {t('clients.previous')}
        </Button>
        <Text>{t('clients.page', { page: cursors.length })}</Text>
        <Button
          variant="outline"
          disabled={!renewals.data?.nextCursor}
          onClick={() => setCursors((c) => [...c, renewals.data!.nextCursor!])}
        >
          {t('clients.next')}
        </Button>
      </Group>
    </Stack>
  );
}
