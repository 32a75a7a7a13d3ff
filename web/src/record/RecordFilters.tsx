import { Button, Card, Group, Select, SimpleGrid, Stack, TextInput, Title } from '@mantine/core';
import { type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { Purpose } from '../api/session';
import { DateField } from '../components/DateField';
import type { RecordActor, RecordFilter } from './record-api';
import { nextDay, warsawMidnight } from './record-api';

/** The purposes of the registry, in the order the purpose page shows them. */
const PURPOSES: Purpose[] = [
  'offer_preparation',
  'contract_performance',
  'claims',
  'marketing',
  'renewal_reminders',
  'client_contact',
  'legal_obligation',
  'security_audit',
  'data_subject_rights',
  'insurer_mandate',
];

/** The operations the record names (its vocabulary), as the filter offers them. */
export const RECORD_ACTIONS = [
  'read',
  'list',
  'create',
  'update',
  'delete',
  'export',
  'disclose',
  'send',
  'skip',
  'erase',
  'restrict',
  'review',
  'sign_in',
  'sign_out',
  'break_glass',
  'lookup',
] as const;

/** What the form holds: calendar days (Warsaw) instead of instants. */
export interface FilterDraft {
  actorId: string | null;
  clientId: string;
  purpose: Purpose | null;
  action: string | null;
  outcome: 'allowed' | 'denied' | null;
  fromDay: string | null;
  toDay: string | null;
}

export const EMPTY_DRAFT: FilterDraft = {
  actorId: null,
  clientId: '',
  purpose: null,
  action: null,
  outcome: null,
  fromDay: null,
  toDay: null,
};

/** The API's filter from the form: days become Warsaw midnights, the last day counted whole. */
export function toRecordFilter(draft: FilterDraft): RecordFilter {
  const filter: RecordFilter = {};
  if (draft.actorId) filter.actorId = draft.actorId;
  if (draft.clientId.trim()) filter.clientId = draft.clientId.trim();
  if (draft.purpose) filter.purpose = draft.purpose;
  if (draft.action) filter.action = draft.action;
  if (draft.outcome) filter.outcome = draft.outcome;
  if (draft.fromDay) filter.from = warsawMidnight(draft.fromDay);
  if (draft.toDay) filter.to = warsawMidnight(nextDay(draft.toDay));
  return filter;
}

interface RecordFiltersProps {
  draft: FilterDraft;
  onChange: (draft: FilterDraft) => void;
  onApply: () => void;
  onClear: () => void;
  actors: RecordActor[];
}

export function RecordFilters({ draft, onChange, onApply, onClear, actors }: RecordFiltersProps) {
  const { t } = useTranslation();
  const set = <K extends keyof FilterDraft>(key: K, value: FilterDraft[K]) =>
    onChange({ ...draft, [key]: value });

  function submit(event: FormEvent) {
    event.preventDefault();
    onApply();
  }

  return (
    <Card withBorder padding="md" component="section" aria-labelledby="record-filters-title">
      <form onSubmit={submit}>
        <Stack gap="sm">
          <Title order={2} size="h4" id="record-filters-title">
            {t('record.filters.title')}
          </Title>
          <SimpleGrid cols={{ base: 1, sm: 2, lg: 4 }}>
            <Select
              label={t('record.filters.actor')}
              placeholder={t('record.filters.anyActor')}
              data={actors.map((a) => ({
                value: a.id,
                label: `${a.active ? a.fullName : t('record.filters.inactive', { name: a.fullName })} · ${t(`roles.${a.role}`)}`,
              }))}
              value={draft.actorId}
              onChange={(value) => set('actorId', value)}
              searchable
              clearable
            />
            <TextInput
              label={t('record.filters.client')}
              description={t('record.filters.clientHint')}
              value={draft.clientId}
              onChange={(e) => set('clientId', e.currentTarget.value)}
              autoComplete="off"
            />
            <Select
              label={t('record.filters.purpose')}
              placeholder={t('record.filters.anyPurpose')}
              data={PURPOSES.map((p) => ({ value: p, label: t(`purposes.${p}`) }))}
              value={draft.purpose}
              onChange={(value) => set('purpose', value as Purpose | null)}
              clearable
            />
            <Select
              label={t('record.filters.action')}
              placeholder={t('record.filters.anyAction')}
              data={RECORD_ACTIONS.map((a) => ({ value: a, label: t(`record.actions.${a}`) }))}
              value={draft.action}
              onChange={(value) => set('action', value)}
              clearable
            />
            <Select
              label={t('record.filters.outcome')}
              placeholder={t('record.filters.anyOutcome')}
              data={(['allowed', 'denied'] as const).map((o) => ({
                value: o,
                label: t(`record.outcomes.${o}`),
              }))}
              value={draft.outcome}
              onChange={(value) => set('outcome', value as FilterDraft['outcome'])}
              clearable
            />
            <DateField
              label={t('record.filters.from')}
              value={draft.fromDay}
              onChange={(value) => set('fromDay', value)}
            />
            <DateField
              label={t('record.filters.to')}
              value={draft.toDay}
              onChange={(value) => set('toDay', value)}
            />
          </SimpleGrid>
          <Group>
            <Button type="submit">{t('record.filters.apply')}</Button>
            <Button variant="subtle" onClick={onClear}>
              {t('record.filters.clear')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Card>
  );
}
