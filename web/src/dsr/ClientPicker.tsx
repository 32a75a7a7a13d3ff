import { Button, Group, Radio, Stack, Text, TextInput } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { getJson } from '../api/client';
import { useSession } from '../api/hooks';
import type { Client, Page } from '../api/types';
import { ErrorAlert } from '../components/ErrorAlert';
import { formatDate } from '../lib/format';
import { classifySearch } from '../lib/search';
import { clientName } from '../routes/ClientsPage';

/** Finds a client by name, PESEL, phone or e-mail and lets one be chosen (the id is what is kept). */
export function ClientPicker({ value, onChange }: { value: string | null; onChange: (id: string) => void }) {
  const { t } = useTranslation();
  const { purpose } = useSession();
  const [draft, setDraft] = useState('');
  const [text, setText] = useState('');
  const found = useQuery({
    queryKey: ['clients', purpose, 'picker', text],
    enabled: text.trim().length > 0,
    queryFn: () => getJson<Page<Client>>('/api/clients', { ...classifySearch(text), limit: '10' }),
  });
  function search(event: FormEvent) {
    event.preventDefault();
    setText(draft);
  }
  const items = found.data?.items ?? [];
  return (
    <Stack gap="xs">
      <form onSubmit={search}>
        <Group align="end">
          <TextInput
            label={t('dsr.findClient')}
            description={t('clients.searchHint')}
            value={draft}
            onChange={(e) => setDraft(e.currentTarget.value)}
            miw={320}
          />
          <Button type="submit" variant="outline">
            {t('clients.searchSubmit')}
          </Button>
        </Group>
      </form>
      <ErrorAlert error={found.error} />
      {found.data && items.length === 0 && <Text>{t('dsr.noClients')}</Text>}
      {items.length > 0 && (
        <Radio.Group label={t('dsr.chooseClient')} value={value ?? ''} onChange={onChange}>
          <Stack gap={4} mt={4}>
            {items.map((c) => (
              <Radio
                key={c.id}
                value={c.id}
                label={`${clientName(t, c)}${c.dateOfBirth ? `, ${formatDate(c.dateOfBirth)}` : ''}`}
              />
            ))}
          </Stack>
        </Radio.Group>
      )}
    </Stack>
  );
}
