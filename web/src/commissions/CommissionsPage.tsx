import { Alert, Button, Group, NativeSelect, Paper, Stack, Text, TextInput, Title } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useNavigate } from '@tanstack/react-router';
import { useEffect, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError, api, getJson, purposeHeader, toApiError } from '../api/client';
import { useSession } from '../api/hooks';
import type { Page } from '../api/types';
import { ErrorAlert } from '../components/ErrorAlert';
import { AnchorLink } from '../components/links';
import { PAGE_SIZE, PagedTable, useCursorPages, type Column } from '../components/PagedTable';
import { formatDateTime, formatMoney } from '../lib/format';
import { ACCOUNTING_PURPOSE, useInsurers, type StatementMapping, type StatementSummary } from './api';

/** "Rozliczenia prowizji": upload an insurer's statement with its column mapping, and the statements so far. */
export function CommissionsPage() {
  const { t } = useTranslation();
  const { purpose, me } = useSession();
  const allowed = purpose === ACCOUNTING_PURPOSE && me?.role === 'accountant';
  const pages = useCursorPages();
  const statements = useQuery({
    queryKey: ['commission-statements', purpose, pages.cursor],
    queryFn: () =>
      getJson<Page<StatementSummary>>('/api/commission-statements', {
        limit: String(PAGE_SIZE),
        cursor: pages.cursor,
      }),
    enabled: allowed,
  });
  const columns: Column<StatementSummary>[] = [
    { key: 'at', header: t('commissions.list.importedAt'), cell: (s) => formatDateTime(s.importedAt) },
    { key: 'insurer', header: t('commissions.list.insurer'), cell: (s) => s.insurerName },
    { key: 'lines', header: t('commissions.list.lines'), cell: (s) => s.counts.lines },
    { key: 'difference', header: t('commissions.list.difference'), cell: (s) => formatMoney(s.difference) },
    {
      key: 'open',
      header: t('commissions.list.open'),
      cell: (s) => (
        <AnchorLink to="/prowizje/$statementId" params={{ statementId: s.id }}>
          {t('commissions.list.open')}
        </AnchorLink>
      ),
    },
  ];
  return (
    <Stack>
      <Title order={1}>{t('commissions.title')}</Title>
      {!allowed ? (
        <Text>{t('commissions.notInPurpose')}</Text>
      ) : (
        <>
          <UploadStatement />
          <Title order={2} size="h3">
            {t('commissions.list.title')}
          </Title>
          <PagedTable
            query={statements}
            pages={pages}
            columns={columns}
            rowKey={(s) => s.id}
            empty={t('commissions.list.none')}
            testId="statements-table"
          />
        </>
      )}
    </Stack>
  );
}

