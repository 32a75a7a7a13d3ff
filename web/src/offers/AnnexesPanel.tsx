import { Alert, Button, Group, Paper, Stack, Table, Text, Textarea, TextInput, Title } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { api, getJson, unwrap } from '../api/client';
import { useSession } from '../api/hooks';
import type { components } from '../api/schema';
import type { Contract } from '../api/types';
import { DateField } from '../components/DateField';
import { ErrorAlert } from '../components/ErrorAlert';
import { formatDate, formatMoney, parseZlotyToGrosze } from '../lib/format';
import { CONCLUSION_PURPOSE, zl } from './api';
import { useBookAccess } from './book-access';
import { PurposeNeeded } from './PurposeNeeded';

type Annex = components['schemas']['AnnexResponseDto'];
type Terms = components['schemas']['AnnexTermsDto'];
type Changes = components['schemas']['AnnexChangesDto'];

/** One changed term as "Składka: 1 000,00 zł → 1 200,00 zł" (the value before only where the API gives it). */
function termLines(t: (key: string) => string, changes: Terms, previous: Terms | undefined): string[] {
  const lines: string[] = [];
  const change = (label: string, before: string | undefined, after: string) =>
    lines.push(before ? `${label}: ${before} → ${after}` : `${label}: ${after}`);
  const money = (key: 'premium' | 'commission' | 'sumInsured', label: string) => {
    const after = changes[key];
    if (after) change(label, previous?.[key] ? formatMoney(previous[key]) : undefined, formatMoney(after));
  };
  money('premium', t('card.premium'));
  money('commission', t('contracts.commission'));
  money('sumInsured', t('offers.sumInsured'));
  if (changes.endDate)
    change(
      t('book.annexes.endDate'),
      previous?.endDate ? formatDate(previous.endDate) : undefined,
      formatDate(changes.endDate),
    );
  if (changes.coverages) lines.push(t('book.annexes.coveragesChanged'));
  if (changes.insuredObject !== undefined) lines.push(t('book.annexes.objectChanged'));
  return lines;
}

