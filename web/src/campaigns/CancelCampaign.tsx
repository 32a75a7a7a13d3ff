import { Button, Group, Modal, Stack, Text } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { api, unwrap } from '../api/client';
import { ErrorAlert } from '../components/ErrorAlert';
import { MARKETING, type Campaign } from './shared';

/** A draft, or a campaign still sending: what "Anuluj kampanię" can stop. */
export function isCancellable(campaign: Campaign): boolean {
  return campaign.status === 'draft' || campaign.status === 'running';
}

/**
 * Cancels the campaign after a confirmation: a draft can no longer be launched; a running campaign
 * sends nothing more (the API marks its queued recipients as skipped).
 */
export function CancelCampaign({ campaign }: { campaign: Campaign }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const [confirming, confirm] = useDisclosure(false);
  const id = campaign.id;
  const cancel = useMutation({
    mutationFn: () =>
      unwrap(api.POST('/api/campaigns/{id}/cancel', { params: { path: { id }, header: MARKETING } })),
    onSuccess: async (cancelled) => {
      confirm.close();
      queryClient.setQueryData(['campaigns', 'one', id], cancelled);
      await queryClient.invalidateQueries({ queryKey: ['campaigns'] });
    },
  });
  const running = campaign.status === 'running';
  return (
    <>
      <Button variant="outline" color="red.9" onClick={confirm.open}>
        {t('campaigns.cancel.action')}
      </Button>
      <Modal
        opened={confirming}
        onClose={confirm.close}
        title={t('campaigns.cancel.title')}
        closeButtonProps={{ 'aria-label': t('app.close') }}
      >
        <Stack>
          <Text>
            {running
              ? t('campaigns.cancel.runningText', {
                  sent: campaign.counts.sent,
                  targeted: campaign.counts.targeted,
                })
              : t('campaigns.cancel.draftText')}
          </Text>
          <ErrorAlert error={cancel.error} />
          <Group justify="flex-end">
            <Button variant="subtle" onClick={confirm.close}>
              {t('campaigns.cancelDialog')}
            </Button>
            <Button color="red.9" onClick={() => cancel.mutate()} loading={cancel.isPending}>
              {t('campaigns.cancel.confirm')}
            </Button>
          </Group>
        </Stack>
      </Modal>
    </>
  );
}
