import {
  Alert,
  Button,
  Checkbox,
  Group,
  List,
  Paper,
  SimpleGrid,
  Stack,
  Text,
  Textarea,
  TextInput,
  Title,
} from '@mantine/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useNavigate } from '@tanstack/react-router';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { api, ApiError, unwrap } from '../api/client';
import { useSession } from '../api/hooks';
import { DateField } from '../components/DateField';
import { ErrorAlert } from '../components/ErrorAlert';
import { formatMoney } from '../lib/format';
import { CONCLUSION_PURPOSE, type Comparison, type ComparisonColumn, type OfferRequest } from './api';
import { PurposeNeeded } from './PurposeNeeded';

/**
 * Concluding the contract on the chosen quote, with the broker's written recommendation; a quote
 * that misses a required cover or the budget needs the broker's explicit acknowledgement.
 */
export function ConcludeForm({
  request,
  column,
  comparison,
}: {
  request: OfferRequest;
  column: ComparisonColumn;
  comparison: Comparison;
}) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const { purpose } = useSession();
  const [policyNumber, setPolicyNumber] = useState('');
  const [startDate, setStartDate] = useState('');
  const [endDate, setEndDate] = useState('');
  const [recommendation, setRecommendation] = useState('');
  const [acknowledged, setAcknowledged] = useState(false);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const mismatch = column.shortfalls.filter((s) => s === 'missing_coverage' || s === 'premium_above_max');

  const conclude = useMutation({
    mutationFn: () =>
      unwrap(
        api.POST('/api/offer-requests/{id}/conclude', {
          params: { path: { id: request.id }, header: { 'X-Purpose': CONCLUSION_PURPOSE } },
          body: {
            quoteId: column.quoteId,
            policyNumber: policyNumber.trim(),
            startDate,
            endDate,
            recommendation: recommendation.trim(),
            ...(mismatch.length > 0 ? { acknowledgedMismatch: acknowledged } : {}),
          },
        }),
      ),
    onSuccess: async (contract) => {
      await queryClient.invalidateQueries();
      await navigate({ to: '/polisy/$contractId', params: { contractId: contract.id } });
    },
  });

  function submit(e: FormEvent) {
    e.preventDefault();
    const next: Record<string, string> = {};
    const required = t('form.required');
    if (!policyNumber.trim()) next.policyNumber = required;
    if (!startDate) next.startDate = required;
    if (!endDate) next.endDate = required;
    else if (startDate && endDate <= startDate) next.endDate = t('offers.conclude.endAfterStart');
    if (!recommendation.trim()) next.recommendation = required;
    if (mismatch.length > 0 && !acknowledged) next.acknowledged = t('offers.conclude.ackRequired');
    setErrors(next);
    if (Object.keys(next).length === 0) conclude.mutate();
  }

  const title = t('offers.conclude.titleFor', { insurer: column.insurerName });
  if (purpose !== CONCLUSION_PURPOSE)
    return (
      <Stack className="no-print">
        <Title order={2} size="h3">
          {title}
        </Title>
        <PurposeNeeded needed={CONCLUSION_PURPOSE} action={t('offers.conclude.title')} />
      </Stack>
    );

  const apiRefused =
    conclude.error instanceof ApiError && conclude.error.code === 'MISMATCH_NOT_ACKNOWLEDGED';
  return (
    <Paper withBorder p="md" component="section" aria-labelledby="conclude-title" className="no-print">
      <form onSubmit={submit} noValidate>
        <Stack>
          <Title order={2} size="h3" id="conclude-title">
            {title}
          </Title>
          {mismatch.length > 0 && (
            <Paper
              withBorder
              p="md"
              data-testid="mismatch"
              role="group"
              aria-labelledby="mismatch-title"
              style={{ borderColor: 'var(--mantine-color-red-9)', borderWidth: 2 }}
            >
              <Text id="mismatch-title" fw={700} c="red.9" mb="xs">
                {t('offers.conclude.mismatchTitle')}
              </Text>
              <List size="sm">
                {column.missingCoverages.length > 0 && (
                  <List.Item>
                    {t('offers.conclude.missing', {
                      coverages: column.missingCoverages.map((c) => t(`coverages.${c}`)).join(', '),
                    })}
                  </List.Item>
                )}
                {mismatch.includes('premium_above_max') && (
                  <List.Item>
                    {t('offers.conclude.overBudget', {
                      premium: formatMoney(column.premium),
                      max: formatMoney(comparison.needs.maxPremium),
                    })}
                  </List.Item>
                )}
              </List>
              <Checkbox
                mt="sm"
                label={t('offers.conclude.acknowledge')}
                checked={acknowledged}
                onChange={(e) => setAcknowledged(e.currentTarget.checked)}
                error={errors.acknowledged}
              />
            </Paper>
          )}
          <TextInput
            label={t('card.policyNumber')}
            required
            maxLength={64}
            value={policyNumber}
            onChange={(e) => setPolicyNumber(e.currentTarget.value)}
            error={errors.policyNumber}
          />
          <SimpleGrid cols={{ base: 1, sm: 2 }}>
            <DateField
              label={t('offers.conclude.startDate')}
              required
              clearable={false}
              value={startDate || null}
              onChange={(value) => setStartDate(value ?? '')}
              error={errors.startDate}
            />
            <DateField
              label={t('offers.conclude.endDate')}
              required
              clearable={false}
              value={endDate || null}
              onChange={(value) => setEndDate(value ?? '')}
              error={errors.endDate}
            />
          </SimpleGrid>
          <Textarea
            label={t('offers.conclude.recommendation')}
            description={t('offers.conclude.recommendationHint')}
            required
            autosize
            minRows={4}
            maxLength={8000}
            value={recommendation}
            onChange={(e) => setRecommendation(e.currentTarget.value)}
            error={errors.recommendation}
          />
          {!apiRefused && <ErrorAlert error={conclude.error} />}
          {apiRefused && (
            <Alert color="red" role="alert">
              {t('errors.MISMATCH_NOT_ACKNOWLEDGED')}
            </Alert>
          )}
          <Group>
            <Button type="submit" loading={conclude.isPending}>
              {t('offers.conclude.submit')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Paper>
  );
}
