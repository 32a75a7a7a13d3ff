import { Badge, Group } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { components } from '../api/schema';
import { FieldValue, has } from '../components/FieldValue';

export type Instalment = components['schemas']['InstalmentResponseDto'];

/** Due before today and not paid in full: as the API's ?overdue=true decides it. */
export function isOverdue(instalment: Instalment, today: string): boolean {
  return !!instalment.dueDate && instalment.dueDate < today && instalment.status !== 'paid';
}

/** Paid, partly paid or unpaid, and "zaległa" in words (not in colour alone) when overdue. */
export function InstalmentStatus({ instalment, today }: { instalment: Instalment; today: string }) {
  const { t } = useTranslation();
  return (
    <FieldValue present={has(instalment, 'status')}>
      <Group gap={4}>
        <Badge
          variant={instalment.status === 'paid' ? 'filled' : 'outline'}
          color={instalment.status === 'paid' ? 'teal.9' : 'gray.8'}
        >
          {t(`book.instalments.statuses.${instalment.status}`)}
        </Badge>
        {isOverdue(instalment, today) && (
          <Badge variant="filled" color="red.9" data-testid="overdue">
            {t('book.instalments.overdue')}
          </Badge>
        )}
      </Group>
    </FieldValue>
  );
}
