import {
  Alert,
  Badge,
  Button,
  Group,
  Modal,
  Paper,
  Progress,
  Select,
  SimpleGrid,
  Stack,
  Table,
  Text,
  Textarea,
  TextInput,
  Title,
} from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { useInfiniteQuery, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useNavigate, useParams } from '@tanstack/react-router';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { api, unwrap } from '../api/client';
import type { components } from '../api/schema';
import { ErrorAlert } from '../components/ErrorAlert';
import { AnchorLink, ButtonLink } from '../components/links';
import { formatDateTime } from '../lib/format';

type Campaign = components['schemas']['CampaignResponseDto'];
type CampaignStatus = Campaign['status'];
type LineOfBusiness = NonNullable<components['schemas']['CampaignAudienceDto']['lineOfBusiness']>;

/** Campaigns are read and sent only under the marketing purpose. */
const MARKETING = { 'X-Purpose': 'marketing' } as const;
const LINES: LineOfBusiness[] = ['motor', 'home', 'travel', 'life', 'health', 'property', 'liability'];
/** The placeholders the API fills (HTML-escaped) for each recipient. */
const PLACEHOLDERS = ['{{firstName}}', '{{lastName}}'];
/** While a campaign sends, its counts are read again this often. */
const POLL_MS = 2000;

const STATUS_COLOURS: Record<CampaignStatus, string> = {
  draft: 'gray.8',
  running: 'blue.9',
  done: 'teal.9',
  cancelled: 'red.9',
};

function StatusBadge({ status }: { status: CampaignStatus }) {
  const { t } = useTranslation();
  return (
    <Badge color={STATUS_COLOURS[status]} variant="outline" data-testid="campaign-status">
      {t(`campaigns.status.${status}`)}
    </Badge>
  );
}

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

export function NewCampaignPage() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const [name, setName] = useState('');
  const [subject, setSubject] = useState('');
  const [body, setBody] = useState('');
  const [line, setLine] = useState<string | null>(null);
  const create = useMutation({
    mutationFn: () =>
      unwrap(
        api.POST('/api/campaigns', {
          params: { header: MARKETING },
          body: {
            name: name.trim(),
            channel: 'email',
            subject,
            body,
            ...(line ? { audience: { lineOfBusiness: line as LineOfBusiness } } : {}),
          },
        }),
      ),
    onSuccess: async (created) => {
      await queryClient.invalidateQueries({ queryKey: ['campaigns', 'list'] });
      await navigate({ to: '/kampanie/$campaignId', params: { campaignId: created.id } });
    },
  });

  function submit(e: FormEvent) {
    e.preventDefault();
    create.mutate();
  }

  return (
    <Stack maw={760}>
      <AnchorLink to="/kampanie">← {t('campaigns.back')}</AnchorLink>
      <Title order={1}>{t('campaigns.new')}</Title>
      <form onSubmit={submit} aria-label={t('campaigns.new')}>
        <Stack>
          <TextInput
            label={t('campaigns.name')}
            required
            value={name}
            onChange={(e) => setName(e.currentTarget.value)}
          />
          <TextInput
            label={t('campaigns.subject')}
            required
            value={subject}
            onChange={(e) => setSubject(e.currentTarget.value)}
          />
          <Textarea
            label={t('campaigns.body')}
            description={t('campaigns.placeholders', { list: PLACEHOLDERS.join(', ') })}
            required
            autosize
            minRows={6}
            value={body}
            onChange={(e) => setBody(e.currentTarget.value)}
          />
          <Select
            label={t('campaigns.lineOfBusiness')}
            description={t('campaigns.lineHint')}
            clearable
            value={line}
            onChange={setLine}
            data={LINES.map((l) => ({ value: l, label: t(`campaigns.lines.${l}`) }))}
          />
          <ErrorAlert error={create.error} />
          <Group>
            <Button type="submit" loading={create.isPending}>
              {t('campaigns.saveDraft')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Stack>
  );
}

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
            <StatusBadge status={c.status} />
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
          </SimpleGrid>
          {c.status === 'draft' ? <Draft campaign={c} /> : <Progressing campaign={c} />}
        </>
      )}
    </Stack>
  );
}

