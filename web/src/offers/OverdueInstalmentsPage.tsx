import { Stack, Text, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { getJson } from '../api/client';
import { useSession } from '../api/hooks';
import type { components } from '../api/schema';
import type { Page } from '../api/types';
import { FieldValue, has } from '../components/FieldValue';
import { AnchorLink } from '../components/links';
import { PAGE_SIZE, PagedTable, useCursorPages, type Column } from '../components/PagedTable';
import { formatDate, formatMoney } from '../lib/format';
import { todayIso, useBookAccess } from './book-access';
import { InstalmentStatus } from './InstalmentStatus';

type OverdueItem = components['schemas']['InstalmentListItemDto'];

/** "Zaległe raty": instalments due before today and not paid in full, oldest first, a page at a time. */
export function OverdueInstalmentsPage() {
  const { t } = useTranslation();
  const { purpose } = useSession();
  const access = useBookAccess();
  const pages = useCursorPages();
  const cursor = pages.cursor;
  const overdue = useQuery({
    queryKey: ['instalments', purpose, 'overdue', cursor],
    queryFn: () =>
      getJson<Page<OverdueItem>>('/api/instalments', {
        overdue: 'true',
        limit: String(PAGE_SIZE),
        cursor,
      }),
    enabled: access.readsInstalments,
  });
  const today = todayIso();
  const columns: Column<OverdueItem>[] = [
    {
      key: 'policy',
      header: t('card.policyNumber'),
      cell: (i) => (
        <AnchorLink to="/polisy/$contractId" params={{ contractId: i.contract.id }}>
          {has(i.contract, 'policyNumber') ? i.contract.policyNumber : t('contracts.open')}
        </AnchorLink>
      ),
    },
    {
      key: 'number',
      header: t('book.instalments.number'),
      cell: (i) => t('book.instalments.numberOf', { number: i.number, of: i.count }),
    },
    {
      key: 'due',
      header: t('book.instalments.dueDate'),
      cell: (i) => <FieldValue present={has(i, 'dueDate')}>{formatDate(i.dueDate)}</FieldValue>,
    },
    {
      key: 'amount',
      header: t('book.instalments.amount'),
      cell: (i) => <FieldValue present={has(i, 'amount')}>{formatMoney(i.amount)}</FieldValue>,
    },
    {
      key: 'paid',
      header: t('book.instalments.paid'),
      cell: (i) => <FieldValue present={has(i, 'paidAmount')}>{formatMoney(i.paidAmount)}</FieldValue>,
    },
    {
      key: 'status',
      header: t('book.instalments.status'),
      cell: (i) => <InstalmentStatus instalment={i} today={today} />,
    },
  ];
  return (
    <Stack>
      <Title order={1}>{t('book.overdue.title')}</Title>
      {!access.loaded ? (
        <Text>{t('app.loading')}</Text>
      ) : !access.readsInstalments ? (
        <Text>{t('book.overdue.notInPurpose')}</Text>
      ) : (
        <PagedTable
          query={overdue}
          pages={pages}
          columns={columns}
          rowKey={(i) => i.id}
          empty={t('book.overdue.none')}
          testId="overdue-table"
        />
      )}
    </Stack>
  );
}
