import { Alert, Button, Group, Modal, Paper, SimpleGrid, Stack, Text, Title } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { api, unwrap } from '../api/client';
import { ErrorAlert } from '../components/ErrorAlert';
import { MARKETING, type Campaign } from './shared';

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

export function CampaignDraft({ campaign }: { campaign: Campaign }) {
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
        <Alert color="teal" variant="filled" role="status" data-testid="test-sent">
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
