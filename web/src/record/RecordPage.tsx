import { Alert, Button, Group, Stack, Text, Title } from '@mantine/core';
import { useMutation } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ErrorAlert } from '../components/ErrorAlert';
import { PagedTable, useCursorPages, type Column } from '../components/PagedTable';
import { formatDateTime } from '../lib/format';
import { AnomaliesPanel } from './AnomaliesPanel';
import { ClientLookup } from './ClientLookup';
import { EntryDetail, OutcomeBadge } from './EntryDetail';
import { IntegrityCheck } from './IntegrityCheck';
import { actionLabel, actorLabel, purposeLabel, resourceLabel } from './labels';
import {
  downloadRecordCsv,
  useRecordActors,
  useRecordPage,
  useReviewsRecord,
  warsawDay,
  type RecordEntry,
  type RecordFilter,
} from './record-api';
import { EMPTY_DRAFT, RecordFilters, toRecordFilter, type FilterDraft } from './RecordFilters';

/**
 * "Rejestr operacji" (managers and the DPO, purpose security_audit): who did what with personal
 * data, by name; filters, an entry's detail, CSV, the integrity check and anomalies, and a client
 * found by name or PESEL to filter by. Filters live in the page, not in the address.
 */
export function RecordPage() {
  const { t } = useTranslation();
  const reviews = useReviewsRecord();
  const [draft, setDraft] = useState<FilterDraft>(EMPTY_DRAFT);
  const [applied, setApplied] = useState<RecordFilter>({});
  const [selected, setSelected] = useState<RecordEntry | null>(null);
  const pages = useCursorPages();
  const entries = useRecordPage(applied, pages.cursor, reviews);
  const actors = useRecordActors(reviews);
  const csv = useMutation({ mutationFn: downloadRecordCsv });

  function apply(filter: RecordFilter) {
    setApplied(filter);
    pages.reset();
    csv.reset();
  }

  function filterByClient(clientId: string) {
    const next = { ...draft, clientId };
    setDraft(next);
    setSelected(null);
    apply(toRecordFilter(next));
  }

  function showFinding(filter: RecordFilter) {
    setDraft({
      ...EMPTY_DRAFT,
      actorId: filter.actorId ?? null,
      action: filter.action ?? null,
      outcome: filter.outcome ?? null,
      fromDay: filter.from ? warsawDay(filter.from) : null,
      toDay: filter.to ? warsawDay(filter.to) : null,
    });
    apply(filter);
  }

  if (!reviews) {
    return (
      <Stack>
        <Title order={1}>{t('record.title')}</Title>
        <Alert color="orange" role="alert">
          {t('record.notAllowed')}
        </Alert>
      </Stack>
    );
  }

  const columns: Column<RecordEntry>[] = [
    {
      key: 'at',
      header: t('record.table.at'),
      cell: (e) => <span data-entry-id={e.id}>{formatDateTime(e.at)}</span>,
    },
    { key: 'actor', header: t('record.table.actor'), cell: (e) => actorLabel(t, e) },
    { key: 'purpose', header: t('record.table.purpose'), cell: (e) => purposeLabel(t, e.purpose) },
    { key: 'action', header: t('record.table.action'), cell: (e) => actionLabel(t, e.action) },
    { key: 'resource', header: t('record.table.resource'), cell: (e) => resourceLabel(t, e.resource) },
    {
      key: 'client',
      header: t('record.table.client'),
      cell: (e) =>
        e.clientId ? (
          <Text span ff="monospace" size="sm" title={e.clientIds.join(', ')}>
            {e.clientId.slice(0, 8)}
            {e.clientIds.length > 1
              ? ` ${t('record.table.moreClients', { count: e.clientIds.length - 1 })}`
              : ''}
          </Text>
        ) : (
          t('record.table.noClient')
        ),
    },
    { key: 'fields', header: t('record.table.fields'), cell: (e) => e.fields.join(', ') },
    { key: 'outcome', header: t('record.table.outcome'), cell: (e) => <OutcomeBadge outcome={e.outcome} /> },
    {
      key: 'detail',
      header: t('record.table.detail'),
      cell: (e) => (
        <Button
          size="xs"
          variant="subtle"
          onClick={() => setSelected(e)}
          aria-label={t('record.table.detailLabel', { id: e.id })}
        >
          {t('record.table.detail')}
        </Button>
      ),
    },
  ];

  return (
    <Stack>
      <Title order={1}>{t('record.title')}</Title>
      <Text>{t('record.intro')}</Text>
      <ClientLookup onChoose={filterByClient} />
      <ErrorAlert error={actors.error} />
      <RecordFilters
        draft={draft}
        onChange={setDraft}
        onApply={() => apply(toRecordFilter(draft))}
        onClear={() => {
          setDraft(EMPTY_DRAFT);
          apply({});
        }}
        actors={actors.data?.items ?? []}
      />
      <Group align="flex-start">
        <Button variant="outline" onClick={() => csv.mutate(applied)} loading={csv.isPending}>
          {t('record.csv')}
        </Button>
        <IntegrityCheck />
      </Group>
      <ErrorAlert error={csv.error} />
      {csv.data && <Text role="status">{t('record.csvDone', { file: csv.data })}</Text>}
      <PagedTable
        query={entries}
        pages={pages}
        columns={columns}
        rowKey={(e) => e.id}
        empty={t('record.table.empty')}
        testId="record-entries"
      />
      <AnomaliesPanel range={{ from: applied.from, to: applied.to }} onShow={showFinding} />
      <EntryDetail entry={selected} onClose={() => setSelected(null)} onFilterClient={filterByClient} />
    </Stack>
  );
}
