import { Alert, Button, Text } from '@mantine/core';
import { useNavigate } from '@tanstack/react-router';
import { useTranslation } from 'react-i18next';
import type { Purpose } from '../api/session';
import { session } from '../api/session';
import { forgetRecords } from '../lib/signout';

/**
 * An action the current purpose does not cover: says which purpose it needs and offers the explicit
 * change (the purpose is never switched behind the user's back).
 */
export function PurposeNeeded({ needed, action }: { needed: Purpose; action: string }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  function change() {
    forgetRecords();
    session.setPurpose(null);
    void navigate({ to: '/cel' });
  }
  return (
    <Alert color="orange" title={t('offers.purposeNeeded.title')} data-testid="purpose-needed">
      <Text mb="sm">{t('offers.purposeNeeded.text', { action, purpose: t(`purposes.${needed}`) })}</Text>
      <Button size="xs" onClick={change}>
        {t('purpose.change')}
      </Button>
    </Alert>
  );
}
