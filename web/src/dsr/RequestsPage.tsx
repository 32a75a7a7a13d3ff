import { Badge, Checkbox, Group, Select, Stack, Title } from '@mantine/core';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { getJson } from '../api/client';
import { useSession } from '../api/hooks';
import type { Page } from '../api/types';
import { AnchorLink, ButtonLink } from '../components/links';
import { PAGE_SIZE, PagedTable, useCursorPages, type Column } from '../components/PagedTable';
import { formatDate } from '../lib/format';
import { DSR_STATUSES, DSR_TYPES, type DsrRequest } from './api';
import { ClientName } from './ClientName';
import { Deadline } from './Deadline';

/** "Wnioski RODO": the inbox by due date, oldest first, filtered by type and state. */
export function RequestsPage() {
  const { t } = useTranslation();
  const { purpose } = useSession();
  const [type, setType] = useState<string | null>(null);
  const [status, setStatus] = useState<string | null>('open');
  const [overdue, setOverdue] = useState(false);
  const pages = useCursorPages();
  const requests = useQuery({
    queryKey: ['dsr', purpose, 'inbox', type, status, overdue, pages.cursor],
    queryFn: () =>
      getJson<Page<DsrRequest>>('/api/data-subject-requests', {
        type: type ?? undefined,
        status: status ?? undefined,
        overdue: overdue ? 'true' : undefined,
        limit: String(PAGE_SIZE),
        cursor: pages.cursor,
      }),
    placeholderData: keepPreviousData,
  });
  const columns: Column<DsrRequest>[] = [
    { key: 'due', header: t('dsr.dueAt'), cell: (r) => <Deadline request={r} /> },
    {
      key: 'type',
      header: t('dsr.type'),
      cell: (r) => (
        <AnchorLink to="/wnioski/$requestId" params={{ requestId: r.id }}>
          {t(`dsrTypes.${r.type}`)}
        </AnchorLink>
      ),
    },
    { key: 'person', header: t('dsr.person'), cell: (r) => <ClientName clientId={r.clientId} /> },
    { key: 'received', header: t('dsr.receivedAt'), cell: (r) => formatDate(r.receivedAt) },
    {
      key: 'status',
      header: t('dsr.status'),
      cell: (r) => (
        <Group gap={4}>
          <span>{t(`dsr.statuses.${r.status}`)}</span>
          {r.extended && (
            <Badge variant="outline" color="dark">
              {t('dsr.extended')}
            </Badge>
          )}
          {r.identity && (
            <Badge variant="outline" color="dark">
              {t('dsr.identityOk')}
            </Badge>
          )}
        </Group>
      ),
    },
  ];

  return (
    <Stack>
      <Group justify="space-between">
        <Title order={1}>{t('dsr.inboxTitle')}</Title>
        <ButtonLink to="/wnioski/nowy">{t('dsr.new')}</ButtonLink>
      </Group>
      <Group align="end">
        <Select
          label={t('dsr.filterType')}
          placeholder={t('dsr.allTypes')}
          clearable
          data={DSR_TYPES.map((v) => ({ value: v, label: t(`dsrTypes.${v}`) }))}
          value={type}
          onChange={(v) => {
            setType(v);
            pages.reset();
          }}
        />
        <Select
          label={t('dsr.filterStatus')}
          placeholder={t('dsr.allStatuses')}
          clearable
          data={DSR_STATUSES.map((v) => ({ value: v, label: t(`dsr.statuses.${v}`) }))}
          value={status}
          onChange={(v) => {
            setStatus(v);
            pages.reset();
          }}
        />
        <Checkbox
          label={t('dsr.onlyOverdue')}
          checked={overdue}
          onChange={(e) => {
            setOverdue(e.currentTarget.checked);
            pages.reset();
          }}
        />
      </Group>
      <PagedTable
        query={requests}
        pages={pages}
        columns={columns}
        rowKey={(r) => r.id}
        empty={t('dsr.none')}
        testId="dsr-inbox"
      />
    </Stack>
  );
}
