import { Badge, Button, Group, Paper, Select, SimpleGrid, Stack, Text, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useParams } from '@tanstack/react-router';
import { useState, type FormEvent, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { api, getJson, purposeHeader, unwrap } from '../api/client';
import { useSession } from '../api/hooks';
import type { Contract, Page } from '../api/types';
import { DateField } from '../components/DateField';
import { ErrorAlert } from '../components/ErrorAlert';
import { FieldValue, has } from '../components/FieldValue';
import { AnchorLink } from '../components/links';
import { PAGE_SIZE, useCursorPages } from '../components/PagedTable';
import { AnnexesPanel } from './AnnexesPanel';
import { ContractsTable } from './ContractsTable';
import { InstalmentsPanel } from './InstalmentsPanel';
import { formatDate, formatMoney } from '../lib/format';
import type { Insurer } from './api';
import { ContractCommissionPanel } from '../commissions/ContractCommissionPanel';

const STATUSES = ['pending', 'active', 'ended', 'cancelled'] as const;

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
  const pages = useCursorPages();
  const cursor = pages.cursor;
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
    pages.reset();
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
      <ContractsTable query={contracts} pages={pages} testId="contracts-table" />
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
          <AnnexesPanel contract={c} />
          <InstalmentsPanel contract={c} />
          <ContractCommissionPanel contractId={c.id} />
        </>
      )}
    </Stack>
  );
}
