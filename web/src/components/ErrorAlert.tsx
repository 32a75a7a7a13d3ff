import { Alert } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { errorText } from '../lib/errors';

export function ErrorAlert({ error }: { error: unknown }) {
  const { t } = useTranslation();
  if (!error) return null;
  return (
    <Alert color="red" title={t('errors.title')} role="alert" my="sm">
      {errorText(t, error)}
    </Alert>
  );
}
