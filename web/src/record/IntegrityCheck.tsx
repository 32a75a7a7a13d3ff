import { Alert, Button, Stack, Text } from '@mantine/core';
import { useMutation } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { ErrorAlert } from '../components/ErrorAlert';
import { verifyRecord } from './record-api';

/** "Sprawdź integralność": the API seals what waits and walks the whole chain against the checkpoint. */
export function IntegrityCheck() {
  const { t } = useTranslation();
  const check = useMutation({ mutationFn: verifyRecord });
  const verdict = check.data;
  const state = !verdict ? null : !verdict.valid ? 'bad' : verdict.alarm ? 'alarm' : 'ok';
  return (
    <Stack gap="xs" align="flex-start">
      <Button variant="outline" onClick={() => check.mutate()} loading={check.isPending}>
        {t('record.verify.button')}
      </Button>
      <ErrorAlert error={check.error} />
      {verdict && state && (
        <Alert
          color={state === 'ok' ? 'green' : state === 'alarm' ? 'orange' : 'red'}
          role="status"
          data-testid="integrity-result"
          data-state={state}
        >
          <Text>
            {state === 'ok'
              ? t('record.verify.ok', { count: verdict.checked })
              : state === 'alarm'
                ? t('record.verify.alarm', { count: verdict.unsealed })
                : t('record.verify.bad', {
                    reason: verdict.reason ? t(`record.verify.reasons.${verdict.reason}`) : '',
                    id: verdict.firstInvalidId ?? '—',
                  })}
          </Text>
          <Text size="sm">
            {t('record.verify.checkpoint', {
              status: t(`record.verify.checkpointStatus.${verdict.checkpoint.status}`),
            })}
          </Text>
        </Alert>
      )}
    </Stack>
  );
}
