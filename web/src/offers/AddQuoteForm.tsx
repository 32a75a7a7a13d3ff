import {
  Button,
  Checkbox,
  Group,
  Paper,
  Select,
  SimpleGrid,
  Stack,
  Text,
  Textarea,
  TextInput,
  Title,
} from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { api, getJson, purposeHeader, unwrap } from '../api/client';
import type { components } from '../api/schema';
import type { Page } from '../api/types';
import { DateField } from '../components/DateField';
import { ErrorAlert } from '../components/ErrorAlert';
import { parseZlotyToGrosze } from '../lib/format';
import { coverageCodes, zl, type Insurer, type OfferRequest } from './api';
import { parsePercent } from './percent';

/** One insurer's answer to the request: an offer with its coverages, or a refusal with its reason. */
export function AddQuoteForm({ request }: { request: OfferRequest }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const insurers = useQuery({
    queryKey: ['insurers'],
    queryFn: () => getJson<Page<Insurer>>('/api/insurers', { limit: '100' }),
    staleTime: 60_000,
  });
  const codes = coverageCodes(request.lineOfBusiness);
  const [insurerId, setInsurerId] = useState<string | null>(null);
  const [declined, setDeclined] = useState(false);
  const [reason, setReason] = useState('');
  const [product, setProduct] = useState('');
  const [premium, setPremium] = useState('');
  const [sum, setSum] = useState('');
  const [deductible, setDeductible] = useState('');
  const [limits, setLimits] = useState<Record<string, string>>({});
  const [validUntil, setValidUntil] = useState('');
  const [commission, setCommission] = useState('');
  const [errors, setErrors] = useState<Record<string, string>>({});

  function reset() {
    setInsurerId(null);
    setDeclined(false);
    setReason('');
    setProduct('');
    setPremium('');
    setSum('');
    setDeductible('');
    setLimits({});
    setValidUntil('');
    setCommission('');
    setErrors({});
  }

  const add = useMutation({
    mutationFn: (body: components['schemas']['CreateQuoteDto']) =>
      unwrap(
        api.POST('/api/offer-requests/{id}/quotes', {
          params: { path: { id: request.id }, header: purposeHeader() },
          body,
        }),
      ),
    onSuccess: async () => {
      reset();
      await queryClient.invalidateQueries({ queryKey: ['offers'] });
    },
  });

  function submit(e: FormEvent) {
    e.preventDefault();
    const next: Record<string, string> = {};
    const required = t('form.required');
    if (!insurerId) next.insurer = required;
    if (declined) {
      if (!reason.trim()) next.reason = required;
      setErrors(next);
      if (Object.keys(next).length === 0)
        add.mutate({ insurerId: insurerId!, declined: true, declineReason: reason.trim() });
      return;
    }
    const amount = (key: string, text: string, allowZero: boolean) => {
      const g = parseZlotyToGrosze(text);
      if (!text.trim()) next[key] = required;
      else if (g === null || g < 0 || (!allowZero && g === 0)) next[key] = t('offers.invalidAmount');
      return g ?? 0;
    };
    if (!product.trim()) next.product = required;
    const p = amount('premium', premium, false);
    const s = amount('sum', sum, false);
    const d = amount('deductible', deductible, true);
    const coverages = Object.entries(limits)
      .filter(([code]) => codes.includes(code))
      .map(([code, text]) => {
        const g = parseZlotyToGrosze(text);
        if (g === null || g <= 0) next[`limit.${code}`] = t('offers.invalidAmount');
        return { code, limit: zl(g ?? 0) };
      });
    if (coverages.length === 0) next.coverages = t('offers.quotes.coveragesRequired');
    if (!validUntil) next.validUntil = required;
    const rate = commission.trim() ? parsePercent(commission) : 0;
    if (rate === null) next.commission = t('offers.quotes.invalidPercent');
    setErrors(next);
    if (Object.keys(next).length > 0) return;
    add.mutate({
      insurerId: insurerId!,
      declined: false,
      productName: product.trim(),
      premium: zl(p),
      sumInsured: zl(s),
      deductible: zl(d),
      coverages,
      validUntil,
      commissionRate: rate ?? 0,
    });
  }

  return (
    <Paper withBorder p="md" component="section" aria-labelledby="add-quote-title">
      <form onSubmit={submit} noValidate>
        <Stack>
          <Title order={3} size="h4" id="add-quote-title">
            {t('offers.quotes.add')}
          </Title>
          <ErrorAlert error={insurers.error} />
          <Group align="flex-start" grow>
            <Select
              label={t('card.insurer')}
              required
              searchable
              data={(insurers.data?.items ?? []).map((i) => ({ value: i.id, label: i.name }))}
              value={insurerId}
              onChange={setInsurerId}
              error={errors.insurer}
            />
            <Checkbox
              mt={32}
              label={t('offers.quotes.declined')}
              checked={declined}
              onChange={(e) => setDeclined(e.currentTarget.checked)}
            />
          </Group>
          {declined ? (
            <Textarea
              label={t('offers.quotes.declineReason')}
              required
              value={reason}
              onChange={(e) => setReason(e.currentTarget.value)}
              error={errors.reason}
            />
          ) : (
            <>
              <TextInput
                label={t('card.product')}
                required
                value={product}
                onChange={(e) => setProduct(e.currentTarget.value)}
                error={errors.product}
              />
              <SimpleGrid cols={{ base: 1, sm: 3 }}>
                <TextInput
                  label={t('offers.quotes.premiumZl')}
                  required
                  inputMode="decimal"
                  value={premium}
                  onChange={(e) => setPremium(e.currentTarget.value)}
                  error={errors.premium}
                />
                <TextInput
                  label={t('offers.quotes.sumInsuredZl')}
                  required
                  inputMode="decimal"
                  value={sum}
                  onChange={(e) => setSum(e.currentTarget.value)}
                  error={errors.sum}
                />
                <TextInput
                  label={t('offers.quotes.deductibleZl')}
                  required
                  inputMode="decimal"
                  value={deductible}
                  onChange={(e) => setDeductible(e.currentTarget.value)}
                  error={errors.deductible}
                />
              </SimpleGrid>
              <Stack gap={6} role="group" aria-labelledby="quote-coverages">
                <Text fw={500} size="sm" id="quote-coverages">
                  {t('offers.quotes.coverages')}
                </Text>
                {errors.coverages && (
                  <Text c="red.9" size="sm" role="alert">
                    {errors.coverages}
                  </Text>
                )}
                {codes.map((code) => {
                  const on = code in limits;
                  return (
                    <Group key={code} align="flex-start" wrap="nowrap">
                      <Checkbox
                        w={220}
                        mt={8}
                        label={t(`coverages.${code}`)}
                        checked={on}
                        onChange={(e) => {
                          const checked = e.currentTarget.checked;
                          setLimits((l) => {
                            const copy = { ...l };
                            if (checked) copy[code] = '';
                            else delete copy[code];
                            return copy;
                          });
                        }}
                      />
                      {on && (
                        <TextInput
                          aria-label={t('offers.quotes.limitFor', { coverage: t(`coverages.${code}`) })}
                          placeholder={t('offers.quotes.limitZl')}
                          inputMode="decimal"
                          value={limits[code]}
                          onChange={(e) => {
                            const value = e.currentTarget.value;
                            setLimits((l) => ({ ...l, [code]: value }));
                          }}
                          error={errors[`limit.${code}`]}
                        />
                      )}
                    </Group>
                  );
                })}
              </Stack>
              <SimpleGrid cols={{ base: 1, sm: 2 }}>
                <DateField
                  label={t('offers.validUntil')}
                  required
                  clearable={false}
                  value={validUntil || null}
                  onChange={(value) => setValidUntil(value ?? '')}
                  error={errors.validUntil}
                />
                <TextInput
                  label={t('offers.quotes.commissionPercent')}
                  inputMode="decimal"
                  value={commission}
                  onChange={(e) => setCommission(e.currentTarget.value)}
                  error={errors.commission}
                />
              </SimpleGrid>
            </>
          )}
          <ErrorAlert error={add.error} />
          <Group>
            <Button type="submit" loading={add.isPending}>
              {t('offers.quotes.save')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Paper>
  );
}
