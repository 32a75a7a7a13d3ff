import { Badge, Button, Card, Group, List, Stack, Text, Title } from '@mantine/core';
import { useMutation } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { ErrorAlert } from '../components/ErrorAlert';
import { formatDate, formatDateTime } from '../lib/format';
import { actorLabel, resourceLabel } from './labels';
import { findAnomalies, type AnomalyFinding, type RecordFilter } from './record-api';

const WEEK_MS = 7 * 86_400_000;

/** What a finding is about, in the user's language (the API's description is English). */
function findingText(t: ReturnType<typeof useTranslation>['t'], f: AnomalyFinding): string {
  // The count chooses the Polish plural form of the sentence's noun.
  const count =
    f.kind === 'many_clients'
      ? (f.distinctClients ?? f.entryCount)
      : f.kind === 'denied_burst'
        ? (f.denied ?? f.entryCount)
        : f.entryCount;
  return t(`record.anomalies.details.${f.kind}`, {
    distinct: f.distinctClients ?? f.entryCount,
    count,
    day: f.day ? formatDate(f.day) : '',
    denied: f.denied ?? f.entryCount,
    resource: f.resource ? resourceLabel(t, f.resource) : '',
    client: f.clientId ?? '',
    reason: f.reason ?? '',
  });
}

/** Findings in the filters' dates (or the last week): each names who, and shows its entries on request. */
export function AnomaliesPanel({
  range,
  onShow,
}: {
  range: { from?: string; to?: string };
  onShow: (filter: RecordFilter) => void;
}) {
  const { t } = useTranslation();
  const search = useMutation({
    mutationFn: () =>
      findAnomalies({
        from:
          range.from ?? new Date(Date.parse(range.to ?? new Date().toISOString()) - WEEK_MS).toISOString(),
        to: range.to,
      }),
  });
  const report = search.data;
  const total = report ? Object.values(report.summary).reduce((a, b) => a + b, 0) : 0;

  return (
    <Card withBorder padding="md" component="section" aria-labelledby="anomalies-title">
      <Stack gap="sm">
        <Title order={2} size="h4" id="anomalies-title">
          {t('record.anomalies.title')}
        </Title>
        <Text size="sm">{t('record.anomalies.hint')}</Text>
        <Group>
          <Button variant="outline" onClick={() => search.mutate()} loading={search.isPending}>
            {t('record.anomalies.button')}
          </Button>
        </Group>
        <ErrorAlert error={search.error} />
        {report && (
          <Stack gap="xs" data-testid="anomalies">
            <Text role="status" data-testid="anomaly-summary">
              {total === 0
                ? t('record.anomalies.none')
                : `${t('record.anomalies.summary', { total })} (${Object.entries(report.summary)
                    .filter(([, n]) => n > 0)
                    .map(([kind, n]) => `${t(`record.anomalies.kinds.${kind}`)} ${n}`)
                    .join(', ')})`}
            </Text>
            {report.truncated && <Text c="red.9">{t('record.anomalies.truncated')}</Text>}
            <List listStyleType="none" spacing="xs">
              {report.findings.map((f, i) => {
                const actor = actorLabel(t, { ...f, requestId: null });
                return (
                  <List.Item key={`${f.kind}-${f.from}-${i}`} data-kind={f.kind}>
                    <Group justify="space-between" wrap="wrap">
                      <Stack gap={0}>
                        <Group gap="xs">
                          <Badge color="red.9" variant="outline">
                            {t(`record.anomalies.kinds.${f.kind}`)}
                          </Badge>
                          <Text fw={600}>{actor}</Text>
                        </Group>
                        <Text size="sm">
                          {findingText(t, f)} · {formatDateTime(f.from)}–{formatDateTime(f.to)} ·{' '}
                          {t('record.anomalies.entries', { count: f.entryCount })}
                        </Text>
                      </Stack>
                      <Button
                        size="xs"
                        variant="outline"
                        aria-label={t('record.anomalies.showLabel', {
                          kind: t(`record.anomalies.kinds.${f.kind}`),
                          actor,
                        })}
                        onClick={() =>
                          onShow({
                            actorId: f.filter.actorId,
                            action: f.filter.action,
                            outcome: f.filter.outcome,
                            from: f.filter.from,
                            to: f.filter.to,
                          })
                        }
                      >
                        {t('record.anomalies.show')}
                      </Button>
                    </Group>
                  </List.Item>
                );
              })}
            </List>
          </Stack>
        )}
      </Stack>
    </Card>
  );
}
