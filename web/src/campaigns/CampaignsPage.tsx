import { Button, Group, Stack, Table, Text, Title } from '@mantine/core';
import { useInfiniteQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { api, unwrap } from '../api/client';
import { ErrorAlert } from '../components/ErrorAlert';
import { AnchorLink, ButtonLink } from '../components/links';
import { formatDateTime } from '../lib/format';
import { MARKETING, StatusBadge } from './shared';

/** "Kampanie": newest first, with status and counts, a page of twenty at a time. */
export function CampaignsPage() {
  const { t } = useTranslation();
  const list = useInfiniteQuery({
    queryKey: ['campaigns', 'list'],
    initialPageParam: undefined as string | undefined,
    queryFn: ({ pageParam }) =>
      unwrap(
        api.GET('/api/campaigns', {
          params: { query: { limit: 20, cursor: pageParam }, header: MARKETING },
        }),
      ),
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });
  const items = list.data?.pages.flatMap((p) => p.items) ?? [];

  return (
    <Stack>
      <Group justify="space-between">
        <Title order={1}>{t('campaigns.title')}</Title>
        <ButtonLink to="/kampanie/nowa">{t('campaigns.new')}</ButtonLink>
      </Group>
      <ErrorAlert error={list.error} />
      {list.isPending && <Text>{t('app.loading')}</Text>}
      {list.data && items.length === 0 && <Text>{t('campaigns.empty')}</Text>}
      {items.length > 0 && (
        <Table withTableBorder striped data-testid="campaigns-table">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{t('campaigns.name')}</Table.Th>
              <Table.Th>{t('campaigns.statusLabel')}</Table.Th>
              <Table.Th>{t('campaigns.createdAt')}</Table.Th>
              <Table.Th>{t('campaigns.counts.targeted')}</Table.Th>
              <Table.Th>{t('campaigns.counts.sent')}</Table.Th>
              <Table.Th>{t('campaigns.counts.skipped')}</Table.Th>
              <Table.Th>{t('campaigns.counts.failed')}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {items.map((c) => (
              <Table.Tr key={c.id}>
                <Table.Td>
                  <AnchorLink to="/kampanie/$campaignId" params={{ campaignId: c.id }}>
                    {c.name}
                  </AnchorLink>
                </Table.Td>
                <Table.Td>
                  <StatusBadge status={c.status} />
                </Table.Td>
                <Table.Td>{formatDateTime(c.createdAt)}</Table.Td>
                <Table.Td>{c.counts.targeted}</Table.Td>
                <Table.Td>{c.counts.sent}</Table.Td>
                <Table.Td>{c.counts.skipped}</Table.Td>
                <Table.Td>{c.counts.failed}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
      {list.hasNextPage && (
        <Button variant="outline" loading={list.isFetchingNextPage} onClick={() => void list.fetchNextPage()}>
          {t('campaigns.more')}
        </Button>
      )}
    </Stack>
  );
}
