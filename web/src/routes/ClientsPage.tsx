import { Button, Group, Stack, Table, Text, TextInput, Title, UnstyledButton } from '@mantine/core';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { getJson } from '../api/client';
import { usePurposeAllows, useSession } from '../api/hooks';
import type { Client, Page } from '../api/types';
import { ClientBadges } from '../components/ClientBadges';
import { ErrorAlert } from '../components/ErrorAlert';
import { AnchorLink, ButtonLink } from '../components/links';
import { has } from '../components/FieldValue';
import { formatDate, formatPhone } from '../lib/format';
import { clientsListMemory } from '../lib/list-memory';
import { classifySearch } from '../lib/search';

type Sort = 'createdAt' | 'lastName';

export function clientName(t: (key: string, vars?: Record<string, unknown>) => string, c: Client): string {
  const name = [c.firstName, c.lastName].filter(Boolean).join(' ');
  return name || t('clients.noName', { id: c.id.slice(0, 8) });
}

export function ClientsPage() {
  const { t } = useTranslation();
  const { purpose } = useSession();
  const allows = usePurposeAllows(purpose);
  const [draft, setDraft] = useState(clientsListMemory.text);
  const [text, setText] = useState(clientsListMemory.text);
  const [sort, setSort] = useState<Sort>(clientsListMemory.sort);
  const [cursors, setCursors] = useState<Array<string | undefined>>(clientsListMemory.cursors);
  const cursor = cursors[cursors.length - 1];
  Object.assign(clientsListMemory, { text, sort, cursors });

  const list = useQuery({
    queryKey: ['clients', purpose, 'list', text, sort, cursor],
    queryFn: () =>
      getJson<Page<Client>>('/api/clients', { ...classifySearch(text), sort, cursor, limit: '50' }),
    placeholderData: keepPreviousData,
  });

  function search(event: FormEvent) {
    event.preventDefault();
    setText(draft);
    setCursors([undefined]);
  }

  function sortBy(next: Sort) {
    setSort(next);
    setCursors([undefined]);
  }

  const header = (key: Sort, label: string) => (
    <Table.Th aria-sort={sort === key ? 'ascending' : 'none'}>
      <UnstyledButton
        onClick={() => sortBy(key)}
        fw={700}
        aria-label={t('clients.sortBy', { column: label })}
      >
        {label} {sort === key ? '▲' : ''}
      </UnstyledButton>
    </Table.Th>
  );

  const items = list.data?.items ?? [];
  return (
    <Stack>
      <Group justify="space-between">
        <Title order={1}>{t('clients.title')}</Title>
        {allows.writesClients && <ButtonLink to="/klienci/nowy">{t('nav.newClient')}</ButtonLink>}
      </Group>
      <form onSubmit={search} role="search">
        <Group align="flex-end">
          <TextInput
            label={t('clients.search')}
            description={t('clients.searchHint')}
            value={draft}
            onChange={(e) => setDraft(e.currentTarget.value)}
            w={420}
            name="client-search"
          />
          <Button type="submit">{t('clients.searchSubmit')}</Button>
          {text && (
            <Button
              variant="subtle"
              onClick={() => {
                setDraft('');
                setText('');
                setCursors([undefined]);
              }}
            >
              {t('clients.clear')}
            </Button>
          )}
        </Group>
      </form>
      <ErrorAlert error={list.error} />
      <Table
        withTableBorder
        className="clients-table"
        aria-busy={list.isFetching}
        data-testid="clients-table"
      >
        <Table.Caption>
          {t('clients.page', { page: cursors.length })} · {t('clients.count', { count: items.length })}
        </Table.Caption>
        <Table.Thead>
          <Table.Tr>
            {header('lastName', t('clients.name'))}
            <Table.Th>{t('clients.pesel')}</Table.Th>
            <Table.Th>{t('clients.email')}</Table.Th>
            <Table.Th>{t('clients.phone')}</Table.Th>
            <Table.Th>{t('clients.city')}</Table.Th>
            <Table.Th>{t('clients.status')}</Table.Th>
            {header('createdAt', t('clients.createdAt'))}
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {items.map((c) => (
            <ClientRow key={c.id} client={c} />
          ))}
        </Table.Tbody>
      </Table>
      {list.isSuccess && items.length === 0 && <Text>{t('clients.empty')}</Text>}
      <Group>
        <Button
          variant="default"
          disabled={cursors.length <= 1}
          onClick={() => setCursors(cursors.slice(0, -1))}
        >
          {t('clients.previous')}
        </Button>
        <Button
          variant="default"
          disabled={!list.data?.nextCursor}
          onClick={() => list.data?.nextCursor && setCursors([...cursors, list.data.nextCursor])}
        >
          {t('clients.next')}
        </Button>
      </Group>
    </Stack>
  );
}

/**
 * One row of the list, kept light (plain elements, one router link): fifty of them render at once
 * when a page arrives.
 */
function ClientRow({ client: c }: { client: Client }) {
  const { t } = useTranslation();
  const hidden = <span className="field-hidden">{t('app.notVisible')}</span>;
  return (
    <tr data-client-id={c.id}>
      <td>
        <AnchorLink to="/klienci/$clientId" params={{ clientId: c.id }} preload={false}>
          {clientName(t, c)}
        </AnchorLink>
      </td>
      <td>{has(c, 'pesel') ? c.pesel : hidden}</td>
      <td>{has(c, 'email') ? c.email : hidden}</td>
      <td>{has(c, 'phone') ? formatPhone(c.phone) : hidden}</td>
      <td>{has(c, 'address') ? c.address?.city : hidden}</td>
      <td>
        {c.status === 'anonymised' || c.restricted ? (
          <ClientBadges client={c as unknown as Record<string, unknown>} />
        ) : (
          t('badges.active')
        )}
      </td>
      <td>{formatDate(c.createdAt)}</td>
    </tr>
  );
}
