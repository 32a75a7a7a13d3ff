import {
  Badge,
  Button,
  Group,
  NativeSelect,
  Paper,
  Stack,
  Text,
  TextInput,
  Textarea,
  Title,
} from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { api, getJson, unwrap } from '../api/client';
import { useSession } from '../api/hooks';
import type { Page } from '../api/types';
import { DateField } from '../components/DateField';
import { ErrorAlert } from '../components/ErrorAlert';
import { AnchorLink } from '../components/links';
import { formatDate, formatDateTime } from '../lib/format';
import { localNow, serviceHeader, useServiceAccess, type Activity, type Claim, type Task } from './access';

type Entry =
  | { kind: 'activity'; at: string; item: Activity }
  | { kind: 'task'; at: string; item: Task }
  | { kind: 'claim'; at: string; item: Claim };

/**
 * "Kontakty" on the client card: the client's timeline under the current purpose — calls, meetings
 * and notes, with the client's tasks and claims where the purpose reads them — newest first, and
 * forms to record a contact and to set a task.
 */
export function TimelineTab({ clientId }: { clientId: string }) {
  const { t } = useTranslation();
  const { purpose } = useSession();
  const access = useServiceAccess();
  const activities = useQuery({
    queryKey: ['activities', purpose, clientId],
    queryFn: () => getJson<Page<Activity>>(`/api/clients/${clientId}/activities`, { limit: '100' }),
    enabled: access.readsActivities,
  });
  const tasks = useQuery({
    queryKey: ['tasks', purpose, 'client', clientId],
    queryFn: () => getJson<Page<Task>>('/api/tasks', { clientId, limit: '100' }),
    enabled: access.readsTasks,
  });
  const claims = useQuery({
    queryKey: ['claims', purpose, 'client', clientId, 'timeline'],
    queryFn: () => getJson<Page<Claim>>('/api/claims', { clientId, limit: '100' }),
    enabled: access.readsClaims,
  });
  if (!access.readsActivities) return <Text>{t('service.timeline.notInPurpose')}</Text>;
  const entries: Entry[] = [
    ...(activities.data?.items ?? []).map((item) => ({
      kind: 'activity' as const,
      at: item.at ?? item.createdAt,
      item,
    })),
    ...(tasks.data?.items ?? []).map((item) => ({ kind: 'task' as const, at: item.createdAt, item })),
    ...(claims.data?.items ?? []).map((item) => ({ kind: 'claim' as const, at: item.createdAt, item })),
  ].sort((a, b) => (a.at < b.at ? 1 : a.at > b.at ? -1 : 0));
  return (
    <Stack>
      <ErrorAlert error={activities.error ?? tasks.error ?? claims.error} />
      {activities.data && entries.length === 0 && <Text>{t('service.timeline.none')}</Text>}
      {entries.length > 0 && (
        <Stack component="ol" gap="xs" data-testid="timeline" style={{ listStyle: 'none', padding: 0 }}>
          {entries.map((e) => (
            <Paper component="li" withBorder p="sm" key={`${e.kind}-${e.item.id}`}>
              <Group gap="xs">
                <Badge color="indigo.9" variant="outline">
                  {e.kind === 'activity'
                    ? t(`service.timeline.kinds.${e.item.kind}`)
                    : e.kind === 'task'
                      ? t('service.timeline.task')
                      : t('service.timeline.claim')}
                </Badge>
                <Text size="sm" c="dimmed">
                  {formatDateTime(e.at)}
                </Text>
              </Group>
              {e.kind === 'activity' && <Text>{e.item.summary ?? t('service.notVisible')}</Text>}
              {e.kind === 'task' && (
                <Text>
                  {e.item.title ?? t('service.notVisible')} ({t(`service.tasks.statuses.${e.item.status}`)}
                  {e.item.dueDate ? `, ${t('service.tasks.dueDate')}: ${formatDate(e.item.dueDate)}` : ''})
                </Text>
              )}
              {e.kind === 'claim' && (
                <AnchorLink to="/szkody/$claimId" params={{ claimId: e.item.id }}>
                  {t('service.timeline.claimOf', {
                    date: formatDate(e.item.dateOfLoss),
                    status: t(`service.claims.status.${e.item.status}`),
                  })}
                </AnchorLink>
              )}
            </Paper>
          ))}
        </Stack>
      )}
      {access.writesActivities && <AddActivity clientId={clientId} />}
      {access.writesTasks && <AddTask clientId={clientId} />}
    </Stack>
  );
}

