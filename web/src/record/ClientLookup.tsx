import { Badge, Button, Card, Group, Stack, Text, TextInput, Title } from '@mantine/core';
import { useMutation } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { ErrorAlert } from '../components/ErrorAlert';
import { formatDate } from '../lib/format';
import { lookupClient } from './record-api';

/**
 * "Znajdź klienta": a name or a PESEL in, the ids of the matching clients out (the API returns no
 * name or PESEL), each of which can become the record's client filter. What was typed stays in this
 * form: it goes to the API only, never into the address bar.
 */
export function ClientLookup({ onChoose }: { onChoose: (clientId: string) => void }) {
  const { t } = useTranslation();
  const [q, setQ] = useState('');
  const search = useMutation({ mutationFn: lookupClient });

  function submit(event: FormEvent) {
    event.preventDefault();
    if (q.trim()) search.mutate(q.trim());
  }

  const answer = search.data;
  return (
    <Card withBorder padding="md" component="section" aria-labelledby="client-lookup-title">
      <Stack gap="sm">
        <Title order={2} size="h4" id="client-lookup-title">
          {t('record.lookup.title')}
        </Title>
        <form onSubmit={submit}>
          <Group align="flex-end">
            <TextInput
              label={t('record.lookup.label')}
              description={t('record.lookup.hint')}
              value={q}
              onChange={(e) => setQ(e.currentTarget.value)}
              autoComplete="off"
              style={{ flex: 1, minWidth: 260 }}
            />
            <Button type="submit" loading={search.isPending}>
              {t('record.lookup.submit')}
            </Button>
          </Group>
        </form>
        <ErrorAlert error={search.error} />
        {answer && (
          <Stack gap="xs" data-testid="lookup-results">
            <Text role="status">
              {answer.items.length === 0
                ? t('record.lookup.none')
                : `${t('record.lookup.found', { count: answer.items.length })} (${t(
                    answer.matchedBy === 'pesel' ? 'record.lookup.byPesel' : 'record.lookup.byName',
                  )})`}
            </Text>
            {answer.truncated && <Text c="red.9">{t('record.lookup.truncated')}</Text>}
            {answer.items.map((match) => (
              <Group key={match.id} justify="space-between" wrap="wrap" data-client-id={match.id}>
                <Group gap="xs">
                  <Text fw={600}>{t(`record.lookup.kind.${match.kind}`)}</Text>
                  <Text>{t('record.lookup.registered', { date: formatDate(match.createdAt) })}</Text>
                  <Text ff="monospace" size="sm">
                    {match.id}
                  </Text>
                  {match.status === 'anonymised' && (
                    <Badge color="gray.8" variant="outline">
                      {t('record.lookup.anonymised')}
                    </Badge>
                  )}
                  {match.restricted && (
                    <Badge color="red.9" variant="outline">
                      {t('record.lookup.restricted')}
                    </Badge>
                  )}
                </Group>
                <Button
                  size="xs"
                  variant="outline"
                  onClick={() => onChoose(match.id)}
                  aria-label={t('record.lookup.useLabel', { id: match.id })}
                >
                  {t('record.lookup.use')}
                </Button>
              </Group>
            ))}
          </Stack>
        )}
      </Stack>
    </Card>
  );
}
