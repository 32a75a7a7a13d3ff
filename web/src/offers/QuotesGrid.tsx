import { Badge, Table } from '@mantine/core';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { FieldValue, has } from '../components/FieldValue';
import { formatDate, formatMoney } from '../lib/format';
import type { Quote } from './api';
import { formatPercent } from './percent';

function money(
  record: object,
  field: string,
  value: { amount: number; currency: string } | null | undefined,
) {
  return <FieldValue present={has(record, field)}>{formatMoney(value) || '—'}</FieldValue>;
}

/** What each insurer offered, one column per quote, as it was recorded. */
export function QuotesGrid({ quotes }: { quotes: Quote[] }) {
  const { t } = useTranslation();
  const codes = [...new Set(quotes.flatMap((q) => (q.coverages ?? []).map((c) => c.code)))];
  const row = (label: string, cell: (q: Quote) => ReactNode) => (
    <Table.Tr>
      <Table.Th scope="row">{label}</Table.Th>
      {quotes.map((q) => (
        <Table.Td key={q.id}>{cell(q)}</Table.Td>
      ))}
    </Table.Tr>
  );
  return (
    <Table.ScrollContainer minWidth={480}>
      <Table withTableBorder withColumnBorders data-testid="quotes-grid">
        <Table.Thead>
          <Table.Tr>
            <Table.Th scope="col">{t('card.insurer')}</Table.Th>
            {quotes.map((q) => (
              <Table.Th scope="col" key={q.id}>
                {q.insurerName}{' '}
                {q.status === 'declined' && (
                  <Badge color="gray.8" variant="filled">
                    {t('offers.badges.declined')}
                  </Badge>
                )}
              </Table.Th>
            ))}
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {row(t('card.product'), (q) =>
            q.status === 'declined' ? (q.declineReason ?? '—') : (q.productName ?? '—'),
          )}
          {row(t('card.premium'), (q) => money(q, 'premium', q.premium))}
          {row(t('offers.sumInsured'), (q) => money(q, 'sumInsured', q.sumInsured))}
          {row(t('offers.deductible'), (q) => money(q, 'deductible', q.deductible))}
          {row(t('offers.validUntil'), (q) => formatDate(q.validUntil) || '—')}
          {row(t('offers.commissionRate'), (q) =>
            q.commissionRate === null || q.commissionRate === undefined
              ? '—'
              : `${formatPercent(q.commissionRate)} (${formatMoney(q.commission)})`,
          )}
          {codes.map((code) => (
            <Table.Tr key={code}>
              <Table.Th scope="row">{t(`coverages.${code}`)}</Table.Th>
              {quotes.map((q) => {
                const c = q.coverages?.find((x) => x.code === code);
                return <Table.Td key={q.id}>{c ? formatMoney(c.limit) : '—'}</Table.Td>;
              })}
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}
