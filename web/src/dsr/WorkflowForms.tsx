import { Button, Group, Paper, Select, Stack, Text, Textarea, TextInput, Title } from '@mantine/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { api, unwrap } from '../api/client';
import { DateField } from '../components/DateField';
import { ErrorAlert } from '../components/ErrorAlert';
import { headerFor, type DsrRequest } from './api';

/** One step of the workflow: a titled form whose answer (or the API's refusal) shows beneath it. */
function Step(props: {
  title: string;
  hint?: string;
  submit: string;
  onSubmit: () => void;
  pending: boolean;
  error: unknown;
  disabled?: boolean;
  children?: ReactNode;
  testId: string;
}) {
  function submit(event: FormEvent) {
    event.preventDefault();
    props.onSubmit();
  }
  return (
    <Paper withBorder p="md" component="form" onSubmit={submit} data-testid={props.testId}>
      <Stack gap="sm">
        <Title order={2} size="h3">
          {props.title}
        </Title>
        {props.hint && <Text size="sm">{props.hint}</Text>}
        {props.children}
        <ErrorAlert error={props.error} />
        <Group>
          <Button type="submit" loading={props.pending} disabled={props.disabled}>
            {props.submit}
          </Button>
        </Group>
      </Stack>
    </Paper>
  );
}

/** A change of the request: the page shows the request the API answers with. */
function useRequestChange<T>(request: DsrRequest, call: (body: T) => Promise<DsrRequest>) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: call,
    onSuccess: (next) => {
      queryClient.setQueryData(['dsr', 'request', request.id], next);
      void queryClient.invalidateQueries({ queryKey: ['dsr'] });
    },
  });
}

const path = (request: DsrRequest) => ({
  path: { id: request.id },
  header: headerFor<'data_subject_rights'>(),
});

const IDENTITY_METHODS = [
  'id_document_in_person',
  'trusted_profile',
  'qualified_signature',
  'known_contact_data',
];

export function VerifyIdentityForm({ request }: { request: DsrRequest }) {
  const { t } = useTranslation();
  const [method, setMethod] = useState(IDENTITY_METHODS[0]);
  const [notes, setNotes] = useState('');
  const verify = useRequestChange(request, () =>
    unwrap(
      api.POST('/api/data-subject-requests/{id}/verify-identity', {
        params: path(request),
        body: { method, ...(notes.trim() ? { notes: notes.trim() } : {}) },
      }),
    ),
  );
  return (
    <Step
      testId="step-identity"
      title={t('dsr.identityTitle')}
      hint={t('dsr.identityHint')}
      submit={t('dsr.verify')}
      onSubmit={() => verify.mutate(undefined)}
      pending={verify.isPending}
      error={verify.error}
    >
      <Select
        label={t('dsr.identityMethod')}
        allowDeselect={false}
        data={IDENTITY_METHODS.map((m) => ({ value: m, label: t(`dsr.identityMethods.${m}`) }))}
        value={method}
        onChange={(v) => v && setMethod(v)}
      />
      <Textarea label={t('dsr.notes')} value={notes} onChange={(e) => setNotes(e.currentTarget.value)} />
    </Step>
  );
}

export function ExtendForm({ request }: { request: DsrRequest }) {
  const { t } = useTranslation();
  const [reason, setReason] = useState('');
  const extend = useRequestChange(request, () =>
    unwrap(
      api.POST('/api/data-subject-requests/{id}/extend', {
        params: path(request),
        body: { reason: reason.trim() },
      }),
    ),
  );
  return (
    <Step
      testId="step-extend"
      title={t('dsr.extendTitle')}
      hint={t('dsr.extendHint')}
      submit={t('dsr.extend')}
      onSubmit={() => extend.mutate(undefined)}
      pending={extend.isPending}
      error={extend.error}
      disabled={reason.trim().length < 3}
    >
      <Textarea
        label={t('dsr.extendReason')}
        required
        value={reason}
        onChange={(e) => setReason(e.currentTarget.value)}
      />
    </Step>
  );
}

