import { Button, Group, Paper, Stack, Table, Text, TextInput, Textarea, Title } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useParams } from '@tanstack/react-router';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { api, getJson, unwrap } from '../api/client';
import { useSession } from '../api/hooks';
import { ErrorAlert } from '../components/ErrorAlert';
import { FieldValue, has } from '../components/FieldValue';
import { formatDate, formatDateTime, formatMoney, parseZlotyToGrosze } from '../lib/format';
import { CLAIMS_HEADER, useServiceAccess, type Claim, type ClaimStatus } from './access';
import { ClaimStatusBadge } from './ClaimsPage';

/** The claim's page: its data, its history and the workflow's next steps. */
export function ClaimPage() {
  const { t } = useTranslation();
  const { claimId } = useParams({ from: '/app/szkody/$claimId' });
  const { purpose } = useSession();
  const access = useServiceAccess();
  const claim = useQuery({
    queryKey: ['claims', purpose, 'one', claimId],
    queryFn: () => getJson<Claim>(`/api/claims/${claimId}`),
    enabled: access.readsClaims,
  });
  const c = claim.data;
  return (
    <Stack>
      <Title order={1}>{t('service.claims.claimTitle')}</Title>
      {!access.loaded ? null : !access.readsClaims ? (
        <Text>{t('service.claims.notInPurpose')}</Text>
      ) : (
        <>
          <ErrorAlert error={claim.error} />
          {claim.isPending && <Text>{t('app.loading')}</Text>}
          {c && (
            <>
              <Paper withBorder p="md" data-testid="claim-data">
                <Stack gap="xs">
                  <Group>
                    <Text fw={600}>{t('service.claims.statusLabel')}:</Text>
                    <ClaimStatusBadge status={c.status} />
                  </Group>
                  <Text>
                    {t('service.claims.policy')}: {c.policyNumber ?? ''}
                  </Text>
                  <Text>
                    {t('service.claims.dateOfLoss')}:{' '}
                    <FieldValue present={has(c, 'dateOfLoss')}>{formatDate(c.dateOfLoss)}</FieldValue>
                  </Text>
                  <Text>
                    {t('service.claims.insurerClaimNumber')}:{' '}
                    <FieldValue present={has(c, 'insurerClaimNumber')}>
                      {c.insurerClaimNumber ?? '—'}
                    </FieldValue>
                  </Text>
                  <Text>
                    {t('service.claims.description')}:{' '}
                    <FieldValue present={has(c, 'description')}>{c.description}</FieldValue>
                  </Text>
                  <Text>
                    {t('service.claims.amountClaimed')}:{' '}
                    <FieldValue present={has(c, 'amountClaimed')}>
                      {formatMoney(c.amountClaimed) || '—'}
                    </FieldValue>
                  </Text>
                  <Text>
                    {t('service.claims.amountPaid')}:{' '}
                    <FieldValue present={has(c, 'amountPaid')}>{formatMoney(c.amountPaid) || '—'}</FieldValue>
                  </Text>
                  {c.legalHoldId && <Text>{t('service.claims.underHold')}</Text>}
                </Stack>
              </Paper>
              {access.writesClaims && c.allowedTransitions.length > 0 && <Workflow claim={c} />}
              <History claim={c} />
            </>
          )}
        </>
      )}
    </Stack>
  );
}

/** The moves the workflow allows now, with a note and, for a payment, the amount in złote. */
function Workflow({ claim }: { claim: Claim }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const [note, setNote] = useState('');
  const [paid, setPaid] = useState('');
  const [paidError, setPaidError] = useState<string | null>(null);
  const move = useMutation({
    mutationFn: (body: { status: ClaimStatus; amountPaid?: number; note?: string }) =>
      unwrap(
        api.PATCH('/api/claims/{id}', { params: { path: { id: claim.id }, header: CLAIMS_HEADER }, body }),
      ),
    onSuccess: () => {
      setNote('');
      setPaid('');
      void queryClient.invalidateQueries({ queryKey: ['claims'] });
    },
  });
  const go = (status: ClaimStatus) => (e?: FormEvent) => {
    e?.preventDefault();
    let amountPaid: number | undefined;
    if (status === 'paid') {
      const grosze = parseZlotyToGrosze(paid);
      if (grosze === null || grosze < 0) {
        setPaidError(t('service.claims.amountInvalid'));
        return;
      }
      amountPaid = grosze;
    }
    setPaidError(null);
    move.mutate({ status, amountPaid, note: note.trim() || undefined });
  };
  return (
    <Paper withBorder p="md" component="section" aria-labelledby="workflow-title">
      <Stack>
        <Title order={2} size="h3" id="workflow-title">
          {t('service.claims.workflow')}
        </Title>
        <Textarea
          label={t('service.claims.note')}
          value={note}
          onChange={(e) => setNote(e.currentTarget.value)}
        />
        {claim.allowedTransitions.includes('paid') && (
          <TextInput
            label={t('service.claims.amountPaidZl')}
            value={paid}
            onChange={(e) => setPaid(e.currentTarget.value)}
            error={paidError}
            inputMode="decimal"
          />
        )}
        <Group>
          {claim.allowedTransitions.map((status) => (
            <Button
              key={status}
              onClick={() => go(status)()}
              loading={move.isPending}
              color={status === 'refused' || status === 'withdrawn' ? 'gray' : undefined}
            >
              {t(`service.claims.move.${status}`)}
            </Button>
          ))}
        </Group>
        <ErrorAlert error={move.error} />
      </Stack>
    </Paper>
  );
}

function History({ claim }: { claim: Claim }) {
  const { t } = useTranslation();
  if (!claim.history) return null;
  return (
    <Stack component="section" aria-labelledby="history-title">
      <Title order={2} size="h3" id="history-title">
        {t('service.claims.history')}
      </Title>
      <Table withTableBorder striped data-testid="claim-history">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>{t('service.claims.when')}</Table.Th>
            <Table.Th>{t('service.claims.statusLabel')}</Table.Th>
            <Table.Th>{t('service.claims.note')}</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {claim.history.map((h, i) => (
            <Table.Tr key={i}>
              <Table.Td>{formatDateTime(h.at)}</Table.Td>
              <Table.Td>{t(`service.claims.status.${h.to}`)}</Table.Td>
              <Table.Td>{h.note ?? ''}</Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Stack>
  );
}
