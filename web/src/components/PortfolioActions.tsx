import { Alert, Button, Modal, NumberInput, Select, Stack, Group, Textarea } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, useSyncExternalStore, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { api, purposeHeader, unwrap } from '../api/client';
import { formatTime } from '../lib/format';
import { ErrorAlert } from './ErrorAlert';

type BreakGlassPurpose = 'offer_preparation' | 'contract_performance' | 'client_contact' | 'claims';

/**
 * Emergency access granted in this tab: client id → when it ends. Kept in memory only (never in the
 * address or storage); the API decides what the access allows, this only shows the banner.
 */
const openedUntil = new Map<string, string>();
const listeners = new Set<() => void>();
const breakGlassStore = {
  subscribe(listener: () => void) {
    listeners.add(listener);
    return () => listeners.delete(listener);
  },
  set(clientId: string, expiresAt: string) {
    openedUntil.set(clientId, expiresAt);
    for (const l of listeners) l();
  },
};

export function useBreakGlassUntil(clientId: string): string | null {
  const until = useSyncExternalStore(breakGlassStore.subscribe, () => openedUntil.get(clientId) ?? null);
  return until && new Date(until).getTime() > Date.now() ? until : null;
}

/** The visible notice that the card is open by emergency access, and until when. */
export function BreakGlassBanner({ clientId }: { clientId: string }) {
  const { t } = useTranslation();
  const until = useBreakGlassUntil(clientId);
  if (!until) return null;
  return (
    <Alert color="red" variant="filled" role="status" data-testid="break-glass-banner">
      {t('portfolio.breakGlassBanner', { time: formatTime(until) })}
    </Alert>
  );
}

/** A broker opens a client outside the portfolio for a while, with a reason that managers review. */
export function BreakGlassButton({ clientId }: { clientId: string }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const [opened, dialog] = useDisclosure(false);
  const [reason, setReason] = useState('');
  const [minutes, setMinutes] = useState<number | string>(60);
  const open = useMutation({
    mutationFn: () =>
      unwrap(
        api.POST('/api/clients/{id}/break-glass', {
          params: {
            path: { id: clientId },
            header: purposeHeader() as { 'X-Purpose': BreakGlassPurpose },
          },
          body: { reason: reason.trim(), minutes: Number(minutes) || 60 },
        }),
      ),
    onSuccess: async (granted) => {
      breakGlassStore.set(clientId, granted.expiresAt);
      dialog.close();
      await queryClient.invalidateQueries({ queryKey: ['clients'] });
    },
  });

  function submit(e: FormEvent) {
    e.preventDefault();
    open.mutate();
  }

  return (
    <>
      <Button color="red.9" onClick={dialog.open}>
        {t('portfolio.breakGlass')}
      </Button>
      <Modal
        opened={opened}
        onClose={dialog.close}
        title={t('portfolio.breakGlassTitle')}
        closeButtonProps={{ 'aria-label': t('app.close') }}
      >
        <form onSubmit={submit}>
          <Stack>
            <Alert color="red" variant="light">
              {t('portfolio.breakGlassWarning')}
            </Alert>
            <Textarea
              label={t('portfolio.reason')}
              required
              autosize
              minRows={3}
              value={reason}
              onChange={(e) => setReason(e.currentTarget.value)}
            />
            <NumberInput
              label={t('portfolio.minutes')}
              required
              min={1}
              max={480}
              value={minutes}
              onChange={setMinutes}
            />
            <ErrorAlert error={open.error} />
            <Group justify="flex-end">
              <Button variant="subtle" onClick={dialog.close}>
                {t('portfolio.cancel')}
              </Button>
              <Button type="submit" color="red.9" loading={open.isPending} disabled={!reason.trim()}>
                {t('portfolio.breakGlassConfirm')}
              </Button>
            </Group>
          </Stack>
        </form>
      </Modal>
    </>
  );
}

/** An administrator or manager moves the client to another team's portfolio, with a reason. */
export function TransferButton({ clientId, teamId }: { clientId: string; teamId?: string | null }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const [opened, dialog] = useDisclosure(false);
  const [team, setTeam] = useState<string | null>(null);
  const [reason, setReason] = useState('');
  const [done, setDone] = useState<string | null>(null);
  const teams = useQuery({
    queryKey: ['teams'],
    queryFn: () => unwrap(api.GET('/api/teams')),
    enabled: opened,
  });
  const transfer = useMutation({
    // The transfer declares no purpose: it moves the client, it reads no personal data.
    mutationFn: () =>
      unwrap(
        api.POST('/api/clients/{id}/transfer', {
          params: { path: { id: clientId } },
          body: { teamId: team!, reason: reason.trim() },
        }),
      ),
    onSuccess: async (moved) => {
      dialog.close();
      setReason('');
      setDone(teams.data?.items.find((x) => x.id === moved.teamId)?.name ?? moved.teamId);
      await queryClient.invalidateQueries({ queryKey: ['clients'] });
    },
  });

  function submit(e: FormEvent) {
    e.preventDefault();
    transfer.mutate();
  }

  return (
    <>
      <Button variant="outline" onClick={dialog.open}>
        {t('portfolio.transfer')}
      </Button>
      {done && (
        <Alert color="teal" role="status" data-testid="transfer-done">
          {t('portfolio.transferred', { team: done })}
        </Alert>
      )}
      <Modal
        opened={opened}
        onClose={dialog.close}
        title={t('portfolio.transferTitle')}
        closeButtonProps={{ 'aria-label': t('app.close') }}
      >
        <form onSubmit={submit}>
          <Stack>
            <ErrorAlert error={teams.error} />
            <Select
              label={t('portfolio.team')}
              required
              value={team}
              onChange={setTeam}
              data={(teams.data?.items ?? [])
                .filter((x) => x.id !== teamId)
                .map((x) => ({ value: x.id, label: x.name }))}
            />
            <Textarea
              label={t('portfolio.reason')}
              required
              autosize
              minRows={3}
              value={reason}
              onChange={(e) => setReason(e.currentTarget.value)}
            />
            <ErrorAlert error={transfer.error} />
            <Group justify="flex-end">
              <Button variant="subtle" onClick={dialog.close}>
                {t('portfolio.cancel')}
              </Button>
              <Button type="submit" loading={transfer.isPending} disabled={!team || !reason.trim()}>
                {t('portfolio.transferConfirm')}
              </Button>
            </Group>
          </Stack>
        </form>
      </Modal>
    </>
  );
}
