import { Button, Group, Paper, Stack, Table, Text, Title } from '@mantine/core';
import { useMutation } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { api, unwrap } from '../api/client';
import { DateField } from '../components/DateField';
import { ErrorAlert } from '../components/ErrorAlert';
import { formatDate, formatDateTime } from '../lib/format';
import { headerFor, type SweepReport } from './api';
import { ClientName } from './ClientName';

/** A duty's end: a day, an instant, or none while it lasts (a legal hold). */
function until(value: string | null, t: (k: string) => string): string {
  if (!value) return t('retention.whileItLasts');
  return value.length === 10 ? formatDate(value) : formatDateTime(value);
}

/**
 * The retention sweep as a dry run: who would be anonymised on the chosen day, and who is kept,
 * why and until when. Nothing changes; the daily sweep does the anonymising.
 */
export function RetentionPage() {
  const { t, i18n } = useTranslation();
  const language = i18n.language.startsWith('en') ? 'en' : 'pl';
  const [asOf, setAsOf] = useState<string | null>(null);
  const sweep = useMutation({
    mutationFn: () =>
      unwrap(
        api.POST('/api/retention/sweep', {
          params: { header: headerFor<'data_subject_rights'>() },
          body: { dryRun: true, ...(asOf ? { asOf } : {}) },
        }),
      ) as Promise<SweepReport>,
  });
  function submit(event: FormEvent) {
    event.preventDefault();
    sweep.mutate();
  }
  const report = sweep.data;
  return (
    <Stack>
      <Title order={1}>{t('retention.title')}</Title>
      <Text>{t('retention.hint')}</Text>
      <Paper withBorder p="md" component="form" onSubmit={submit}>
        <Group align="end">
          <DateField
            label={t('retention.asOf')}
            description={t('retention.asOfHint')}
            value={asOf}
            onChange={(v) => setAsOf(v as string | null)}
          />
          <Button type="submit" loading={sweep.isPending}>
            {t('retention.run')}
          </Button>
        </Group>
      </Paper>
      <ErrorAlert error={sweep.error} />
      {report && (
        <Stack data-testid="retention-report">
          <Text>
            {t('retention.summary', {
              date: formatDateTime(report.asOf),
              examined: report.examined,
              anonymised: report.anonymised.count,
              kept: report.kept.count,
            })}
          </Text>
          <Title order={2} size="h3">
            {t('retention.wouldAnonymise')}
          </Title>
          {report.anonymised.clientIds.length === 0 ? (
            <Text>{t('retention.nobody')}</Text>
          ) : (
            <Table withTableBorder data-testid="would-anonymise">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>{t('dsr.person')}</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {report.anonymised.clientIds.map((id) => (
                  <Table.Tr key={id}>
                    <Table.Td>
                      <ClientName clientId={id} />
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          )}
          {report.anonymised.truncated && <Text size="sm">{t('retention.truncated')}</Text>}
          <Title order={2} size="h3">
            {t('retention.kept')}
          </Title>
          {report.kept.items.length === 0 ? (
            <Text>{t('retention.nobody')}</Text>
          ) : (
            <Table withTableBorder data-testid="kept">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>{t('dsr.person')}</Table.Th>
                  <Table.Th>{t('retention.why')}</Table.Th>
                  <Table.Th>{t('retention.until')}</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {report.kept.items.map((item) =>
                  item.duties.map((duty, i) => (
                    <Table.Tr key={`${item.clientId}-${i}`}>
                      {i === 0 && (
                        <Table.Td rowSpan={item.duties.length}>
                          <ClientName clientId={item.clientId} />
                        </Table.Td>
                      )}
                      <Table.Td>
                        {t(`retention.duties.${duty.kind}`)}: {duty.rule[language]}
                      </Table.Td>
                      <Table.Td>{until(duty.until, t)}</Table.Td>
                    </Table.Tr>
                  )),
                )}
              </Table.Tbody>
            </Table>
          )}
          {report.kept.truncated && <Text size="sm">{t('retention.truncated')}</Text>}
        </Stack>
      )}
    </Stack>
  );
}
