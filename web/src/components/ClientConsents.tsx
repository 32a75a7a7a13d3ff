import { Badge, Button, Group, Modal, Select, Stack, Table, Text, Title } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, getJson, purposeHeader, unwrap } from '../api/client';
import { usePurposeAllows, useSession } from '../api/hooks';
import {
  CHANNELS,
  CONSENT_PURPOSES,
  CONSENT_SOURCES,
  type ConsentEvent,
  type ConsentView,
} from '../api/types';
import { formatDateTime } from '../lib/format';
import { ErrorAlert } from './ErrorAlert';

type ConsentPurpose = (typeof CONSENT_PURPOSES)[number];
type Channel = (typeof CHANNELS)[number];
interface ConsentState {
  active: ConsentView[];
  history: ConsentEvent[];
}

/**
 * The client's consents per purpose and channel: what is in force (with its source and evidence)
 * and every grant and withdrawal as the API records them, oldest first. A purpose that may
 * withdraw consents offers it on each consent in force.
 */
export function ClientConsents({ clientId }: { clientId: string }) {
  const { t } = useTranslation();
  const { purpose } = useSession();
  const allows = usePurposeAllows(purpose);
  const [withdrawing, setWithdrawing] = useState<ConsentView | null>(null);
  const consents = useQuery({
    queryKey: ['clients', purpose, 'consents', clientId],
    queryFn: () => getJson<ConsentState>(`/api/clients/${clientId}/consents`),
  });
  if (consents.error) return <ErrorAlert error={consents.error} />;
  if (!consents.data) return <Text>{t('app.loading')}</Text>;
  const { active, history } = consents.data;
  // A grant's evidence is on its consent record (the API returns the records in force).
  const evidence = new Map(active.map((c) => [c.id, c.evidence]));
  const label = (p: string, ch: string) => `${t(`purposes.${p}`)} · ${t(`channels.${ch}`)}`;
  return (
    <Stack>
      <Title order={2} size="h3">
        {t('card.consentsActive')}
      </Title>
      {active.length === 0 ? (
        <Text>{t('card.noConsents')}</Text>
      ) : (
        <Table withTableBorder data-testid="consents-active">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{t('card.consentPurpose')}</Table.Th>
              <Table.Th>{t('card.channel')}</Table.Th>
              <Table.Th>{t('card.source')}</Table.Th>
              <Table.Th>{t('card.evidence')}</Table.Th>
              <Table.Th>{t('card.grantedAt')}</Table.Th>
              {allows.withdrawsConsents && <Table.Th>{t('card.consentAction')}</Table.Th>}
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {active.map((c) => (
              <Table.Tr key={c.id}>
                <Table.Td>{t(`purposes.${c.purpose}`)}</Table.Td>
                <Table.Td>{t(`channels.${c.channel}`)}</Table.Td>
                <Table.Td>{t(`form.sources.${c.source}`, { defaultValue: c.source })}</Table.Td>
                <Table.Td>{c.evidence ?? '—'}</Table.Td>
                <Table.Td>{formatDateTime(c.grantedAt)}</Table.Td>
                {allows.withdrawsConsents && (
                  <Table.Td>
                    <Button
                      size="xs"
                      variant="outline"
                      color="red.9"
                      aria-label={t('card.withdrawFor', { consent: label(c.purpose, c.channel) })}
                      onClick={() => setWithdrawing(c)}
                    >
                      {t('card.withdraw')}
                    </Button>
                  </Table.Td>
                )}
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
      <Title order={2} size="h3">
        {t('card.consentsHistory')}
      </Title>
      {history.length === 0 && <Text>{t('card.noConsentHistory')}</Text>}
      {CONSENT_PURPOSES.flatMap((p) => CHANNELS.map((ch) => [p, ch] as const)).map(([p, ch]) => {
        const events = history.filter((e) => e.purpose === p && e.channel === ch);
        if (events.length === 0) return null;
        const inForce = active.some((c) => c.purpose === p && c.channel === ch);
        return (
          <Stack key={`${p}:${ch}`} gap={4} data-testid={`consent-history-${p}-${ch}`}>
            <Group gap="xs">
              <Title order={3} size="h5">
                {label(p, ch)}
              </Title>
              <Badge color={inForce ? 'teal.9' : 'gray.8'} variant="outline">
                {inForce ? t('card.inForce') : t('card.notInForce')}
              </Badge>
            </Group>
            <Table withTableBorder>
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>{t('card.at')}</Table.Th>
                  <Table.Th>{t('card.event')}</Table.Th>
                  <Table.Th>{t('card.source')}</Table.Th>
                  <Table.Th>{t('card.evidence')}</Table.Th>
                  <Table.Th>{t('card.noticeVersion')}</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {events.map((e) => (
                  <Table.Tr key={`${e.consentId}-${e.event}`}>
                    <Table.Td>{formatDateTime(e.at)}</Table.Td>
                    <Table.Td>
                      <Badge color={e.event === 'granted' ? 'teal.9' : 'red.9'} variant="outline">
                        {t(`card.${e.event}`)}
                      </Badge>
                    </Table.Td>
                    <Table.Td>{t(`form.sources.${e.source}`, { defaultValue: e.source })}</Table.Td>
                    <Table.Td>{(e.event === 'granted' && evidence.get(e.consentId)) || '—'}</Table.Td>
                    <Table.Td>{e.noticeVersion ?? '—'}</Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Stack>
        );
      })}
      {withdrawing && (
        <WithdrawConsent
          clientId={clientId}
          consent={withdrawing}
          consentLabel={label(withdrawing.purpose, withdrawing.channel)}
          onClose={() => setWithdrawing(null)}
        />
      )}
    </Stack>
  );
}

/** Withdrawal after a confirmation, with how the client withdrew it; it takes effect at once. */
function WithdrawConsent({
  clientId,
  consent,
  consentLabel,
  onClose,
}: {
  clientId: string;
  consent: ConsentView;
  consentLabel: string;
  onClose: () => void;
}) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const [source, setSource] = useState<string>('phone_call');
  const withdraw = useMutation({
    mutationFn: () =>
      unwrap(
        api.POST('/api/clients/{id}/consents/withdraw', {
          params: { path: { id: clientId }, header: purposeHeader() },
          body: {
            purpose: consent.purpose as ConsentPurpose,
            channel: consent.channel as Channel,
            source,
          },
        }),
      ),
    onSuccess: async () => {
      await queryClient.invalidateQueries({ queryKey: ['clients'] });
      onClose();
    },
  });
  return (
    <Modal
      opened
      onClose={onClose}
      title={t('card.withdrawTitle')}
      closeButtonProps={{ 'aria-label': t('app.close') }}
    >
      <Stack>
        <Text>{t('card.withdrawText', { consent: consentLabel })}</Text>
        <Select
          label={t('card.withdrawSource')}
          allowDeselect={false}
          data={CONSENT_SOURCES.map((s) => ({ value: s, label: t(`form.sources.${s}`) }))}
          value={source}
          onChange={(v) => v && setSource(v)}
        />
        <ErrorAlert error={withdraw.error} />
        <Group justify="flex-end">
          <Button variant="subtle" onClick={onClose}>
            {t('campaigns.cancelDialog')}
          </Button>
          <Button color="red.9" onClick={() => withdraw.mutate()} loading={withdraw.isPending}>
            {t('card.withdrawConfirm')}
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}
