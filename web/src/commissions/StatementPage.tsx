import { Badge, Button, Group, Paper, SimpleGrid, Stack, Table, Text, Title } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useParams } from '@tanstack/react-router';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, getJson, purposeHeader, toApiError, unwrap } from '../api/client';
import { useSession } from '../api/hooks';
import { ErrorAlert } from '../components/ErrorAlert';
import { AnchorLink } from '../components/links';
import { formatDateTime, formatMoney } from '../lib/format';
import type { Statement, StatementLine } from './api';

/** Dark shades only: white text on them keeps a contrast of at least 4.5:1. */
const STATUS_COLOURS: Record<string, string> = {
  matched: 'teal.9',
  differs: 'red.9',
  unknown_policy: 'grape.9',
  missing: 'indigo.9',
};

/** The reconciliation of one statement: totals, each line's result, settling, and the accountant's export. */
export function StatementPage() {
  const { t } = useTranslation();
  const { statementId } = useParams({ from: '/app/prowizje/$statementId' });
  const { purpose } = useSession();
  const queryClient = useQueryClient();
  const [exported, setExported] = useState(false);
  const key = ['commission-statements', purpose, 'one', statementId];
  const statement = useQuery({
    queryKey: key,
    queryFn: () => getJson<Statement>(`/api/commission-statements/${statementId}`),
  });
  const settle = useMutation({
    mutationFn: (lineId: string) =>
      unwrap(
        api.POST('/api/commission-statements/{id}/lines/{lineId}/settle', {
          params: {
            path: { id: statementId, lineId },
            header: purposeHeader() as { 'X-Purpose': 'legal_obligation' },
          },
        }),
      ),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ['commission-statements'] }),
  });
  const exportCsv = useMutation({
    mutationFn: async () => {
      // The file comes with the session's token and purpose, so it is fetched and saved from memory.
      const { data, error, response } = await api.GET('/api/commission-statements/{id}/export', {
        params: {
          path: { id: statementId },
          query: { format: 'csv' },
          header: purposeHeader() as { 'X-Purpose': 'legal_obligation' },
        },
        parseAs: 'blob',
      });
      if (!response.ok || !data) throw toApiError(response.status, error);
      const url = URL.createObjectURL(data as Blob);
      const link = document.createElement('a');
      link.href = url;
      link.download = `zestawienie-prowizji-${statementId}.csv`;
      link.click();
      URL.revokeObjectURL(url);
    },
    onSuccess: () => setExported(true),
  });
  const s = statement.data;
  return (
    <Stack>
      <AnchorLink to="/prowizje">← {t('commissions.statement.back')}</AnchorLink>
      <ErrorAlert error={statement.error} />
      {statement.isPending && <Text>{t('app.loading')}</Text>}
      {s && (
        <>
          <Title order={1}>{t('commissions.statement.title', { insurer: s.insurerName })}</Title>
          <Text>{t('commissions.statement.importedAt', { at: formatDateTime(s.importedAt) })}</Text>
          <SimpleGrid cols={3} maw={760} data-testid="statement-totals">
            <Paper withBorder p="sm">
              <Text size="sm">{t('commissions.statement.expected')}</Text>
              <Text fw={700}>{formatMoney(s.expected)}</Text>
            </Paper>
            <Paper withBorder p="sm">
              <Text size="sm">{t('commissions.statement.paid')}</Text>
              <Text fw={700}>{formatMoney(s.paid)}</Text>
            </Paper>
            <Paper withBorder p="sm">
              <Text size="sm">{t('commissions.statement.difference')}</Text>
              <Text fw={700}>{formatMoney(s.difference)}</Text>
            </Paper>
          </SimpleGrid>
          <Text data-testid="statement-counts">
            {t('commissions.statement.counts', {
              matched: s.counts.matched,
              differs: s.counts.differs,
              unknown: s.counts.unknown_policy,
              missing: s.counts.missing,
              settled: s.counts.settled,
              lines: s.counts.lines,
            })}
          </Text>
          <Group>
            <Button variant="outline" onClick={() => exportCsv.mutate()} loading={exportCsv.isPending}>
              {t('commissions.statement.export')}
            </Button>
            {exported && <Text role="status">{t('commissions.statement.exported')}</Text>}
          </Group>
          <ErrorAlert error={exportCsv.error ?? settle.error} />
          <Title order={2} size="h3">
            {t('commissions.statement.linesTitle')}
          </Title>
          <Table.ScrollContainer minWidth={760}>
            <Table withTableBorder striped data-testid="statement-lines">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>{t('commissions.statement.policyNumber')}</Table.Th>
                  <Table.Th>{t('commissions.statement.status')}</Table.Th>
                  <Table.Th>{t('commissions.statement.expected')}</Table.Th>
                  <Table.Th>{t('commissions.statement.paid')}</Table.Th>
                  <Table.Th>{t('commissions.statement.difference')}</Table.Th>
                  <Table.Th>{t('commissions.statement.settled')}</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {s.lines.map((line) => (
                  <LineRow
                    key={line.id}
                    line={line}
                    onSettle={(id) => settle.mutate(id)}
                    busy={settle.isPending}
                  />
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
        </>
      )}
    </Stack>
  );
}

function LineRow({
  line,
  onSettle,
  busy,
}: {
  line: StatementLine;
  onSettle: (id: string) => void;
  busy: boolean;
}) {
  const { t } = useTranslation();
  const policy = line.policyNumber ?? '';
  return (
    <Table.Tr data-testid={`line-${line.status}`}>
      <Table.Td>
        {line.contractId ? (
          <AnchorLink to="/polisy/$contractId" params={{ contractId: line.contractId }}>
            {policy}
          </AnchorLink>
        ) : (
          policy
        )}
      </Table.Td>
      <Table.Td>
        <Badge color={STATUS_COLOURS[line.status]} variant="filled">
          {t(`commissions.statuses.${line.status}`, {
            amount: formatMoney(Math.abs(line.difference?.amount ?? 0)),
          })}
        </Badge>
      </Table.Td>
      <Table.Td>{line.expected ? formatMoney(line.expected) : '—'}</Table.Td>
      <Table.Td>{line.paid ? formatMoney(line.paid) : '—'}</Table.Td>
      <Table.Td>{line.difference ? formatMoney(line.difference) : ''}</Table.Td>
      <Table.Td>
        {line.settledAt ? (
          t('commissions.statement.settledOn', { at: formatDateTime(line.settledAt) })
        ) : (
          <Button
            size="xs"
            variant="outline"
            disabled={busy}
            aria-label={t('commissions.statement.settleLine', { policy })}
            onClick={() => onSettle(line.id)}
          >
            {t('commissions.statement.settle')}
          </Button>
        )}
      </Table.Td>
    </Table.Tr>
  );
}