function Audience({ campaign }: { campaign: Campaign }) {
  const { t } = useTranslation();
  const { eligible, excluded } = campaign.audience;
  return (
    <Paper withBorder p="md" data-testid="audience">
      <Title order={2} size="h3" mb="xs">
        {t('campaigns.audience.title')}
      </Title>
      <Text fw={700} data-testid="audience-eligible" data-count={eligible ?? 0}>
        {t('campaigns.audience.eligible', { count: eligible ?? 0 })}
      </Text>
      {excluded && (
        <>
          <Text mt="sm" fw={600}>
            {t('campaigns.audience.excludedTitle')}
          </Text>
          <SimpleGrid component="dl" cols={2} spacing={4} maw={480}>
            {(['noConsent', 'objection', 'restricted', 'noAddress'] as const).map((k) => (
              <div key={k} style={{ display: 'contents' }}>
                <Text component="dt">{t(`campaigns.audience.${k}`)}</Text>
                <Text component="dd" m={0} data-testid={`excluded-${k}`}>
                  {t('campaigns.audience.people', { count: excluded[k] })}
                </Text>
              </div>
            ))}
          </SimpleGrid>
        </>
      )}
    </Paper>
  );
}

function Draft({ campaign }: { campaign: Campaign }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const [confirming, confirm] = useDisclosure(false);
  const id = campaign.id;
  const preview = useMutation({
    mutationFn: () =>
      unwrap(
        api.POST('/api/campaigns/{id}/preview', {
          params: { path: { id }, header: MARKETING },
          body: {},
        }),
      ),
  });
  const testSend = useMutation({
    mutationFn: () =>
      unwrap(api.POST('/api/campaigns/{id}/test-send', { params: { path: { id }, header: MARKETING } })),
  });
  const launch = useMutation({
    mutationFn: () =>
      unwrap(api.POST('/api/campaigns/{id}/launch', { params: { path: { id }, header: MARKETING } })),
    onSuccess: async (launched) => {
      confirm.close();
      queryClient.setQueryData(['campaigns', 'one', id], launched);
      await queryClient.invalidateQueries({ queryKey: ['campaigns'] });
    },
  });
  const eligible = campaign.audience.eligible ?? 0;

  return (
    <Stack>
      <Audience campaign={campaign} />
      <Group>
        <Button variant="outline" onClick={() => preview.mutate()} loading={preview.isPending}>
          {t('campaigns.preview')}
        </Button>
        <Button variant="outline" onClick={() => testSend.mutate()} loading={testSend.isPending}>
          {t('campaigns.testSend')}
        </Button>
        <Button onClick={confirm.open} disabled={eligible === 0}>
          {t('campaigns.launch')}
        </Button>
      </Group>
      <ErrorAlert error={preview.error ?? testSend.error} />
      {testSend.data && (
        <Alert color="teal.9" variant="filled" role="status" data-testid="test-sent">
          {t('campaigns.testSent', { to: testSend.data.to, subject: testSend.data.subject })}
        </Alert>
      )}
      {preview.data && (
        <Paper withBorder p="md" data-testid="preview">
          <Title order={2} size="h3">
            {t('campaigns.previewTitle')}
          </Title>
          <Text size="sm" c="dimmed">
            {t('campaigns.previewFor', { id: preview.data.clientId })}
          </Text>
          <Text fw={700} mt="sm">
            {t('campaigns.subject')}: {preview.data.subject}
          </Text>
          {/* The text part, shown as text: the mail's HTML is never put into the page. */}
          <Text component="pre" mt="sm" style={{ whiteSpace: 'pre-wrap', fontFamily: 'inherit' }}>
            {preview.data.text}
          </Text>
        </Paper>
      )}
      <Modal
        opened={confirming}
        onClose={confirm.close}
        title={t('campaigns.confirmTitle')}
        closeButtonProps={{ 'aria-label': t('app.close') }}
      >
        <Stack>
          <Text>{t('campaigns.confirmText', { count: eligible })}</Text>
          <ErrorAlert error={launch.error} />
          <Group justify="flex-end">
            <Button variant="subtle" onClick={confirm.close}>
              {t('campaigns.cancelDialog')}
            </Button>
            <Button onClick={() => launch.mutate()} loading={launch.isPending}>
              {t('campaigns.confirmLaunch')}
            </Button>
          </Group>
        </Stack>
      </Modal>
    </Stack>
  );
}

function Progressing({ campaign }: { campaign: Campaign }) {
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
