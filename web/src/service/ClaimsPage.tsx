import { Badge, Stack, Text, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { getJson } from '../api/client';
import { useSession } from '../api/hooks';
import type { Page } from '../api/types';
import { FieldValue, has } from '../components/FieldValue';
import { AnchorLink } from '../components/links';
import { PAGE_SIZE, PagedTable, useCursorPages, type Column } from '../components/PagedTable';
import { formatDate, formatMoney } from '../lib/format';
import { STATUS_COLOURS, useServiceAccess, type Claim } from './access';

/** A claim's status as a badge in the user's language. */
export function ClaimStatusBadge({ status }: { status: Claim['status'] }) {
  const { t } = useTranslation();
  return (
    <Badge color={STATUS_COLOURS[status]} variant="outline" data-testid="claim-status">
      {t(`service.claims.status.${status}`)}
    </Badge>
  );
}

/** The columns of a list of claims (the claims page and the client card's tab). */
export function useClaimColumns(): Column<Claim>[] {
  const { t } = useTranslation();
  return [
    {
      key: 'loss',
      header: t('service.claims.dateOfLoss'),
      cell: (c) => (
        <AnchorLink to="/szkody/$claimId" params={{ claimId: c.id }}>
          {has(c, 'dateOfLoss') ? formatDate(c.dateOfLoss) : t('service.claims.open')}
        </AnchorLink>
      ),
    },
    { key: 'policy', header: t('service.claims.policy'), cell: (c) => c.policyNumber ?? '' },
    {
      key: 'number',
      header: t('service.claims.insurerClaimNumber'),
      cell: (c) => (
        <FieldValue present={has(c, 'insurerClaimNumber')}>{c.insurerClaimNumber ?? '—'}</FieldValue>
      ),
    },
    {
      key: 'claimed',
      header: t('service.claims.amountClaimed'),
      cell: (c) => (
        <FieldValue present={has(c, 'amountClaimed')}>{formatMoney(c.amountClaimed) || '—'}</FieldValue>
      ),
    },
    {
      key: 'status',
      header: t('service.claims.statusLabel'),
      cell: (c) => <ClaimStatusBadge status={c.status} />,
    },
  ];
}

/** "Szkody": every claim the purpose sees, newest first. */
export function ClaimsPage() {
  const { t } = useTranslation();
  const { purpose } = useSession();
  const access = useServiceAccess();
  const pages = useCursorPages();
  const cursor = pages.cursor;
  const claims = useQuery({
    queryKey: ['claims', purpose, 'all', cursor],
    queryFn: () => getJson<Page<Claim>>('/api/claims', { limit: String(PAGE_SIZE), cursor }),
    enabled: access.readsClaims,
  });
  const columns = useClaimColumns();
  return (
    <Stack>
      <Title order={1}>{t('service.claims.title')}</Title>
      {!access.loaded ? (
        <Text>{t('app.loading')}</Text>
      ) : !access.readsClaims ? (
        <Text>{t('service.claims.notInPurpose')}</Text>
      ) : (
        <>
          <Text c="dimmed">{t('service.claims.howToReport')}</Text>
          <PagedTable
            query={claims}
            pages={pages}
            columns={columns}
            rowKey={(c) => c.id}
            empty={t('service.claims.none')}
            testId="claims-table"
          />
        </>
      )}
    </Stack>
  );
}
