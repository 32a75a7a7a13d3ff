import { Button, NativeSelect, Paper, Stack, Text, TextInput, Textarea, Title } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useNavigate } from '@tanstack/react-router';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { api, getJson, unwrap } from '../api/client';
import { useSession } from '../api/hooks';
import type { Contract, Page } from '../api/types';
import { DateField } from '../components/DateField';
import { ErrorAlert } from '../components/ErrorAlert';
import { PagedTable, useCursorPages } from '../components/PagedTable';
import { parseZlotyToGrosze } from '../lib/format';
import { todayIso } from '../offers/book-access';
import { CLAIMS_HEADER, useServiceAccess, type Claim } from './access';
import { useClaimColumns } from './ClaimsPage';

/** "Szkody" on the client card: the client's claims and, where the purpose writes them, a new one. */
export function ClientClaimsTab({ clientId }: { clientId: string }) {
  const { t } = useTranslation();
  const { purpose } = useSession();
  const access = useServiceAccess();
  const pages = useCursorPages();
  const claims = useQuery({
    queryKey: ['claims', purpose, 'client', clientId, pages.cursor],
    queryFn: () => getJson<Page<Claim>>('/api/claims', { clientId, limit: '25', cursor: pages.cursor }),
    enabled: access.readsClaims,
  });
  const columns = useClaimColumns();
  if (!access.readsClaims) return <Text>{t('service.claims.notInPurpose')}</Text>;
  return (
    <Stack>
      <PagedTable
        query={claims}
        pages={pages}
        columns={columns}
        rowKey={(c) => c.id}
        empty={t('service.claims.noneForClient')}
        testId="client-claims-table"
      />
      {access.writesClaims && <ReportClaim clientId={clientId} />}
    </Stack>
  );
}

function ReportClaim({ clientId }: { clientId: string }) {
  const { t } = useTranslation();
  const { purpose } = useSession();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const contracts = useQuery({
    queryKey: ['contracts', purpose, 'client', clientId],
    queryFn: () => getJson<Page<Contract>>('/api/contracts', { clientId, limit: '100' }),
  });
  const [contractId, setContractId] = useState('');
  const [dateOfLoss, setDateOfLoss] = useState<string | null>(todayIso());
  const [number, setNumber] = useState('');
  const [description, setDescription] = useState('');
  const [claimed, setClaimed] = useState('');
  const [errors, setErrors] = useState<Record<string, string>>({});
  const report = useMutation({
    mutationFn: (body: {
      contractId: string;
      dateOfLoss: string;
      description: string;
      insurerClaimNumber?: string;
      amountClaimed?: { amount: number; currency: 'PLN' };
    }) => unwrap(api.POST('/api/claims', { params: { header: CLAIMS_HEADER }, body })),
    onSuccess: (claim) => {
      void queryClient.invalidateQueries({ queryKey: ['claims'] });
      void navigate({ to: '/szkody/$claimId', params: { claimId: claim.id } });
    },
  });
  const options = contracts.data?.items ?? [];
  const chosen = contractId || options[0]?.id || '';
  const submit = (e: FormEvent) => {
    e.preventDefault();
    const problems: Record<string, string> = {};
    if (!chosen) problems.contract = t('form.required');
    if (!dateOfLoss) problems.dateOfLoss = t('form.required');
    if (!description.trim()) problems.description = t('form.required');
    const grosze = claimed.trim() ? parseZlotyToGrosze(claimed) : null;
    if (claimed.trim() && (grosze === null || grosze < 0))
      problems.claimed = t('service.claims.amountInvalid');
    setErrors(problems);
    if (Object.keys(problems).length > 0) return;
    report.mutate({
      contractId: chosen,
      dateOfLoss: dateOfLoss!,
      description: description.trim(),
      insurerClaimNumber: number.trim() || undefined,
      amountClaimed: grosze !== null ? { amount: grosze, currency: 'PLN' } : undefined,
    });
  };
  return (
    <Paper withBorder p="md" component="section" aria-labelledby="report-claim-title">
      <form onSubmit={submit} noValidate>
        <Stack>
          <Title order={2} size="h3" id="report-claim-title">
            {t('service.claims.report')}
          </Title>
          {contracts.data && options.length === 0 ? (
            <Text>{t('service.claims.noContracts')}</Text>
          ) : (
            <>
              <NativeSelect
                label={t('service.claims.policy')}
                value={chosen}
                onChange={(e) => setContractId(e.currentTarget.value)}
                data={options.map((k) => ({ value: k.id, label: k.policyNumber ?? k.id }))}
                error={errors.contract}
              />
              <DateField
                label={t('service.claims.dateOfLoss')}
                value={dateOfLoss}
                onChange={(v) => setDateOfLoss(v)}
                error={errors.dateOfLoss}
                required
              />
              <TextInput
                label={t('service.claims.insurerClaimNumber')}
                value={number}
                onChange={(e) => setNumber(e.currentTarget.value)}
              />
              <Textarea
                label={t('service.claims.description')}
                value={description}
                onChange={(e) => setDescription(e.currentTarget.value)}
                error={errors.description}
                required
              />
              <TextInput
                label={t('service.claims.amountClaimedZl')}
                value={claimed}
                onChange={(e) => setClaimed(e.currentTarget.value)}
                error={errors.claimed}
                inputMode="decimal"
              />
              <ErrorAlert error={report.error} />
              <Button type="submit" loading={report.isPending}>
                {t('service.claims.report')}
              </Button>
            </>
          )}
        </Stack>
      </form>
    </Paper>
  );
}