/** "Aneksy" on the policy card: the contract's annexes in the order they take effect, and a new one. */
export function AnnexesPanel({ contract }: { contract: Contract }) {
  const { t } = useTranslation();
  const access = useBookAccess();
  const { purpose } = useSession();
  const annexes = useQuery({
    queryKey: ['contracts', purpose, 'annexes', contract.id],
    queryFn: () => getJson<Annex[]>(`/api/contracts/${contract.id}/annexes`),
    enabled: access.readsAnnexes,
  });
  if (!access.readsAnnexes) return null;
  const items = annexes.data ?? [];
  return (
    <Stack component="section" aria-labelledby="annexes-title">
      <Title order={2} size="h3" id="annexes-title">
        {t('book.annexes.title')}
      </Title>
      <ErrorAlert error={annexes.error} />
      {annexes.isPending && <Text>{t('app.loading')}</Text>}
      {annexes.data && items.length === 0 && <Text>{t('book.annexes.none')}</Text>}
      {items.length > 0 && (
        <Table.ScrollContainer minWidth={640}>
          <Table withTableBorder striped data-testid="annexes-table">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t('book.annexes.effectiveDate')}</Table.Th>
                <Table.Th>{t('book.annexes.changes')}</Table.Th>
                <Table.Th>{t('book.annexes.reason')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {items.map((a) => (
                <Table.Tr key={a.id}>
                  <Table.Td>{formatDate(a.effectiveDate)}</Table.Td>
                  <Table.Td style={{ whiteSpace: 'pre-wrap' }}>
                    {a.changes ? termLines(t, a.changes, a.previous).join('\n') : ''}
                  </Table.Td>
                  <Table.Td style={{ whiteSpace: 'pre-wrap' }}>{a.reason}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
      {access.performs ? (
        <AddAnnexForm contract={contract} />
      ) : (
        <PurposeNeeded needed={CONCLUSION_PURPOSE} action={t('book.annexes.add')} />
      )}
    </Stack>
  );
}

/** "Dodaj aneks": the day it takes effect, the new terms (money typed in złote) and the reason. */
function AddAnnexForm({ contract }: { contract: Contract }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const [effectiveDate, setEffectiveDate] = useState<string | null>(null);
  const [premium, setPremium] = useState('');
  const [sumInsured, setSumInsured] = useState('');
  const [endDate, setEndDate] = useState<string | null>(null);
  const [reason, setReason] = useState('');
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [added, setAdded] = useState(false);

  const add = useMutation({
    mutationFn: (changes: Changes) =>
      unwrap(
        api.POST('/api/contracts/{id}/annexes', {
          params: { path: { id: contract.id }, header: { 'X-Purpose': CONCLUSION_PURPOSE } },
          body: { effectiveDate: effectiveDate!, changes, reason: reason.trim() },
        }),
      ),
    onSuccess: async () => {
      setPremium('');
      setSumInsured('');
      setEndDate(null);
      setEffectiveDate(null);
      setReason('');
      setAdded(true);
      // The annex changes the contract itself (premium, commission): the card and lists read it anew.
      await queryClient.invalidateQueries({ queryKey: ['contracts'] });
    },
  });

  function submit(e: FormEvent) {
    e.preventDefault();
    setAdded(false);
    const next: Record<string, string> = {};
    const changes: Changes = {};
    const amount = (key: 'premium' | 'sumInsured', text: string) => {
      if (!text.trim()) return;
      const g = parseZlotyToGrosze(text);
      if (g === null || g <= 0) next[key] = t('offers.invalidAmount');
      else changes[key] = zl(g);
    };
    amount('premium', premium);
    amount('sumInsured', sumInsured);
    if (endDate) changes.endDate = endDate;
    if (!effectiveDate) next.effectiveDate = t('form.required');
    if (!reason.trim()) next.reason = t('form.required');
    if (Object.keys(next).length === 0 && Object.keys(changes).length === 0)
      next.changes = t('book.annexes.nothingChanged');
    setErrors(next);
    if (Object.keys(next).length === 0) add.mutate(changes);
  }

  return (
    <Paper withBorder p="md" component="section" aria-labelledby="add-annex-title">
      <form onSubmit={submit} noValidate>
        <Stack>
          <Title order={3} size="h4" id="add-annex-title">
            {t('book.annexes.add')}
          </Title>
          <Group align="flex-start" grow>
            <DateField
              label={t('book.annexes.effectiveDate')}
              required
              value={effectiveDate}
              onChange={(v) => setEffectiveDate(v)}
              error={errors.effectiveDate}
            />
            <TextInput
              label={t('book.annexes.newPremium')}
              description={t('book.annexes.inZloty')}
              inputMode="decimal"
              value={premium}
              onChange={(e) => setPremium(e.currentTarget.value)}
              error={errors.premium}
            />
            <TextInput
              label={t('book.annexes.newSumInsured')}
              description={t('book.annexes.inZloty')}
              inputMode="decimal"
              value={sumInsured}
              onChange={(e) => setSumInsured(e.currentTarget.value)}
              error={errors.sumInsured}
            />
            <DateField label={t('book.annexes.newEndDate')} value={endDate} onChange={(v) => setEndDate(v)} />
          </Group>
          <Textarea
            label={t('book.annexes.reason')}
            required
            autosize
            minRows={2}
            maxLength={1000}
            value={reason}
            onChange={(e) => setReason(e.currentTarget.value)}
            error={errors.reason}
          />
          {errors.changes && (
            <Text c="red.9" role="alert">
              {errors.changes}
            </Text>
          )}
          <ErrorAlert error={add.error} />
          {added && (
            <Alert color="teal" role="status" data-testid="annex-added">
              {t('book.annexes.added')}
            </Alert>
          )}
          <Group>
            <Button type="submit" loading={add.isPending}>
              {t('book.annexes.submit')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Paper>
  );
}
