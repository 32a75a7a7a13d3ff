import { Button, Group, Stack, Table, Text } from '@mantine/core';
import type { UseQueryResult } from '@tanstack/react-query';
import { useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { ErrorAlert } from './ErrorAlert';

/** Rows a page of a register asks the API for. */
export const PAGE_SIZE = 25;

/** One column: its header and what a row shows in it. */
export interface Column<T> {
  key: string;
  header: string;
  cell: (row: T) => ReactNode;
}

/** The cursors of the pages seen so far; the last one is the page shown. */
export function useCursorPages() {
  const [cursors, setCursors] = useState<(string | undefined)[]>([undefined]);
  return {
    cursor: cursors[cursors.length - 1],
    page: cursors.length,
    reset: () => setCursors([undefined]),
    previous: () => setCursors((c) => (c.length > 1 ? c.slice(0, -1) : c)),
    next: (cursor: string) => setCursors((c) => [...c, cursor]),
  };
}

export type CursorPages = ReturnType<typeof useCursorPages>;

interface PagedTableProps<T> {
  /** A page of the API's list, read with `pages.cursor`. */
  query: UseQueryResult<{ items: T[]; nextCursor?: string | null }>;
  pages: CursorPages;
  columns: Column<T>[];
  rowKey: (row: T) => string;
  /** What an empty first page says. */
  empty: string;
  testId?: string;
}

/** A table of one page of an API list, paged forwards and back by the API's cursor. */
export function PagedTable<T>({ query, pages, columns, rowKey, empty, testId }: PagedTableProps<T>) {
  const { t } = useTranslation();
  const nextCursor = query.data?.nextCursor;
  const items = query.data?.items ?? [];
  return (
    <Stack>
      <ErrorAlert error={query.error} />
      {query.isPending && <Text>{t('app.loading')}</Text>}
      {query.data && items.length === 0 && <Text>{empty}</Text>}
      {items.length > 0 && (
        <Table.ScrollContainer minWidth={640}>
          <Table withTableBorder striped data-testid={testId}>
            <Table.Thead>
              <Table.Tr>
                {columns.map((c) => (
                  <Table.Th key={c.key}>{c.header}</Table.Th>
                ))}
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {items.map((row) => (
                <Table.Tr key={rowKey(row)}>
                  {columns.map((c) => (
                    <Table.Td key={c.key}>{c.cell(row)}</Table.Td>
                  ))}
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
      {(pages.page > 1 || nextCursor) && (
        <Group>
          <Button variant="outline" disabled={pages.page < 2} onClick={pages.previous}>
            {t('clients.previous')}
          </Button>
          <Text>{t('clients.page', { page: pages.page })}</Text>
          <Button
            variant="outline"
            disabled={!nextCursor}
            onClick={() => nextCursor && pages.next(nextCursor)}
          >
            {t('clients.next')}
          </Button>
        </Group>
      )}
    </Stack>
  );
}