const DELIVERY = ['email', 'post', 'in_person', 'trusted_profile'] as const;

export function CompleteForm({ request }: { request: DsrRequest }) {
  const { t } = useTranslation();
  const [via, setVia] = useState<(typeof DELIVERY)[number]>('email');
  const [on, setOn] = useState<string | null>(null);
  const complete = useRequestChange(request, () =>
    unwrap(
      api.POST('/api/data-subject-requests/{id}/complete', {
        params: path(request),
        // A day without an hour: noon in Warsaw, so the day is the one chosen in any time zone.
        body: { deliveredVia: via, ...(on ? { deliveredAt: `${on}T10:00:00Z` } : {}) },
      }),
    ),
  );
  return (
    <Step
      testId="step-complete"
      title={t('dsr.completeTitle')}
      hint={t('dsr.completeHint')}
      submit={t('dsr.complete')}
      onSubmit={() => complete.mutate(undefined)}
      pending={complete.isPending}
      error={complete.error}
    >
      <Select
        label={t('dsr.deliveredVia')}
        allowDeselect={false}
        data={DELIVERY.map((d) => ({ value: d, label: t(`dsr.delivery.${d}`) }))}
        value={via}
        onChange={(v) => v && setVia(v as (typeof DELIVERY)[number])}
      />
      <DateField
        label={t('dsr.deliveredOn')}
        description={t('dsr.deliveredOnHint')}
        value={on}
        onChange={(v) => setOn(v as string | null)}
      />
    </Step>
  );
}

const RECTIFIABLE = ['firstName', 'lastName', 'email', 'phone'] as const;

export function ExecuteForm({ request }: { request: DsrRequest }) {
  const { t } = useTranslation();
  const [changes, setChanges] = useState<Record<string, string>>({});
  const rectification = request.type === 'rectification';
  const filled = Object.fromEntries(Object.entries(changes).filter(([, v]) => v.trim() !== ''));
  const execute = useRequestChange(request, () =>
    unwrap(
      api.POST('/api/data-subject-requests/{id}/execute', {
        params: path(request),
        body: rectification ? { changes: filled } : {},
      }),
    ),
  );
  return (
    <Step
      testId="step-execute"
      title={t('dsr.executeTitle')}
      hint={t(`dsr.executeHint.${request.type}`, { defaultValue: '' }) || undefined}
      submit={t('dsr.execute')}
      onSubmit={() => execute.mutate(undefined)}
      pending={execute.isPending}
      error={execute.error}
      disabled={rectification && Object.keys(filled).length === 0}
    >
      {rectification &&
        RECTIFIABLE.map((field) => (
          <TextInput
            key={field}
            label={t(`clients.${field}`)}
            value={changes[field] ?? ''}
            onChange={(e) => {
              const value = e.currentTarget.value;
              setChanges((c) => ({ ...c, [field]: value }));
            }}
          />
        ))}
    </Step>
  );
}

export function RejectForm({ request }: { request: DsrRequest }) {
  const { t } = useTranslation();
  const [reason, setReason] = useState('');
  const reject = useRequestChange(request, () =>
    unwrap(
      api.POST('/api/data-subject-requests/{id}/reject', {
        params: path(request),
        body: { reason: reason.trim() },
      }),
    ),
  );
  return (
    <Step
      testId="step-reject"
      title={t('dsr.rejectTitle')}
      hint={t('dsr.rejectHint')}
      submit={t('dsr.reject')}
      onSubmit={() => reject.mutate(undefined)}
      pending={reject.isPending}
      error={reject.error}
      disabled={reason.trim().length < 3}
    >
      <Textarea
        label={t('dsr.rejectReason')}
        required
        value={reason}
        onChange={(e) => setReason(e.currentTarget.value)}
      />
    </Step>
  );
}
