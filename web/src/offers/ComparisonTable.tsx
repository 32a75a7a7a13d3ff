import { Badge, Button, Group, Stack, Table, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { formatDate, formatMoney } from '../lib/format';
import type { Comparison, ComparisonColumn } from './api';

function ShortfallBadges({ column }: { column: ComparisonColumn }) {
  const { t } = useTranslation();
  return (
    <Group gap={4}>
      {column.shortfalls.includes('declined') && (
        <Badge color="gray.8" variant="filled">
          {t('offers.badges.declined')}
        </Badge>
      )}
      {column.shortfalls.includes('expired') && (
        // White on orange.9 is 4.4:1, under what small text needs: dark text on yellow instead.
        <Badge color="yellow.4" c="dark.9" variant="filled">
          {t('offers.badges.expired')}
        </Badge>
      )}
      {column.shortfalls.includes('missing_coverage') && (
        <Badge color="red.9" variant="filled">
          {t('offers.badges.noCover')}
        </Badge>
      )}
      {column.shortfalls.includes('premium_above_max') && (
        <Badge color="red.9" variant="filled">
          {t('offers.badges.overBudget')}
        </Badge>
      )}
    </Group>
  );
}

/** The API's comparison, side by side; it ranks, the broker chooses. */
export function ComparisonTable({
  comparison,
  onChoose,
  chosen,
}: {
  comparison: Comparison;
  onChoose?: (quoteId: string) => void;
  chosen: string | null;
}) {
  const { t } = useTranslation();
  const cols = comparison.columns;
  const overBudget = (c: ComparisonColumn) => c.shortfalls.includes('premium_above_max');
  return (
    <Stack>
      <Text size="sm">
        {t('offers.comparison.asOf', { date: formatDate(comparison.asOf) })}{' '}
        {comparison.needs.maxPremium
          ? t('offers.comparison.budget', { amount: formatMoney(comparison.needs.maxPremium) })
          : ''}
      </Text>
      <Table.ScrollContainer minWidth={480}>
        <Table withTableBorder withColumnBorders data-testid="comparison">
          <Table.Thead>
            <Table.Tr>
              <Table.Th scope="col">{t('offers.comparison.row')}</Table.Th>
              {cols.map((c) => (
                <Table.Th scope="col" key={c.quoteId} data-quote={c.quoteId}>
                  <Stack gap={4}>
                    <Text fw={700}>{c.insurerName}</Text>
                    {c.productName && <Text size="sm">{c.productName}</Text>}
                    {comparison.cheapestMeetingNeeds === c.quoteId && (
                      <Badge color="teal.9" variant="filled" data-testid="cheapest">
                        {t('offers.badges.cheapest')}
                      </Badge>
                    )}
                    <ShortfallBadges column={c} />
                  </Stack>
                </Table.Th>
              ))}
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {comparison.rows.map((r) => (
              <Table.Tr key={r.code}>
                <Table.Th scope="row">
                  {t(`coverages.${r.code}`)}
                  {r.required && (
                    <Text span size="xs" fw={400}>
                      {' '}
                      ({t('offers.comparison.required')})
                    </Text>
                  )}
                </Table.Th>
                {cols.map((c) => {
                  const cell = r.cells.find((x) => x.quoteId === c.quoteId);
                  return (
                    <Table.Td key={c.quoteId}>
                      {cell?.limit ? (
                        formatMoney(cell.limit)
                      ) : c.status === 'declined' ? (
                        '—'
                      ) : r.required ? (
                        <Badge color="red.9" variant="outline">
                          {t('offers.badges.noCover')}
                        </Badge>
                      ) : (
                        <Text span size="sm">
                          {t('offers.comparison.notIncluded')}
                        </Text>
                      )}
                    </Table.Td>
                  );
                })}
              </Table.Tr>
            ))}
            <Table.Tr>
              <Table.Th scope="row">{t('card.premium')}</Table.Th>
              {cols.map((c) => (
                <Table.Td key={c.quoteId}>
                  {formatMoney(c.premium) || '—'}{' '}
                  {overBudget(c) && (
                    <Badge color="red.9" variant="outline">
                      {t('offers.badges.overBudget')}
                    </Badge>
                  )}
                </Table.Td>
              ))}
            </Table.Tr>
            <Table.Tr>
              <Table.Th scope="row">{t('offers.sumInsured')}</Table.Th>
              {cols.map((c) => (
                <Table.Td key={c.quoteId}>{formatMoney(c.sumInsured) || '—'}</Table.Td>
              ))}
            </Table.Tr>
            <Table.Tr>
              <Table.Th scope="row">{t('offers.deductible')}</Table.Th>
              {cols.map((c) => (
                <Table.Td key={c.quoteId}>{formatMoney(c.deductible) || '—'}</Table.Td>
              ))}
            </Table.Tr>
            <Table.Tr>
              <Table.Th scope="row">{t('offers.validUntil')}</Table.Th>
              {cols.map((c) => (
                <Table.Td key={c.quoteId}>
                  {c.status === 'declined' ? (
                    <Text span size="sm">
                      {t('offers.badges.declined')}: {c.declineReason}
                    </Text>
                  ) : (
                    <>
                      {formatDate(c.validUntil)}{' '}
                      {c.expired && (
                        <Badge color="orange.9" variant="outline">
                          {t('offers.badges.expired')}
                        </Badge>
                      )}
                    </>
                  )}
                </Table.Td>
              ))}
            </Table.Tr>
            {onChoose && (
              <Table.Tr className="no-print">
                <Table.Th scope="row">{t('offers.conclude.title')}</Table.Th>
                {cols.map((c) => (
                  <Table.Td key={c.quoteId}>
                    {c.status === 'offered' && !c.expired && (
                      <Button
                        size="xs"
                        variant={chosen === c.quoteId ? 'filled' : 'outline'}
                        aria-pressed={chosen === c.quoteId}
                        onClick={() => onChoose(c.quoteId)}
                      >
                        {t('offers.conclude.choose', { insurer: c.insurerName })}
                      </Button>
                    )}
                  </Table.Td>
                ))}
              </Table.Tr>
            )}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
    </Stack>
  );
}
