import {
  Alert,
  Button,
  FileInput,
  Group,
  Progress,
  SimpleGrid,
  Stack,
  Table,
  Text,
  Title,
} from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, purposeHeader, unwrap } from '../api/client';
import type { components } from '../api/schema';
import { ErrorAlert } from '../components/ErrorAlert';
import { PurposeNeeded } from '../offers/PurposeNeeded';
import { useImportAccess } from './import-access';

type ImportJob = components['schemas']['ImportResponseDto'];
type ImportPurpose = { 'X-Purpose': 'contract_performance' };

const FINISHED: ReadonlyArray<ImportJob['status']> = ['done', 'rejected', 'failed'];
/** How often a running job is asked for its progress. */
const POLL_MS = 500;

/** The file as base64 (the API takes the content in the JSON body). */
function base64Of(file: File): Promise<string> {
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => resolve(String(reader.result).replace(/^data:[^,]*,/, ''));
    reader.onerror = () => reject(reader.error ?? new Error('file unreadable'));
    reader.readAsDataURL(file);
  });
}

const formatOf = (file: File): 'csv' | 'xlsx' => (/\.xlsx$/i.test(file.name) ? 'xlsx' : 'csv');

/**
 * "Import portfela": a book of clients and policies from CSV or XLSX. The file is checked first (a
 * dry run: every error by row and column, nothing stored); only a file whose check passed is then
 * imported, all rows or none, while the page shows the job's progress and finally its counts.
 */
export function ImportsPage() {
  const { t } = useTranslation();
  const access = useImportAccess();
  const queryClient = useQueryClient();
  const [file, setFile] = useState<File | null>(null);
  const [submitted, setSubmitted] = useState<{ id: string; file: File; dryRun: boolean } | null>(null);

  const submit = useMutation({
    mutationFn: async ({ chosen, dryRun }: { chosen: File; dryRun: boolean }) => {
      const content = await base64Of(chosen);
      const { id } = await unwrap(
        api.POST('/api/imports', {
          params: { header: purposeHeader() as ImportPurpose },
          body: { kind: 'book', format: formatOf(chosen), content, dryRun },
        }),
      );
      return { id, file: chosen, dryRun };
    },
    onMutate: () => setSubmitted(null),
    onSuccess: (job) => setSubmitted(job),
  });

  const job = useQuery({
    queryKey: ['imports', submitted?.id],
    queryFn: () =>
      unwrap(
        api.GET('/api/imports/{id}', {
          params: { path: { id: submitted!.id }, header: purposeHeader() as ImportPurpose },
        }),
      ),
    enabled: !!submitted,
    refetchInterval: (query) =>
      query.state.data && FINISHED.includes(query.state.data.status) ? false : POLL_MS,
  });
  const current = job.data && job.data.id === submitted?.id ? job.data : undefined;
  const finished = !!current && FINISHED.includes(current.status);
  const running = submit.isPending || (!!submitted && !finished && !job.error);
  // Only the very file whose check passed may be imported.
  const checked = !!current && current.dryRun && current.status === 'done' && submitted?.file === file;

  useEffect(() => {
    // New clients and policies: lists and cards read before the import are stale.
    if (current && !current.dryRun && current.status === 'done')
      void queryClient.invalidateQueries({ queryKey: ['clients'] });
  }, [current, queryClient]);

  if (access.loaded && !access.imports)
    return (
      <Stack maw={900}>
        <Title order={1}>{t('imports.title')}</Title>
        <PurposeNeeded needed="contract_performance" action={t('imports.action')} />
      </Stack>
    );

  return (
    <Stack maw={1100}>
      <Title order={1}>{t('imports.title')}</Title>
      <Text>{t('imports.intro')}</Text>
      <Group align="flex-end">
        <FileInput
          label={t('imports.file')}
          description={t('imports.fileHint')}
          accept=".csv,.xlsx,text/csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
          clearable
          clearButtonProps={{ 'aria-label': t('imports.clearFile') }}
          value={file}
          onChange={(chosen) => setFile(chosen)}
          w={420}
          disabled={running}
        />
        <Button
          onClick={() => file && submit.mutate({ chosen: file, dryRun: true })}
          disabled={!file || running}
        >
          {t('imports.check')}
        </Button>
        <Button
          color="teal.9"
          onClick={() => file && submit.mutate({ chosen: file, dryRun: false })}
          disabled={!checked || running}
        >
          {t('imports.commit')}
        </Button>
      </Group>
      <ErrorAlert error={submit.error ?? job.error} />
      {submitted && <JobProgress job={current} dryRun={submitted.dryRun} />}
      {current && finished && <JobOutcome job={current} />}
    </Stack>
  );
}

