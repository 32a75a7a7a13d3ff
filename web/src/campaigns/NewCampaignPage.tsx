import { Button, Group, Select, Stack, Textarea, TextInput, Title } from '@mantine/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useNavigate } from '@tanstack/react-router';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { api, unwrap } from '../api/client';
import { ErrorAlert } from '../components/ErrorAlert';
import { AnchorLink } from '../components/links';
import { LINES, MARKETING, PLACEHOLDERS, type LineOfBusiness } from './shared';

/** A new campaign, saved as a draft: its audience is counted on the draft's page. */
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
