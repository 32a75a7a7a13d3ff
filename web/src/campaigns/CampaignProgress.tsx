import { Button, Paper, Progress, Stack, Table, Text, Title } from '@mantine/core';
import { useInfiniteQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { api, unwrap } from '../api/client';
import { ErrorAlert } from '../components/ErrorAlert';
import { MARKETING, type Campaign, type CampaignStatus } from './shared';

export function CampaignProgress({ campaign }: { campaign: Campaign }) {
  const { t } = useTranslation();
  const { targeted, sent, skipped, failed } = campaign.counts;
  const finished = sent + skipped + failed;
  const percent =
    targeted > 0 ? Math.round((finished / targeted) * 100) : campaign.status === 'done' ? 100 : 0;
  return (
    <Stack>
      <Paper withBorder p="md" data-testid="progress">
        <Title order={2} size="h3" mb="xs">
          {t('campaigns.progress')}
        </Title>
        <Progress value={percent} size="lg" aria-label={t('campaigns.progressLabel', { percent })} />
        <Text mt="xs" data-testid="progress-counts" aria-live="polite">
          {t('campaigns.progressCounts', { sent, skipped, failed, targeted })}
        </Text>
      </Paper>
      <Recipients campaignId={campaign.id} status={campaign.status} finished={finished} />
    </Stack>
  );
}

function Recipients({
  campaignId,
  status,
  finished,
}: {
  campaignId: string;
  status: CampaignStatus;
  finished: number;
}) {
  const { t } = useTranslation();
  const recipients = useInfiniteQuery({
    // The finished count is in the key, so the table follows the progress.
    queryKey: ['campaigns', 'recipients', campaignId, status, finished],
    initialPageParam: undefined as string | undefined,
    queryFn: ({ pageParam }) =>
      unwrap(
        api.GET('/api/campaigns/{id}/recipients', {
          params: { path: { id: campaignId }, query: { limit: 50, cursor: pageParam }, header: MARKETING },
        }),
      ),
    getNextPageParam: (last) => last.nextCursor ?? undefined,
    placeholderData: (previous) => previous,
  });
  const items = recipients.data?.pages.flatMap((p) => p.items) ?? [];
  return (
    <Stack>
      <Title order={2} size="h3">
        {t('campaigns.recipients')}
      </Title>
      <ErrorAlert error={recipients.error} />
      {items.length === 0 && recipients.data && <Text>{t('campaigns.noRecipients')}</Text>}
      {items.length > 0 && (
        <Table withTableBorder striped data-testid="recipients-table">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{t('campaigns.recipientId')}</Table.Th>
              <Table.Th>{t('campaigns.statusLabel')}</Table.Th>
              <Table.Th>{t('campaigns.reason')}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {items.map((r) => (
              <Table.Tr key={r.clientId}>
                <Table.Td>
                  <Text component="code" size="sm">
                    {r.clientId}
                  </Text>
                </Table.Td>
                <Table.Td>{t(`campaigns.recipientStatus.${r.status}`)}</Table.Td>
                <Table.Td>{r.reason ?? '—'}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
      {recipients.hasNextPage && (
        <Button
          variant="outline"
          loading={recipients.isFetchingNextPage}
          onClick={() => void recipients.fetchNextPage()}
        >
          {t('campaigns.more')}
        </Button>
      )}
    </Stack>
  );
}
