import { Button, Paper, Select, Stack, Textarea, Title } from '@mantine/core';
import { useMutation } from '@tanstack/react-query';
import { useNavigate } from '@tanstack/react-router';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { api, unwrap } from '../api/client';
import { DateField } from '../components/DateField';
import { ErrorAlert } from '../components/ErrorAlert';
import { DSR_TYPES, headerFor, type DsrType } from './api';
import { ClientPicker } from './ClientPicker';

/** Registers a request a person made: whose, what kind, when it arrived (the month runs from then). */
export function NewRequestPage() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const [clientId, setClientId] = useState<string | null>(null);
  const [type, setType] = useState<DsrType>('access');
  const [receivedAt, setReceivedAt] = useState<string | null>(null);
  const [notes, setNotes] = useState('');
  const create = useMutation({
    mutationFn: () =>
      unwrap(
        api.POST('/api/data-subject-requests', {
          params: { header: headerFor<'data_subject_rights'>() },
          body: {
            clientId: clientId!,
            type,
            ...(receivedAt ? { receivedAt } : {}),
            ...(notes.trim() ? { notes: notes.trim() } : {}),
          },
        }),
      ),
    onSuccess: (created) => navigate({ to: '/wnioski/$requestId', params: { requestId: created.id } }),
  });
  function submit(event: FormEvent) {
    event.preventDefault();
    if (clientId) create.mutate();
  }
  return (
    <Stack maw={720}>
      <Title order={1}>{t('dsr.newTitle')}</Title>
      <ClientPicker value={clientId} onChange={setClientId} />
      <Paper withBorder p="md" component="form" onSubmit={submit}>
        <Stack>
          <Select
            label={t('dsr.type')}
            allowDeselect={false}
            data={DSR_TYPES.map((v) => ({ value: v, label: t(`dsrTypes.${v}`) }))}
            value={type}
            onChange={(v) => v && setType(v as DsrType)}
          />
          <DateField
            label={t('dsr.receivedAt')}
            description={t('dsr.receivedHint')}
            value={receivedAt}
            onChange={(v) => setReceivedAt(v as string | null)}
          />
          <Textarea label={t('dsr.notes')} value={notes} onChange={(e) => setNotes(e.currentTarget.value)} />
          <ErrorAlert error={create.error} />
          <Button type="submit" disabled={!clientId} loading={create.isPending}>
            {t('dsr.register')}
          </Button>
        </Stack>
      </Paper>
    </Stack>
  );
}
