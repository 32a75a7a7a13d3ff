import { Button, Select, Stack, Text, Title } from '@mantine/core';
import { useMutation, useQuery } from '@tanstack/react-query';
import { useNavigate } from '@tanstack/react-router';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, getJson, purposeHeader, unwrap } from '../api/client';
import { useSession } from '../api/hooks';
import type { Client, Page } from '../api/types';
import { ErrorAlert } from '../components/ErrorAlert';
import { FieldValue, has } from '../components/FieldValue';
import { AnchorLink } from '../components/links';
import { PAGE_SIZE, PagedTable, useCursorPages, type Column } from '../components/PagedTable';
import { formatDate, formatPhone } from '../lib/format';
import type { RenewalItem } from './api';

/** The contact data the purpose reads of the renewal's client (fields it does not read say so). */
function RenewalContact({ clientId }: { clientId: string }) {
  const { t } = useTranslation();
  const { purpose } = useSession();
  const client = useQuery({
    queryKey: ['clients', purpose, 'card', clientId],
    queryFn: () =>
      unwrap(api.GET('/api/clients/{id}', { params: { path: { id: clientId }, header: purposeHeader() } })),
  });
  if (client.error) return <ErrorAlert error={client.error} />;
  const c = client.data as Client | undefined;
  if (!c) return <Text size="sm">{t('app.loading')}</Text>;
  return (
    <Stack gap={0}>
      <Text size="sm">
        <FieldValue present={has(c, 'email')}>{c.email ?? '—'}</FieldValue>
      </Text>
      <Text size="sm">
        <FieldValue present={has(c, 'phone')}>{formatPhone(c.phone) || '—'}</FieldValue>
      </Text>
    </Stack>
  );
}

/** "Odnowienia": contracts ending soon, oldest end first, each with the start of its renewal. */
export function RenewalsPage() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const { purpose } = useSession();
  const [withinDays, setWithinDays] = useState('60');
  const pages = useCursorPages();
  const cursor = pages.cursor;
  const renewals = useQuery({
    queryKey: ['contracts', purpose, 'renewals', withinDays, cursor],
    queryFn: () =>
      getJson<Page<RenewalItem>>('/api/contracts/renewals', {
        withinDays,
        limit: String(PAGE_SIZE),
        cursor,
      }),
  });
  const start = useMutation({
    mutationFn: (contractId: string) =>
      unwrap(
        api.POST('/api/contracts/{id}/renewal', {
          params: { path: { id: contractId }, header: purposeHeader() },
          body: {},
        }),
      ),
    onSuccess: (request) =>
      navigate({ to: '/oferty/$offerRequestId', params: { offerRequestId: request.id } }),
  });
  const columns: Column<RenewalItem>[] = [
    {
      key: 'ends',
      header: t('renewals.ends'),
      cell: (r) => (
        <FieldValue present={has(r, 'endDate')}>
          {formatDate(r.endDate)}
          <br />
          <Text span size="sm" fw={600}>
            {r.daysLeft === 0 ? t('renewals.endsToday') : t('renewals.endsIn', { count: r.daysLeft ?? 0 })}
          </Text>
        </FieldValue>
      ),
    },
    {
      key: 'client',
      header: t('renewals.client'),
      cell: (r) => (
        <AnchorLink to="/klienci/$clientId" params={{ clientId: r.client.id }}>
          {[r.client.firstName, r.client.lastName].filter(Boolean).join(' ') ||
            t('clients.noName', { id: r.client.id.slice(0, 8) })}
        </AnchorLink>
      ),
    },
    { key: 'contact', header: t('renewals.contact'), cell: (r) => <RenewalContact clientId={r.client.id} /> },
    {
      key: 'number',
      header: t('card.policyNumber'),
      cell: (r) => (
        <AnchorLink to="/polisy/$contractId" params={{ contractId: r.id }}>
          {has(r, 'policyNumber') ? r.policyNumber : t('contracts.open')}
        </AnchorLink>
      ),
    },
    { key: 'insurer', header: t('card.insurer'), cell: (r) => r.insurer.name },
    { key: 'line', header: t('card.lineOfBusiness'), cell: (r) => t(`lines.${r.lineOfBusiness}`) },
    {
      key: 'action',
      header: t('renewals.action'),
      cell: (r) =>
        r.renewalOfferRequestId ? (
          <AnchorLink to="/oferty/$offerRequestId" params={{ offerRequestId: r.renewalOfferRequestId }}>
            {t('renewals.openRenewal')}
          </AnchorLink>
        ) : (
          <Button
            size="xs"
            loading={start.isPending && start.variables === r.id}
            onClick={() => start.mutate(r.id)}
          >
            {t('renewals.start')}
          </Button>
        ),
    },
  ];

  return (
    <Stack>
      <Title order={1}>{t('renewals.title')}</Title>
      <Select
        label={t('renewals.within')}
        allowDeselect={false}
        maw={260}
        data={['7', '30', '60', '90', '180'].map((d) => ({
          value: d,
          label: t('renewals.days', { count: Number(d) }),
        }))}
        value={withinDays}
        onChange={(v) => {
          if (!v) return;
          setWithinDays(v);
          pages.reset();
        }}
      />
      <ErrorAlert error={start.error} />
      <PagedTable
        query={renewals}
        pages={pages}
        columns={columns}
        rowKey={(r) => r.id}
        empty={t('renewals.none')}
        testId="renewals-table"
      />
    </Stack>
  );
}