function JobProgress({ job, dryRun }: { job?: ImportJob; dryRun: boolean }) {
  const { t } = useTranslation();
  const status = job?.status ?? 'queued';
  const percent = job && job.rows > 0 ? Math.min(100, Math.round((job.processed / job.rows) * 100)) : 0;
  return (
    <Stack gap={4} data-testid="import-progress" aria-live="polite">
      <Text fw={600}>
        {t(dryRun ? 'imports.dryRun' : 'imports.import')}: {t(`imports.statuses.${status}`)}
      </Text>
      <Progress value={FINISHED.includes(status) ? 100 : percent} aria-label={t('imports.progress')} />
      {job && job.rows > 0 && (
        <Text size="sm">{t('imports.processed', { processed: job.processed, rows: job.rows })}</Text>
      )}
    </Stack>
  );
}

function JobOutcome({ job }: { job: ImportJob }) {
  const { t } = useTranslation();
  if (job.status === 'failed')
    return (
      <Alert color="red" variant="filled" role="alert">
        {t('imports.failed')}
      </Alert>
    );
  if (job.status === 'rejected')
    return (
      <Stack>
        <Alert color="red" variant="filled" role="alert" title={t('imports.rejectedTitle')}>
          {t('imports.rejected', { count: job.errorCount })}
          {job.errorCount > job.errors.length && ` ${t('imports.firstErrors', { shown: job.errors.length })}`}
        </Alert>
        <Table withTableBorder data-testid="import-errors">
          <Table.Caption>{t('imports.errorsCaption')}</Table.Caption>
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{t('imports.row')}</Table.Th>
              <Table.Th>{t('imports.column')}</Table.Th>
              <Table.Th>{t('imports.error')}</Table.Th>
              <Table.Th>{t('imports.code')}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {job.errors.map((e, i) => (
              <Table.Tr key={`${e.row}-${e.column ?? ''}-${e.code}-${i}`}>
                <Table.Td>{e.row}</Table.Td>
                <Table.Td>{e.column ?? t('imports.wholeRow')}</Table.Td>
                <Table.Td>{e.message}</Table.Td>
                <Table.Td>
                  <Text span size="sm" ff="monospace">
                    {e.code}
                  </Text>
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Stack>
    );
  if (job.dryRun)
    return (
      <Alert
        color="teal"
        variant="filled"
        role="status"
        title={t('imports.checkedTitle')}
        data-testid="import-checked"
      >
        {t('imports.checked', { rows: job.rows })}
      </Alert>
    );
  return (
    <Stack data-testid="import-result">
      <Alert color="teal" variant="filled" role="status" title={t('imports.doneTitle')}>
        {t('imports.done')}
      </Alert>
      <SimpleGrid component="dl" cols={2} spacing="xs" maw={520}>
        {(
          [
            ['rows', job.rows],
            ['stored', job.stored],
            ['unchanged', job.rows - job.stored],
            ['clientsCreated', job.clientsCreated],
            ['contractsCreated', job.contractsCreated],
          ] as const
        ).map(([key, value]) => (
          <Stack key={key} gap={0} component="div">
            <Text component="dt" fw={600}>
              {t(`imports.counts.${key}`)}
            </Text>
            <Text component="dd" m={0} data-count={key}>
              {value}
            </Text>
          </Stack>
        ))}
      </SimpleGrid>
    </Stack>
  );
}
