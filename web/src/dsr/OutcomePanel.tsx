import { Alert, List, Stack, Table, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { formatDate, formatDateTime } from '../lib/format';
import type { DsrRequest, ErasureGround } from './api';

/**
 * What carrying out the request did. An erasure refused for a live contract (art. 17 ust. 3 RODO)
 * shows each ground: the legal basis as Polish law cites it, the purpose, and until when.
 */
export function OutcomePanel({ request }: { request: DsrRequest }) {
  const { t, i18n } = useTranslation();
  const polish = !i18n.language.startsWith('en');
  const outcome = request.outcome as Record<string, unknown> | null;
  if (!outcome && !request.rejectionReason && !request.delivery) return null;
  const action = typeof outcome?.action === 'string' ? outcome.action : null;
  const grounds = Array.isArray(outcome?.grounds) ? (outcome.grounds as ErasureGround[]) : [];
  const visibleUnder = Array.isArray(outcome?.visibleUnder) ? (outcome.visibleUnder as string[]) : [];
  const dueAfter = typeof outcome?.erasureDueAfter === 'string' ? outcome.erasureDueAfter : null;
  return (
    <Stack gap="xs" data-testid="dsr-outcome">
      {action === 'erasure_refused' ? (
        <Alert color="orange" title={t('dsr.outcome.erasure_refused')} role="status">
          <Stack gap="xs">
            <Text size="sm">{t('dsr.outcome.refusedExplained')}</Text>
            <Table withTableBorder data-testid="erasure-grounds">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>{t('dsr.ground.basis')}</Table.Th>
                  <Table.Th>{t('dsr.ground.purpose')}</Table.Th>
                  <Table.Th>{t('dsr.ground.until')}</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {grounds.map((g, i) => (
                  <Table.Tr key={`${g.purpose}-${i}`}>
                    <Table.Td>{polish && g.basisPl ? g.basisPl : g.basis}</Table.Td>
                    <Table.Td>{t(`purposes.${g.purpose}`)}</Table.Td>
                    <Table.Td>{g.until ? formatDate(g.until) : t('dsr.ground.whileHeld')}</Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
            <Text size="sm">
              {dueAfter
                ? t('dsr.outcome.erasureDueAfter', { date: formatDate(dueAfter) })
                : t('dsr.outcome.erasureWhenReleased')}
            </Text>
            {visibleUnder.length > 0 && (
              <Text size="sm">
                {t('dsr.outcome.visibleUnder', {
                  purposes: visibleUnder.map((p) => t(`purposes.${p}`)).join(', '),
                })}
              </Text>
            )}
          </Stack>
        </Alert>
      ) : (
        action && (
          <Alert color="green" title={t('dsr.outcome.title')} role="status">
            {t(`dsr.outcome.${action}`, { defaultValue: action })}
          </Alert>
        )
      )}
      {request.delivery && (
        <Text>
          {t('dsr.deliveredAs', {
            via: t(`dsr.delivery.${request.delivery.via}`),
            at: formatDateTime(request.delivery.at),
          })}
        </Text>
      )}
      {request.rejectionReason && (
        <Alert color="dark" title={t('dsr.rejected')}>
          <List size="sm">
            <List.Item>{request.rejectionReason}</List.Item>
          </List>
        </Alert>
      )}
    </Stack>
  );
}
