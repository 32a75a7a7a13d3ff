import { Text } from '@mantine/core';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';

/**
 * A field of a record: its value, or — when the API left it out because the purpose does not
 * read it — "niewidoczne w tym celu". Never an empty cell for a hidden field.
 */
export function FieldValue({ present, children }: { present: boolean; children?: ReactNode }) {
  const { t } = useTranslation();
  if (!present)
    return (
      <Text span c="gray.7" fs="italic" size="sm" data-hidden-field>
        {t('app.notVisible')}
      </Text>
    );
  return <>{children}</>;
}

export function has<T extends object>(record: T, field: string): boolean {
  return (
    Object.prototype.hasOwnProperty.call(record, field) &&
    (record as Record<string, unknown>)[field] !== undefined
  );
}
