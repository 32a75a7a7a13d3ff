import { Badge, Button, Group, Paper, Stack, Table, Text, Textarea, TextInput, Title } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { api, unwrap } from '../api/client';
import { useSession } from '../api/hooks';
import { ErrorAlert } from '../components/ErrorAlert';
import { PAGE_SIZE, PagedTable, useCursorPages } from '../components/PagedTable';
import { formatDateTime } from '../lib/format';
import { PurposeNeeded } from '../offers/PurposeNeeded';
import { headerFor, type LegalHold } from './api';
import { ClientName } from './ClientName';
import { ClientPicker } from './ClientPicker';

/** A client's holds, active and released, with the release of an active one. */
function HoldsOfClient({ clientId, manages }: { clientId: string; manages: boolean }) {
  const { t } = useTranslation();
  const { purpose } = useSession();
  const holds = useQuery({
    queryKey: ['holds', purpose, clientId],
    queryFn: () =>
      unwrap(
        api.GET('/api/clients/{id}/legal-holds', {
          params: { path: { id: clientId }, header: headerFor<'claims' | 'data_subject_rights'>() },
        }),
      ),
  });
  const items: LegalHold[] = holds.data?.items ?? [];
  return (
    <Stack gap="xs">
      <ErrorAlert error={holds.error} />
      {holds.data && items.length === 0 && <Text>{t('holds.none')}</Text>}
      {items.length > 0 && (
        <Table withTableBorder data-testid="legal-holds">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{t('holds.reason')}</Table.Th>
              <Table.Th>{t('holds.placedAt')}</Table.Th>
              <Table.Th>{t('holds.state')}</Table.Th>
              {manages && <Table.Th>{t('holds.action')}</Table.Th>}
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {items.map((h) => (
              <Table.Tr key={h.id}>
                <Table.Td>{h.reason}</Table.Td>
                <Table.Td>{formatDateTime(h.placedAt)}</Table.Td>
                <Table.Td>
                  {h.active ? (
                    <Badge color="red.9" variant="filled">
                      {t('holds.active')}
                    </Badge>
                  ) : (
                    <>
                      {t('holds.releasedAt', { at: formatDateTime(h.releasedAt) })}
                      {h.releaseReason && (
                        <Text size="sm">{t('holds.releasedBecause', { reason: h.releaseReason })}</Text>
                      )}
                    </>
                  )}
                </Table.Td>
                {manages && <Table.Td>{h.active && <ReleaseHold clientId={clientId} hold={h} />}</Table.Td>}
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
    </Stack>
  );
}

/** The holds in force of every client the session sees, newest first; "Pokaż" opens one person's below. */
function ActiveHolds({ onOpen }: { onOpen: (clientId: string) => void }) {
  const { t } = useTranslation();
  const { purpose } = useSession();
  const pages = useCursorPages();
  const holds = useQuery({
    queryKey: ['holds', purpose, 'active', pages.cursor],
    queryFn: () =>
      unwrap(
        api.GET('/api/legal-holds', {
          params: {
            query: { limit: PAGE_SIZE, cursor: pages.cursor },
            header: headerFor<'claims' | 'data_subject_rights'>(),
          },
        }),
      ),
  });
  return (
    <Stack gap="xs">
      <Title order={2} size="h3">
        {t('holds.activeTitle')}
      </Title>
      <Text size="sm">{t('holds.activeHint')}</Text>
      <PagedTable<LegalHold>
        query={holds}
        pages={pages}
        rowKey={(h) => h.id}
        empty={t('holds.noneActive')}
        testId="legal-holds-active"
        columns={[
          { key: 'client', header: t('holds.client'), cell: (h) => <ClientName clientId={h.clientId} /> },
          { key: 'reason', header: t('holds.reason'), cell: (h) => h.reason },
          { key: 'placedAt', header: t('holds.placedAt'), cell: (h) => formatDateTime(h.placedAt) },
          {
            key: 'open',
            header: t('holds.action'),
            cell: (h) => (
              <Button size="xs" variant="outline" onClick={() => onOpen(h.clientId)}>
                {t('holds.open')}
              </Button>
            ),
          },
        ]}
      />
    </Stack>
  );
}

/** Releases an active hold, saying why the data no longer needs keeping for the claim. */
function ReleaseHold({ clientId, hold }: { clientId: string; hold: LegalHold }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const [reason, setReason] = useState('');
  const release = useMutation({
    mutationFn: () =>
      unwrap(
        api.DELETE('/api/clients/{id}/legal-holds/{holdId}', {
          params: { path: { id: clientId, holdId: hold.id }, header: headerFor<'claims'>() },
          body: { reason: reason.trim() },
        }),
      ),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ['holds'] }),
  });
  function submit(event: FormEvent) {
    event.preventDefault();
    release.mutate();
  }
  return (
    <form onSubmit={submit}>
      <Stack gap={4}>
        <TextInput
          size="xs"
          label={t('holds.releaseReason')}
          required
          value={reason}
          onChange={(e) => setReason(e.currentTarget.value)}
        />
        <ErrorAlert error={release.error} />
        <Button
          type="submit"
          size="xs"
          variant="outline"
          loading={release.isPending}
          disabled={reason.trim().length < 3}
        >
          {t('holds.release')}
        </Button>
      </Stack>
    </form>
  );
}

function PlaceHold({ clientId }: { clientId: string }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const [reason, setReason] = useState('');
  const place = useMutation({
    mutationFn: () =>
      unwrap(
        api.POST('/api/clients/{id}/legal-holds', {
          params: { path: { id: clientId }, header: headerFor<'claims'>() },
          body: { reason: reason.trim() },
        }),
      ),
    onSuccess: () => {
      setReason('');
      void queryClient.invalidateQueries({ queryKey: ['holds'] });
    },
  });
  function submit(event: FormEvent) {
    event.preventDefault();
    place.mutate();
  }
  return (
    <Paper withBorder p="md" component="form" onSubmit={submit}>
      <Stack gap="sm">
        <Title order={3} size="h4">
          {t('holds.place')}
        </Title>
        <Textarea
          label={t('holds.reason')}
          description={t('holds.reasonHint')}
          required
          value={reason}
          onChange={(e) => setReason(e.currentTarget.value)}
        />
        <ErrorAlert error={place.error} />
        <Group>
          <Button type="submit" loading={place.isPending} disabled={reason.trim().length < 3}>
            {t('holds.placeSubmit')}
          </Button>
        </Group>
      </Stack>
    </Paper>
  );
}

/**
 * "Zatrzymania prawne": the holds in force, then one client's holds for claims. Placing and releasing is work under the
 * purpose "claims"; under the handling of requests the holds are shown only.
 */
export function LegalHoldsPage() {
  const { t } = useTranslation();
  const { purpose } = useSession();
  const [clientId, setClientId] = useState<string | null>(null);
  const manages = purpose === 'claims';
  return (
    <Stack maw={960}>
      <Title order={1}>{t('holds.title')}</Title>
      <Text>{t('holds.hint')}</Text>
      {!manages && <PurposeNeeded needed="claims" action={t('holds.manageAction')} />}
      <ActiveHolds onOpen={setClientId} />
      <ClientPicker value={clientId} onChange={setClientId} />
      {clientId && (
        <Stack>
          <Title order={2} size="h3">
            <ClientName clientId={clientId} link={false} />
          </Title>
          <HoldsOfClient clientId={clientId} manages={manages} />
          {manages && <PlaceHold clientId={clientId} />}
        </Stack>
      )}
    </Stack>
  );
}
