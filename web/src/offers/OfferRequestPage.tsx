import { Badge, Button, Group, Paper, SimpleGrid, Stack, Text, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useParams } from '@tanstack/react-router';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, purposeHeader, unwrap } from '../api/client';
import { useSession } from '../api/hooks';
import { ErrorAlert } from '../components/ErrorAlert';
import { FieldValue, has } from '../components/FieldValue';
import { AnchorLink } from '../components/links';
import { formatMoney } from '../lib/format';
import { AddQuoteForm } from './AddQuoteForm';
import type { OfferRequest } from './api';
import { ComparisonTable } from './ComparisonTable';
import { ConcludeForm } from './ConcludeForm';
import { QuotesGrid } from './QuotesGrid';

function useOfferRequest(id: string) {
  const { purpose } = useSession();
  return useQuery({
    queryKey: ['offers', purpose, 'request', id],
    queryFn: () =>
      unwrap(api.GET('/api/offer-requests/{id}', { params: { path: { id }, header: purposeHeader() } })),
  });
}

function useComparison(id: string, enabled: boolean) {
  const { purpose } = useSession();
  return useQuery({
    queryKey: ['offers', purpose, 'comparison', id],
    enabled,
    queryFn: () =>
      unwrap(
        api.GET('/api/offer-requests/{id}/comparison', { params: { path: { id }, header: purposeHeader() } }),
      ),
  });
}

/** The offer request: needs, the quotes grid, the comparison, conclusion and the printout. */
export function OfferRequestPage() {
  const { t } = useTranslation();
  const { offerRequestId } = useParams({ from: '/app/oferty/$offerRequestId' });
  const request = useOfferRequest(offerRequestId);
  const quotes = request.data?.quotes ?? [];
  const comparison = useComparison(offerRequestId, quotes.length > 0);
  const [chosen, setChosen] = useState<string | null>(null);
  const open = request.data?.status === 'open';

  return (
    <Stack>
      <ErrorAlert error={request.error} />
      {request.isPending && <Text>{t('app.loading')}</Text>}
      {request.data && (
        <>
          <Group justify="space-between" className="no-print">
            <AnchorLink to="/klienci/$clientId" params={{ clientId: request.data.clientId }}>
              ← {t('offers.backToClient')}
            </AnchorLink>
          </Group>
          <Group justify="space-between">
            <Title order={1}>
              {t('offers.request.title', { line: t(`lines.${request.data.lineOfBusiness}`) })}
            </Title>
            <Badge variant="outline" color={open ? 'indigo.9' : 'teal.9'} size="lg">
              {t(`statuses.${request.data.status}`)}
            </Badge>
          </Group>
          <NeedsSummary request={request.data} />
          <Stack className="no-print">
            <Title order={2} size="h3">
              {t('offers.quotes.title')}
            </Title>
            {quotes.length === 0 ? <Text>{t('offers.quotes.none')}</Text> : <QuotesGrid quotes={quotes} />}
            {open && <AddQuoteForm request={request.data} />}
          </Stack>
          {quotes.length > 0 && (
            <Stack className="print-area">
              <Group justify="space-between">
                <Title order={2} size="h3">
                  {t('offers.comparison.title')}
                </Title>
                <Button variant="outline" className="no-print" onClick={() => window.print()}>
                  {t('offers.comparison.print')}
                </Button>
              </Group>
              <ErrorAlert error={comparison.error} />
              {comparison.data && (
                <ComparisonTable
                  comparison={comparison.data}
                  onChoose={open ? setChosen : undefined}
                  chosen={chosen}
                />
              )}
            </Stack>
          )}
          {open && chosen && comparison.data && (
            <ConcludeForm
              request={request.data}
              column={comparison.data.columns.find((c) => c.quoteId === chosen)!}
              comparison={comparison.data}
            />
          )}
        </>
      )}
    </Stack>
  );
}

function NeedsSummary({ request }: { request: OfferRequest }) {
  const { t } = useTranslation();
  const needs = request.needs ?? {};
  return (
    <Paper withBorder p="md">
      <Title order={2} size="h4" mb="xs">
        {t('offers.needs.summary')}
      </Title>
      <SimpleGrid component="dl" cols={2} spacing="xs" maw={720}>
        <Text component="dt" fw={600}>
          {t('offers.needs.coverages')}
        </Text>
        <Text component="dd" m={0}>
          <FieldValue present={has(needs, 'requiredCoverages')}>
            {(needs.requiredCoverages ?? []).map((c) => t(`coverages.${c}`)).join(', ')}
          </FieldValue>
        </Text>
        <Text component="dt" fw={600}>
          {t('offers.needs.maxPremium')}
        </Text>
        <Text component="dd" m={0}>
          <FieldValue present={has(needs, 'maxPremium')}>{formatMoney(needs.maxPremium) || '—'}</FieldValue>
        </Text>
        <Text component="dt" fw={600}>
          {t('offers.needs.notes')}
        </Text>
        <Text component="dd" m={0} style={{ whiteSpace: 'pre-wrap' }}>
          <FieldValue present={has(needs, 'notes')}>{needs.notes || '—'}</FieldValue>
        </Text>
      </SimpleGrid>
    </Paper>
  );
}
