import type { UseQueryResult } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import type { Contract, Page } from '../api/types';
import { FieldValue, has } from '../components/FieldValue';
import { AnchorLink } from '../components/links';
import { PagedTable, type Column, type CursorPages } from '../components/PagedTable';
import { formatDate, formatMoney } from '../lib/format';

/** Contracts as the register and the client's card list them, a page at a time. */
export function ContractsTable({
  query,
  pages,
  testId,
}: {
  query: UseQueryResult<Page<Contract>>;
  pages: CursorPages;
  testId?: string;
}) {
  const { t } = useTranslation();
  const columns: Column<Contract>[] = [
    {
      key: 'number',
      header: t('card.policyNumber'),
      cell: (c) => (
        <AnchorLink to="/polisy/$contractId" params={{ contractId: c.id }}>
          {has(c, 'policyNumber') ? c.policyNumber : t('contracts.open')}
        </AnchorLink>
      ),
    },
    { key: 'insurer', header: t('card.insurer'), cell: (c) => c.insurerName },
    { key: 'line', header: t('card.lineOfBusiness'), cell: (c) => t(`lines.${c.lineOfBusiness}`) },
    {
      key: 'period',
      header: t('card.period'),
      cell: (c) => (
        <FieldValue present={has(c, 'startDate')}>
          {formatDate(c.startDate)} – {formatDate(c.endDate)}
        </FieldValue>
      ),
    },
    {
      key: 'premium',
      header: t('card.premium'),
      cell: (c) => <FieldValue present={has(c, 'premium')}>{formatMoney(c.premium)}</FieldValue>,
    },
    { key: 'status', header: t('clients.status'), cell: (c) => t(`statuses.${c.status}`) },
  ];
  return (
    <PagedTable
      query={query}
      pages={pages}
      columns={columns}
      rowKey={(c) => c.id}
      empty={t('card.noPolicies')}
      testId={testId}
    />
  );
}
