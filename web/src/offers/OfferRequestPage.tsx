import {
  Alert,
  Badge,
  Button,
  Checkbox,
  Group,
  List,
  Paper,
  Select,
  SimpleGrid,
  Stack,
  Table,
  Text,
  Textarea,
  TextInput,
  Title,
} from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useNavigate, useParams } from '@tanstack/react-router';
import { useState, type FormEvent, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { components } from '../api/schema';
import { api, ApiError, getJson, purposeHeader, unwrap } from '../api/client';
import { useSession } from '../api/hooks';
import type { Page } from '../api/types';
import { DateField } from '../components/DateField';
import { ErrorAlert } from '../components/ErrorAlert';
import { FieldValue, has } from '../components/FieldValue';
import { AnchorLink } from '../components/links';
import { formatDate, formatMoney, parseZlotyToGrosze } from '../lib/format';
import {
  CONCLUSION_PURPOSE,
  coverageCodes,
  zl,
  type Comparison,
  type ComparisonColumn,
  type Insurer,
  type OfferRequest,
  type Quote,
} from './api';
import { PurposeNeeded } from './PurposeNeeded';

function useOfferRequest(id: string) {
  const { purpose } = useSession();
  return useQuery({
    queryKey: ['offers', purpose, 'request', id],
    queryFn: () =>
      unwrap(api.GET('/api/offer-requests/{id}', { params: { path: { id }, header: purposeHeader() } })),
  });
}

function useComparison(id: string, enabled: boolean) {
  const { purpose } = useSession();
  return useQuery({
    queryKey: ['offers', purpose, 'comparison', id],
    enabled,
    queryFn: () =>
      unwrap(
        api.GET('/api/offer-requests/{id}/comparison', { params: { path: { id }, header: purposeHeader() } }),
      ),
  });
}

/** The offer request: needs, the quotes grid, the comparison, conclusion and the printout. */
export function OfferRequestPage() {
  const { t } = useTranslation();
  const { offerRequestId } = useParams({ from: '/app/oferty/$offerRequestId' });
  const request = useOfferRequest(offerRequestId);
  const quotes = request.data?.quotes ?? [];
  const comparison = useComparison(offerRequestId, quotes.length > 0);
  const [chosen, setChosen] = useState<string | null>(null);
  const open = request.data?.status === 'open';

  return (
    <Stack>
      <ErrorAlert error={request.error} />
      {request.isPending && <Text>{t('app.loading')}</Text>}
      {request.data && (
        <>
          <Group justify="space-between" className="no-print">
            <AnchorLink to="/klienci/$clientId" params={{ clientId: request.data.clientId }}>
              ← {t('offers.backToClient')}
            </AnchorLink>
          </Group>
          <Group justify="space-between">
            <Title order={1}>
              {t('offers.request.title', { line: t(`lines.${request.data.lineOfBusiness}`) })}
            </Title>
            <Badge variant="outline" color={open ? 'indigo.9' : 'teal.9'} size="lg">
              {t(`statuses.${request.data.status}`)}
            </Badge>
          </Group>
          <NeedsSummary request={request.data} />
          <Stack className="no-print">
            <Title order={2} size="h3">
              {t('offers.quotes.title')}
            </Title>
            {quotes.length === 0 ? <Text>{t('offers.quotes.none')}</Text> : <QuotesGrid quotes={quotes} />}
            {open && <AddQuote request={request.data} />}
          </Stack>
          {quotes.length > 0 && (
            <Stack className="print-area">
              <Group justify="space-between">
                <Title order={2} size="h3">
                  {t('offers.comparison.title')}
                </Title>
                <Button variant="outline" className="no-print" onClick={() => window.print()}>
                  {t('offers.comparison.print')}
                </Button>
              </Group>
              <ErrorAlert error={comparison.error} />
              {comparison.data && (
                <ComparisonTable
                  comparison={comparison.data}
                  onChoose={open ? setChosen : undefined}
                  chosen={chosen}
                />
              )}
            </Stack>
          )}
          {open && chosen && comparison.data && (
            <Conclude
              request={request.data}
              column={comparison.data.columns.find((c) => c.quoteId === chosen)!}
              comparison={comparison.data}
            />
          )}
        </>
      )}
    </Stack>
  );
}

function NeedsSummary({ request }: { request: OfferRequest }) {
  const { t } = useTranslation();
  const needs = request.needs ?? {};
  return (
    <Paper withBorder p="md">
      <Title order={2} size="h4" mb="xs">
        {t('offers.needs.summary')}
      </Title>
      <SimpleGrid component="dl" cols={2} spacing="xs" maw={720}>
        <Text component="dt" fw={600}>
          {t('offers.needs.coverages')}
        </Text>
        <Text component="dd" m={0}>
          <FieldValue present={has(needs, 'requiredCoverages')}>
            {(needs.requiredCoverages ?? []).map((c) => t(`coverages.${c}`)).join(', ')}
          </FieldValue>
        </Text>
        <Text component="dt" fw={600}>
          {t('offers.needs.maxPremium')}
        </Text>
        <Text component="dd" m={0}>
          <FieldValue present={has(needs, 'maxPremium')}>{formatMoney(needs.maxPremium) || '—'}</FieldValue>
        </Text>
        <Text component="dt" fw={600}>
          {t('offers.needs.notes')}
        </Text>
        <Text component="dd" m={0} style={{ whiteSpace: 'pre-wrap' }}>
          <FieldValue present={has(needs, 'notes')}>{needs.notes || '—'}</FieldValue>
        </Text>
      </SimpleGrid>
    </Paper>
  );
}

function money(
  record: object,
  field: string,
  value: { amount: number; currency: string } | null | undefined,
) {
  return <FieldValue present={has(record, field)}>{formatMoney(value) || '—'}</FieldValue>;
}

/** What each insurer offered, one column per quote, as it was recorded. */
function QuotesGrid({ quotes }: { quotes: Quote[] }) {
  const { t } = useTranslation();
  const codes = [...new Set(quotes.flatMap((q) => (q.coverages ?? []).map((c) => c.code)))];
  const row = (label: string, cell: (q: Quote) => ReactNode) => (
    <Table.Tr>
      <Table.Th scope="row">{label}</Table.Th>
      {quotes.map((q) => (
        <Table.Td key={q.id}>{cell(q)}</Table.Td>
      ))}
    </Table.Tr>
  );
  return (
    <Table.ScrollContainer minWidth={480}>
      <Table withTableBorder withColumnBorders data-testid="quotes-grid">
        <Table.Thead>
          <Table.Tr>
            <Table.Th scope="col">{t('card.insurer')}</Table.Th>
            {quotes.map((q) => (
              <Table.Th scope="col" key={q.id}>
                {q.insurerName}{' '}
                {q.status === 'declined' && (
                  <Badge color="gray.8" variant="filled">
                    {t('offers.badges.declined')}
                  </Badge>
                )}
              </Table.Th>
            ))}
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {row(t('card.product'), (q) =>
            q.status === 'declined' ? (q.declineReason ?? '—') : (q.productName ?? '—'),
          )}
          {row(t('card.premium'), (q) => money(q, 'premium', q.premium))}
          {row(t('offers.sumInsured'), (q) => money(q, 'sumInsured', q.sumInsured))}
          {row(t('offers.deductible'), (q) => money(q, 'deductible', q.deductible))}
          {row(t('offers.validUntil'), (q) => formatDate(q.validUntil) || '—')}
          {row(t('offers.commissionRate'), (q) =>
            q.commissionRate === null || q.commissionRate === undefined
              ? '—'
              : `${formatPercent(q.commissionRate)} (${formatMoney(q.commission)})`,
          )}
          {codes.map((code) => (
            <Table.Tr key={code}>
              <Table.Th scope="row">{t(`coverages.${code}`)}</Table.Th>
              {quotes.map((q) => {
                const c = q.coverages?.find((x) => x.code === code);
                return <Table.Td key={q.id}>{c ? formatMoney(c.limit) : '—'}</Table.Td>;
              })}
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}

function formatPercent(fraction: number): string {
  return `${(Math.round(fraction * 1_000_000) / 10_000).toString().replace('.', ',')}\u00a0%`;
}

/** Percent as typed ("12", "12,5") into a fraction with at most 4 decimal places; null when not one. */
function parsePercent(text: string): number | null {
  const m = /^(\d{1,3})(?:[.,](\d{1,2}))?$/.exec(text.replace(/[\s%]/g, ''));
  if (!m) return null;
  const basisPoints = Number(m[1]) * 100 + Number((m[2] ?? '0').padEnd(2, '0'));
  return basisPoints <= 10_000 ? basisPoints / 10_000 : null;
}

function AddQuote({ request }: { request: OfferRequest }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const insurers = useQuery({
    queryKey: ['insurers'],
    queryFn: () => getJson<Page<Insurer>>('/api/insurers', { limit: '100' }),
    staleTime: 60_000,
  });
  const codes = coverageCodes(request.lineOfBusiness);
  const [insurerId, setInsurerId] = useState<string | null>(null);
  const [declined, setDeclined] = useState(false);
  const [reason, setReason] = useState('');
  const [product, setProduct] = useState('');
  const [premium, setPremium] = useState('');
  const [sum, setSum] = useState('');
  const [deductible, setDeductible] = useState('');
  const [limits, setLimits] = useState<Record<string, string>>({});
  const [validUntil, setValidUntil] = useState('');
  const [commission, setCommission] = useState('');
  const [errors, setErrors] = useState<Record<string, string>>({});

  function reset() {
    setInsurerId(null);
    setDeclined(false);
    setReason('');
    setProduct('');
    setPremium('');
    setSum('');
    setDeductible('');
    setLimits({});
    setValidUntil('');
    setCommission('');
    setErrors({});
  }

  const add = useMutation({
    mutationFn: (body: components['schemas']['CreateQuoteDto']) =>
      unwrap(
        api.POST('/api/offer-requests/{id}/quotes', {
          params: { path: { id: request.id }, header: purposeHeader() },
          body,
        }),
      ),
    onSuccess: async () => {
      reset();
      await queryClient.invalidateQueries({ queryKey: ['offers'] });
    },
  });

  function submit(e: FormEvent) {
    e.preventDefault();
    const next: Record<string, string> = {};
    const required = t('form.required');
    if (!insurerId) next.insurer = required;
    if (declined) {
      if (!reason.trim()) next.reason = required;
      setErrors(next);
      if (Object.keys(next).length === 0)
        add.mutate({ insurerId: insurerId!, declined: true, declineReason: reason.trim() });
      return;
    }
    const amount = (key: string, text: string, allowZero: boolean) => {
      const g = parseZlotyToGrosze(text);
      if (!text.trim()) next[key] = required;
      else if (g === null || g < 0 || (!allowZero && g === 0)) next[key] = t('offers.invalidAmount');
      return g ?? 0;
    };
    if (!product.trim()) next.product = required;
    const p = amount('premium', premium, false);
    const s = amount('sum', sum, false);
    const d = amount('deductible', deductible, true);
    const coverages = Object.entries(limits)
      .filter(([code]) => codes.includes(code))
      .map(([code, text]) => {
        const g = parseZlotyToGrosze(text);
        if (g === null || g <= 0) next[`limit.${code}`] = t('offers.invalidAmount');
        return { code, limit: zl(g ?? 0) };
      });
    if (coverages.length === 0) next.coverages = t('offers.quotes.coveragesRequired');
    if (!validUntil) next.validUntil = required;
    const rate = commission.trim() ? parsePercent(commission) : 0;
    if (rate === null) next.commission = t('offers.quotes.invalidPercent');
    setErrors(next);
    if (Object.keys(next).length > 0) return;
    add.mutate({
      insurerId: insurerId!,
      declined: false,
      productName: product.trim(),
      premium: zl(p),
      sumInsured: zl(s),
      deductible: zl(d),
      coverages,
      validUntil,
      commissionRate: rate ?? 0,
    });
  }

  return (
    <Paper withBorder p="md" component="section" aria-labelledby="add-quote-title">
      <form onSubmit={submit} noValidate>
        <Stack>
          <Title order={3} size="h4" id="add-quote-title">
            {t('offers.quotes.add')}
          </Title>
          <ErrorAlert error={insurers.error} />
          <Group align="flex-start" grow>
            <Select
              label={t('card.insurer')}
              required
              searchable
              data={(insurers.data?.items ?? []).map((i) => ({ value: i.id, label: i.name }))}
              value={insurerId}
              onChange={setInsurerId}
              error={errors.insurer}
            />
            <Checkbox
              mt={32}
              label={t('offers.quotes.declined')}
              checked={declined}
              onChange={(e) => setDeclined(e.currentTarget.checked)}
            />
          </Group>
          {declined ? (
            <Textarea
              label={t('offers.quotes.declineReason')}
              required
              value={reason}
              onChange={(e) => setReason(e.currentTarget.value)}
              error={errors.reason}
            />
          ) : (
            <>
              <TextInput
                label={t('card.product')}
                required
                value={product}
                onChange={(e) => setProduct(e.currentTarget.value)}
                error={errors.product}
              />
              <SimpleGrid cols={{ base: 1, sm: 3 }}>
                <TextInput
                  label={t('offers.quotes.premiumZl')}
                  required
                  inputMode="decimal"
                  value={premium}
                  onChange={(e) => setPremium(e.currentTarget.value)}
                  error={errors.premium}
                />
                <TextInput
                  label={t('offers.quotes.sumInsuredZl')}
                  required
                  inputMode="decimal"
                  value={sum}
                  onChange={(e) => setSum(e.currentTarget.value)}
                  error={errors.sum}
                />
                <TextInput
                  label={t('offers.quotes.deductibleZl')}
                  required
                  inputMode="decimal"
                  value={deductible}
                  onChange={(e) => setDeductible(e.currentTarget.value)}
                  error={errors.deductible}
                />
              </SimpleGrid>
              <Stack gap={6} role="group" aria-labelledby="quote-coverages">
                <Text fw={500} size="sm" id="quote-coverages">
                  {t('offers.quotes.coverages')}
                </Text>
                {errors.coverages && (
                  <Text c="red.9" size="sm" role="alert">
                    {errors.coverages}
                  </Text>
                )}
                {codes.map((code) => {
                  const on = code in limits;
                  return (
                    <Group key={code} align="flex-start" wrap="nowrap">
                      <Checkbox
                        w={220}
                        mt={8}
                        label={t(`coverages.${code}`)}
                        checked={on}
                        onChange={(e) => {
                          const checked = e.currentTarget.checked;
                          setLimits((l) => {
                            const copy = { ...l };
                            if (checked) copy[code] = '';
                            else delete copy[code];
                            return copy;
                          });
                        }}
                      />
                      {on && (
                        <TextInput
                          aria-label={t('offers.quotes.limitFor', { coverage: t(`coverages.${code}`) })}
                          placeholder={t('offers.quotes.limitZl')}
                          inputMode="decimal"
                          value={limits[code]}
                          onChange={(e) => {
                            const value = e.currentTarget.value;
                            setLimits((l) => ({ ...l, [code]: value }));
                          }}
                          error={errors[`limit.${code}`]}
                        />
                      )}
                    </Group>
                  );
                })}
              </Stack>
              <SimpleGrid cols={{ base: 1, sm: 2 }}>
                <DateField
                  label={t('offers.validUntil')}
                  required
                  clearable={false}
                  value={validUntil || null}
                  onChange={(value) => setValidUntil(value ?? '')}
                  error={errors.validUntil}
                />
                <TextInput
                  label={t('offers.quotes.commissionPercent')}
                  inputMode="decimal"
                  value={commission}
                  onChange={(e) => setCommission(e.currentTarget.value)}
                  error={errors.commission}
                />
              </SimpleGrid>
            </>
          )}
          <ErrorAlert error={add.error} />
          <Group>
            <Button type="submit" loading={add.isPending}>
              {t('offers.quotes.save')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Paper>
  );
}

function ShortfallBadges({ column }: { column: ComparisonColumn }) {
  const { t } = useTranslation();
  return (
    <Group gap={4}>
      {column.shortfalls.includes('declined') && (
        <Badge color="gray.8" variant="filled">
          {t('offers.badges.declined')}
        </Badge>
      )}
      {column.shortfalls.includes('expired') && (
        <Badge color="orange.9" variant="filled">
          {t('offers.badges.expired')}
        </Badge>
      )}
      {column.shortfalls.includes('missing_coverage') && (
        <Badge color="red.9" variant="filled">
          {t('offers.badges.noCover')}
        </Badge>
      )}
      {column.shortfalls.includes('premium_above_max') && (
        <Badge color="red.9" variant="filled">
          {t('offers.badges.overBudget')}
        </Badge>
      )}
    </Group>
  );
}

/** The API's comparison, side by side; it ranks, the broker chooses. */
function ComparisonTable({
  comparison,
  onChoose,
  chosen,
}: {
  comparison: Comparison;
  onChoose?: (quoteId: string) => void;
  chosen: string | null;
}) {
  const { t } = useTranslation();
  const cols = comparison.columns;
  const overBudget = (c: ComparisonColumn) => c.shortfalls.includes('premium_above_max');
  return (
    <Stack>
      <Text size="sm">
        {t('offers.comparison.asOf', { date: formatDate(comparison.asOf) })}{' '}
        {comparison.needs.maxPremium
          ? t('offers.comparison.budget', { amount: formatMoney(comparison.needs.maxPremium) })
          : ''}
      </Text>
      <Table.ScrollContainer minWidth={480}>
        <Table withTableBorder withColumnBorders data-testid="comparison">
          <Table.Thead>
            <Table.Tr>
              <Table.Th scope="col">{t('offers.comparison.row')}</Table.Th>
              {cols.map((c) => (
                <Table.Th scope="col" key={c.quoteId} data-quote={c.quoteId}>
                  <Stack gap={4}>
                    <Text fw={700}>{c.insurerName}</Text>
                    {c.productName && <Text size="sm">{c.productName}</Text>}
                    {comparison.cheapestMeetingNeeds === c.quoteId && (
                      <Badge color="teal.9" variant="filled" data-testid="cheapest">
                        {t('offers.badges.cheapest')}
                      </Badge>
                    )}
                    <ShortfallBadges column={c} />
                  </Stack>
                </Table.Th>
              ))}
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {comparison.rows.map((r) => (
              <Table.Tr key={r.code}>
                <Table.Th scope="row">
                  {t(`coverages.${r.code}`)}
                  {r.required && (
                    <Text span size="xs" fw={400}>
                      {' '}
                      ({t('offers.comparison.required')})
                    </Text>
                  )}
                </Table.Th>
                {cols.map((c) => {
                  const cell = r.cells.find((x) => x.quoteId === c.quoteId);
                  return (
                    <Table.Td key={c.quoteId}>
                      {cell?.limit ? (
                        formatMoney(cell.limit)
                      ) : c.status === 'declined' ? (
                        '—'
                      ) : r.required ? (
                        <Badge color="red.9" variant="outline">
                          {t('offers.badges.noCover')}
                        </Badge>
                      ) : (
                        <Text span size="sm">
                          {t('offers.comparison.notIncluded')}
                        </Text>
                      )}
                    </Table.Td>
                  );
                })}
              </Table.Tr>
            ))}
            <Table.Tr>
              <Table.Th scope="row">{t('card.premium')}</Table.Th>
              {cols.map((c) => (
                <Table.Td key={c.quoteId}>
                  {formatMoney(c.premium) || '—'}{' '}
                  {overBudget(c) && (
                    <Badge color="red.9" variant="outline">
                      {t('offers.badges.overBudget')}
                    </Badge>
                  )}
                </Table.Td>
              ))}
            </Table.Tr>
            <Table.Tr>
              <Table.Th scope="row">{t('offers.sumInsured')}</Table.Th>
              {cols.map((c) => (
                <Table.Td key={c.quoteId}>{formatMoney(c.sumInsured) || '—'}</Table.Td>
              ))}
            </Table.Tr>
            <Table.Tr>
              <Table.Th scope="row">{t('offers.deductible')}</Table.Th>
              {cols.map((c) => (
                <Table.Td key={c.quoteId}>{formatMoney(c.deductible) || '—'}</Table.Td>
              ))}
            </Table.Tr>
            <Table.Tr>
              <Table.Th scope="row">{t('offers.validUntil')}</Table.Th>
              {cols.map((c) => (
                <Table.Td key={c.quoteId}>
                  {c.status === 'declined' ? (
                    <Text span size="sm">
                      {t('offers.badges.declined')}: {c.declineReason}
                    </Text>
                  ) : (
                    <>
                      {formatDate(c.validUntil)}{' '}
                      {c.expired && (
                        <Badge color="orange.9" variant="outline">
                          {t('offers.badges.expired')}
                        </Badge>
                      )}
                    </>
                  )}
                </Table.Td>
              ))}
            </Table.Tr>
            {onChoose && (
              <Table.Tr className="no-print">
                <Table.Th scope="row">{t('offers.conclude.title')}</Table.Th>
                {cols.map((c) => (
                  <Table.Td key={c.quoteId}>
                    {c.status === 'offered' && !c.expired && (
                      <Button
                        size="xs"
                        variant={chosen === c.quoteId ? 'filled' : 'outline'}
                        aria-pressed={chosen === c.quoteId}
                        onClick={() => onChoose(c.quoteId)}
                      >
                        {t('offers.conclude.choose', { insurer: c.insurerName })}
                      </Button>
                    )}
                  </Table.Td>
                ))}
              </Table.Tr>
            )}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
    </Stack>
  );
}

function Conclude({
  request,
  column,
  comparison,
}: {
  request: OfferRequest;
  column: ComparisonColumn;
  comparison: Comparison;
}) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const { purpose } = useSession();
  const [policyNumber, setPolicyNumber] = useState('');
  const [startDate, setStartDate] = useState('');
  const [endDate, setEndDate] = useState('');
  const [recommendation, setRecommendation] = useState('');
  const [acknowledged, setAcknowledged] = useState(false);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const mismatch = column.shortfalls.filter((s) => s === 'missing_coverage' || s === 'premium_above_max');

  const conclude = useMutation({
    mutationFn: () =>
      unwrap(
        api.POST('/api/offer-requests/{id}/conclude', {
          params: { path: { id: request.id }, header: { 'X-Purpose': CONCLUSION_PURPOSE } },
          body: {
            quoteId: column.quoteId,
            policyNumber: policyNumber.trim(),
            startDate,
            endDate,
            recommendation: recommendation.trim(),
            ...(mismatch.length > 0 ? { acknowledgedMismatch: acknowledged } : {}),
          },
        }),
      ),
    onSuccess: async (contract) => {
      await queryClient.invalidateQueries();
      await navigate({ to: '/polisy/$contractId', params: { contractId: contract.id } });
    },
  });

  function submit(e: FormEvent) {
    e.preventDefault();
    const next: Record<string, string> = {};
    const required = t('form.required');
    if (!policyNumber.trim()) next.policyNumber = required;
    if (!startDate) next.startDate = required;
    if (!endDate) next.endDate = required;
    else if (startDate && endDate <= startDate) next.endDate = t('offers.conclude.endAfterStart');
    if (!recommendation.trim()) next.recommendation = required;
    if (mismatch.length > 0 && !acknowledged) next.acknowledged = t('offers.conclude.ackRequired');
    setErrors(next);
    if (Object.keys(next).length === 0) conclude.mutate();
  }

  const title = t('offers.conclude.titleFor', { insurer: column.insurerName });
  if (purpose !== CONCLUSION_PURPOSE)
    return (
      <Stack className="no-print">
        <Title order={2} size="h3">
          {title}
        </Title>
        <PurposeNeeded needed={CONCLUSION_PURPOSE} action={t('offers.conclude.title')} />
      </Stack>
    );

  const apiRefused =
    conclude.error instanceof ApiError && conclude.error.code === 'MISMATCH_NOT_ACKNOWLEDGED';
  return (
    <Paper withBorder p="md" component="section" aria-labelledby="conclude-title" className="no-print">
      <form onSubmit={submit} noValidate>
        <Stack>
          <Title order={2} size="h3" id="conclude-title">
            {title}
          </Title>
          {mismatch.length > 0 && (
            <Paper
              withBorder
              p="md"
              data-testid="mismatch"
              role="group"
              aria-labelledby="mismatch-title"
              style={{ borderColor: 'var(--mantine-color-red-9)', borderWidth: 2 }}
            >
              <Text id="mismatch-title" fw={700} c="red.9" mb="xs">
                {t('offers.conclude.mismatchTitle')}
              </Text>
              <List size="sm">
                {column.missingCoverages.length > 0 && (
                  <List.Item>
                    {t('offers.conclude.missing', {
                      coverages: column.missingCoverages.map((c) => t(`coverages.${c}`)).join(', '),
                    })}
                  </List.Item>
                )}
                {mismatch.includes('premium_above_max') && (
                  <List.Item>
                    {t('offers.conclude.overBudget', {
                      premium: formatMoney(column.premium),
                      max: formatMoney(comparison.needs.maxPremium),
                    })}
                  </List.Item>
                )}
              </List>
              <Checkbox
                mt="sm"
                label={t('offers.conclude.acknowledge')}
                checked={acknowledged}
                onChange={(e) => setAcknowledged(e.currentTarget.checked)}
                error={errors.acknowledged}
              />
            </Paper>
          )}
          <TextInput
            label={t('card.policyNumber')}
            required
            maxLength={64}
            value={policyNumber}
            onChange={(e) => setPolicyNumber(e.currentTarget.value)}
            error={errors.policyNumber}
          />
          <SimpleGrid cols={{ base: 1, sm: 2 }}>
            <DateField
              label={t('offers.conclude.startDate')}
              required
              clearable={false}
              value={startDate || null}
              onChange={(value) => setStartDate(value ?? '')}
              error={errors.startDate}
            />
            <DateField
              label={t('offers.conclude.endDate')}
              required
              clearable={false}
              value={endDate || null}
              onChange={(value) => setEndDate(value ?? '')}
              error={errors.endDate}
            />
          </SimpleGrid>
          <Textarea
            label={t('offers.conclude.recommendation')}
            description={t('offers.conclude.recommendationHint')}
            required
            autosize
            minRows={4}
            maxLength={8000}
            value={recommendation}
            onChange={(e) => setRecommendation(e.currentTarget.value)}
            error={errors.recommendation}
          />
          {!apiRefused && <ErrorAlert error={conclude.error} />}
          {apiRefused && (
            <Alert color="red" role="alert">
              {t('errors.MISMATCH_NOT_ACKNOWLEDGED')}
            </Alert>
          )}
          <Group>
            <Button type="submit" loading={conclude.isPending}>
              {t('offers.conclude.submit')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Paper>
  );
}