/** The upload form: the insurer, the file, and the insurer's columns (kept from its last statement). */
function UploadStatement() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const insurers = useInsurers();
  const [insurerId, setInsurerId] = useState('');
  const [file, setFile] = useState<File | null>(null);
  const [policyColumn, setPolicyColumn] = useState('');
  const [commissionColumn, setCommissionColumn] = useState('');
  const [missingFile, setMissingFile] = useState(false);
  const mapping = useQuery({
    queryKey: ['commission-statement-mapping', insurerId],
    queryFn: () => getJson<StatementMapping>(`/api/commission-statement-mappings/${insurerId}`),
    enabled: insurerId !== '',
  });
  useEffect(() => {
    if (mapping.data) {
      setPolicyColumn(mapping.data.policyNumber);
      setCommissionColumn(mapping.data.commission);
    }
  }, [mapping.data]);
  const upload = useMutation({
    mutationFn: async () => {
      const { data, error, response } = await api.POST('/api/commission-statements', {
        params: { header: purposeHeader() as { 'X-Purpose': 'legal_obligation' } },
        body: {
          insurerId,
          format: 'csv',
          content: await file!.text(),
          mapping: { policyNumber: policyColumn, commission: commissionColumn },
        },
      });
      if (!response.ok) throw new StatementRefused(toApiError(response.status, error), error);
      return data!;
    },
    onSuccess: async ({ id }) => {
      await queryClient.invalidateQueries({ queryKey: ['commission-statements'] });
      // The columns given are now the insurer's kept ones.
      await queryClient.invalidateQueries({ queryKey: ['commission-statement-mapping'] });
      void navigate({ to: '/prowizje/$statementId', params: { statementId: id } });
    },
  });
  function submit(event: FormEvent) {
    event.preventDefault();
    setMissingFile(!file);
    if (file && insurerId) upload.mutate();
  }
  const rows = upload.error instanceof StatementRefused ? upload.error.rows : [];
  const firstInsurer = insurers.data?.items[0]?.id;
  useEffect(() => {
    if (!insurerId && firstInsurer) setInsurerId(firstInsurer);
  }, [insurerId, firstInsurer]);
  return (
    <Paper withBorder p="md" component="section" aria-labelledby="upload-title">
      <form onSubmit={submit} noValidate>
        <Stack>
          <Title order={2} size="h3" id="upload-title">
            {t('commissions.upload.title')}
          </Title>
          <NativeSelect
            label={t('commissions.upload.insurer')}
            value={insurerId}
            onChange={(e) => setInsurerId(e.currentTarget.value)}
            data={(insurers.data?.items ?? []).map((i) => ({ value: i.id, label: i.name }))}
            required
          />
          <Stack gap={4}>
            <label htmlFor="statement-file">
              <Text fw={500} size="sm">
                {t('commissions.upload.file')}
              </Text>
            </label>
            <input
              id="statement-file"
              type="file"
              accept=".csv,text/csv"
              aria-describedby="statement-file-hint"
              onChange={(e) => setFile(e.currentTarget.files?.[0] ?? null)}
            />
            <Text size="sm" id="statement-file-hint">
              {t('commissions.upload.fileHint')}
            </Text>
            {missingFile && (
              <Text c="red.9" size="sm" role="alert">
                {t('commissions.upload.chooseFile')}
              </Text>
            )}
          </Stack>
          <Stack gap={4}>
            <Text fw={600}>{t('commissions.upload.mapping')}</Text>
            <Text size="sm">
              {mapping.data?.kept
                ? t('commissions.upload.mappingKept')
                : t('commissions.upload.mappingDefault')}
            </Text>
            <Group grow>
              <TextInput
                label={t('commissions.upload.policyColumn')}
                value={policyColumn}
                onChange={(e) => setPolicyColumn(e.currentTarget.value)}
                required
              />
              <TextInput
                label={t('commissions.upload.commissionColumn')}
                value={commissionColumn}
                onChange={(e) => setCommissionColumn(e.currentTarget.value)}
                required
              />
            </Group>
          </Stack>
          <ErrorAlert error={upload.error} />
          {rows.length > 0 && (
            <Alert color="red" variant="outline" data-testid="statement-errors">
              {rows.map((r) => (
                <Text key={`${r.row}-${r.column}-${r.code}`} size="sm">
                  {t('commissions.upload.rowError', {
                    row: r.row,
                    column: r.column ?? '—',
                    message: r.message,
                  })}
                </Text>
              ))}
            </Alert>
          )}
          <Group>
            <Button type="submit" loading={upload.isPending}>
              {t('commissions.upload.submit')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Paper>
  );
}

interface RowError {
  row: number;
  column: string | null;
  code: string;
  message: string;
}

/** A refused statement: the API's error, and the rows it named in a file it could not read. */
class StatementRefused extends ApiError {
  readonly rows: RowError[];
  constructor(error: ApiError, body: unknown) {
    super(error.status, error.code, error.message, error.fields);
    const rows = (body as { rows?: unknown } | undefined)?.rows;
    this.rows = Array.isArray(rows) ? (rows as RowError[]) : [];
  }
}
