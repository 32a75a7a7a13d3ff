import { Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { formatDate } from '../lib/format';
import type { DsrRequest } from './api';
import { daysUntil } from './dates';

/** The due date and what is left of it: "pozostało 5 dni", "termin mija dziś", "po terminie" in red. */
export function Deadline({ request }: { request: Pick<DsrRequest, 'dueAt' | 'status' | 'overdue'> }) {
  const { t } = useTranslation();
  const left = daysUntil(request.dueAt);
  const open = request.status === 'open';
  return (
    <Text span size="sm" data-testid="deadline">
      {formatDate(request.dueAt)}
      {open && (
        <>
          <br />
          {request.overdue || left < 0 ? (
            <Text span size="sm" c="red.9" fw={700}>
              {t('dsr.overdueBy', { count: Math.max(1, -left) })}
            </Text>
          ) : left === 0 ? (
            <Text span size="sm" fw={700}>
              {t('dsr.dueToday')}
            </Text>
          ) : (
            <Text span size="sm">
              {t('dsr.daysLeft', { count: left })}
            </Text>
          )}
        </>
      )}
    </Text>
  );
}
