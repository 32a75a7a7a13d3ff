import { Button, Group, Modal, Table, Text } from '@mantine/core';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { formatDateTime } from '../lib/format';
import { actionLabel, actorLabel, purposeLabel, resourceLabel } from './labels';
import type { RecordEntry } from './record-api';

/** Allowed or denied, in words and colour (text rather than a badge: a narrow column never cuts it). */
export function OutcomeBadge({ outcome }: { outcome: RecordEntry['outcome'] }) {
  const { t } = useTranslation();
  return (
    <Text span fw={700} c={outcome === 'allowed' ? 'teal.9' : 'red.9'} style={{ whiteSpace: 'nowrap' }}>
      {t(`record.outcomes.${outcome}`)}
    </Text>
  );
}

/** One entry whole: identifiers and field names, as the record holds them (no personal value). */
export function EntryDetail({
  entry,
  onClose,
  onFilterClient,
}: {
  entry: RecordEntry | null;
  onClose: () => void;
  onFilterClient: (clientId: string) => void;
}) {
  const { t } = useTranslation();
  const none = (
    <Text span c="dimmed">
      {t('record.detail.none')}
    </Text>
  );
  const rows: Array<[string, ReactNode]> = entry
    ? [
        ['id', entry.id],
        ['at', formatDateTime(entry.at)],
        ['actor', actorLabel(t, entry)],
        ['actorId', entry.actorId ?? none],
        ['purpose', purposeLabel(t, entry.purpose)],
        ['action', actionLabel(t, entry.action)],
        ['resource', resourceLabel(t, entry.resource)],
        ['resourceId', entry.resourceId ?? none],
        ['clients', entry.clientIds.length ? entry.clientIds.join(', ') : none],
        ['fields', entry.fields.length ? entry.fields.join(', ') : none],
        ['outcome', <OutcomeBadge key="outcome" outcome={entry.outcome} />],
        ['reason', entry.reason ?? none],
        ['requestId', entry.requestId ?? none],
        ['ip', entry.ip ?? none],
        ['controllerId', entry.controllerId ?? none],
      ]
    : [];
  return (
    <Modal
      opened={entry !== null}
      onClose={onClose}
      title={entry ? t('record.detail.title', { id: entry.id }) : ''}
      size="lg"
      closeButtonProps={{ 'aria-label': t('record.detail.close') }}
    >
      {entry && (
        <>
          <Table data-testid="entry-detail" withRowBorders>
            <Table.Tbody>
              {rows.map(([key, value]) => (
                <Table.Tr key={key} data-field={key}>
                  <Table.Th scope="row" w="40%">
                    {t(`record.detail.${key}`)}
                  </Table.Th>
                  <Table.Td style={{ wordBreak: 'break-all' }}>{value}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
          <Group mt="md" justify="flex-end">
            {entry.clientId && (
              <Button variant="outline" onClick={() => onFilterClient(entry.clientId!)}>
                {t('record.detail.filterClient')}
              </Button>
            )}
            <Button onClick={onClose}>{t('record.detail.close')}</Button>
          </Group>
        </>
      )}
    </Modal>
  );
}
