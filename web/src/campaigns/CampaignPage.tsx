import { Group, SimpleGrid, Stack, Text, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useParams } from '@tanstack/react-router';
import { useTranslation } from 'react-i18next';
import { api, unwrap } from '../api/client';
import { ErrorAlert } from '../components/ErrorAlert';
import { AnchorLink } from '../components/links';
import { formatDateTime } from '../lib/format';
import { CampaignDraft } from './CampaignDraft';
import { CancelCampaign, isCancellable } from './CancelCampaign';
import { CampaignProgress } from './CampaignProgress';
import { MARKETING, POLL_MS, StatusBadge } from './shared';

/** One campaign: a draft with its audience and launch, or the progress of its sending. */
export function CampaignPage() {
  const { t } = useTranslation();
  const { campaignId } = useParams({ from: '/app/kampanie/$campaignId' });
  const campaign = useQuery({
    queryKey: ['campaigns', 'one', campaignId],
    queryFn: () =>
      unwrap(api.GET('/api/campaigns/{id}', { params: { path: { id: campaignId }, header: MARKETING } })),
    refetchInterval: (query) => (query.state.data?.status === 'running' ? POLL_MS : false),
  });
  const c = campaign.data;

  return (
    <Stack>
      <AnchorLink to="/kampanie">← {t('campaigns.back')}</AnchorLink>
      <ErrorAlert error={campaign.error} />
      {campaign.isPending && <Text>{t('app.loading')}</Text>}
      {c && (
        <>
          <Group justify="space-between">
            <Title order={1}>{c.name}</Title>
            <Group>
              <StatusBadge status={c.status} />
              {isCancellable(c) && <CancelCampaign campaign={c} />}
            </Group>
          </Group>
          <SimpleGrid component="dl" cols={2} spacing="xs" maw={760}>
            <Text component="dt" fw={600}>
              {t('campaigns.subject')}
            </Text>
            <Text component="dd" m={0}>
              {c.subject}
            </Text>
            <Text component="dt" fw={600}>
              {t('campaigns.line')}
            </Text>
            <Text component="dd" m={0}>
              {c.audience.lineOfBusiness
                ? t(`campaigns.lines.${c.audience.lineOfBusiness}`)
                : t('campaigns.allLines')}
            </Text>
            <Text component="dt" fw={600}>
              {t('campaigns.createdAt')}
            </Text>
            <Text component="dd" m={0}>
              {formatDateTime(c.createdAt)}
            </Text>
            {c.launchedAt && (
              <>
                <Text component="dt" fw={600}>
                  {t('campaigns.launchedAt')}
                </Text>
                <Text component="dd" m={0}>
                  {formatDateTime(c.launchedAt)}
                </Text>
              </>
            )}
            {c.cancelledAt && (
              <>
                <Text component="dt" fw={600}>
                  {t('campaigns.cancelledAt')}
                </Text>
                <Text component="dd" m={0} data-testid="campaign-cancelled-at">
                  {formatDateTime(c.cancelledAt)}
                </Text>
              </>
            )}
          </SimpleGrid>
          {c.status === 'draft' ? <CampaignDraft campaign={c} /> : <CampaignProgress campaign={c} />}
        </>
      )}
    </Stack>
  );
}