function AddActivity({ clientId }: { clientId: string }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const [kind, setKind] = useState<'call' | 'meeting' | 'note'>('call');
  const [at, setAt] = useState(localNow());
  const [summary, setSummary] = useState('');
  const [error, setError] = useState<string | null>(null);
  const add = useMutation({
    mutationFn: (body: { kind: 'call' | 'meeting' | 'note'; at: string; summary: string }) =>
      unwrap(
        api.POST('/api/clients/{id}/activities', {
          params: { path: { id: clientId }, header: serviceHeader() },
          body,
        }),
      ),
    onSuccess: () => {
      setSummary('');
      void queryClient.invalidateQueries({ queryKey: ['activities'] });
    },
  });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    const when = new Date(at);
    if (!summary.trim() || Number.isNaN(when.getTime())) {
      setError(t('form.required'));
      return;
    }
    setError(null);
    add.mutate({ kind, at: when.toISOString(), summary: summary.trim() });
  };
  return (
    <Paper withBorder p="md" component="section" aria-labelledby="add-activity-title">
      <form onSubmit={submit} noValidate>
        <Stack>
          <Title order={2} size="h3" id="add-activity-title">
            {t('service.timeline.add')}
          </Title>
          <NativeSelect
            label={t('service.timeline.kind')}
            value={kind}
            onChange={(e) => setKind(e.currentTarget.value as typeof kind)}
            data={(['call', 'meeting', 'note'] as const).map((k) => ({
              value: k,
              label: t(`service.timeline.kinds.${k}`),
            }))}
          />
          <TextInput
            type="datetime-local"
            label={t('service.timeline.at')}
            value={at}
            onChange={(e) => setAt(e.currentTarget.value)}
          />
          <Textarea
            label={t('service.timeline.summary')}
            value={summary}
            onChange={(e) => setSummary(e.currentTarget.value)}
            error={error}
            required
          />
          <ErrorAlert error={add.error} />
          <Button type="submit" loading={add.isPending}>
            {t('service.timeline.save')}
          </Button>
        </Stack>
      </form>
    </Paper>
  );
}

function AddTask({ clientId }: { clientId: string }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const [title, setTitle] = useState('');
  const [dueDate, setDueDate] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const add = useMutation({
    mutationFn: (body: { clientId: string; title: string; dueDate?: string }) =>
      unwrap(api.POST('/api/tasks', { params: { header: serviceHeader() }, body })),
    onSuccess: () => {
      setTitle('');
      setDueDate(null);
      void queryClient.invalidateQueries({ queryKey: ['tasks'] });
    },
  });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (!title.trim()) {
      setError(t('form.required'));
      return;
    }
    setError(null);
    add.mutate({ clientId, title: title.trim(), dueDate: dueDate ?? undefined });
  };
  return (
    <Paper withBorder p="md" component="section" aria-labelledby="add-task-title">
      <form onSubmit={submit} noValidate>
        <Stack>
          <Title order={2} size="h3" id="add-task-title">
            {t('service.tasks.add')}
          </Title>
          <TextInput
            label={t('service.tasks.task')}
            value={title}
            onChange={(e) => setTitle(e.currentTarget.value)}
            error={error}
            required
          />
          <DateField label={t('service.tasks.dueDate')} value={dueDate} onChange={(v) => setDueDate(v)} />
          <ErrorAlert error={add.error} />
          <Button type="submit" loading={add.isPending}>
            {t('service.tasks.add')}
          </Button>
        </Stack>
      </form>
    </Paper>
  );
}
