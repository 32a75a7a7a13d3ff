import { Button, Group, Paper, Select, Stack, Text, Title } from '@mantine/core';
import { useMutation, useQuery } from '@tanstack/react-query';
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useSession } from '../api/hooks';
import { ErrorAlert } from '../components/ErrorAlert';
import { downloadExport, downloadReportPdf, reportHtml, type DsrRequest, type ReportLanguage } from './api';
import './report.css';

/**
 * The printable page the API renders, shown inside the app. The API escapes every value; the page
 * is parsed as an inert document (nothing in it runs) and only its content is shown here.
 */
function ReportPreview({ html }: { html: string }) {
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const target = ref.current;
    if (!target) return;
    const parsed = new DOMParser().parseFromString(html, 'text/html');
    const main = parsed.querySelector('main');
    target.replaceChildren(...Array.from(main?.childNodes ?? []).map((n) => document.importNode(n, true)));
    target.lang = parsed.documentElement.lang || 'pl';
  }, [html]);
  return <div ref={ref} className="report-preview" data-testid="report-preview" />;
}

/** Art. 15: the report previewed in the app and downloaded as a PDF to send. */
export function AccessReportPanel({ request }: { request: DsrRequest }) {
  const { t } = useTranslation();
  const { purpose } = useSession();
  const [language, setLanguage] = useState<ReportLanguage>('client');
  const [shown, setShown] = useState(false);
  const preview = useQuery({
    queryKey: ['dsr', purpose, 'report', request.id, language],
    enabled: shown && !!request.identity,
    queryFn: () => reportHtml(request.id, language),
    gcTime: 0,
  });
  const pdf = useMutation({ mutationFn: () => downloadReportPdf(request.id, language) });
  if (!request.identity) return <Text>{t('dsr.reportAfterIdentity')}</Text>;
  return (
    <Paper withBorder p="md">
      <Stack>
        <Title order={2} size="h3">
          {t('dsr.reportTitle')}
        </Title>
        <Group align="end">
          <Select
            label={t('dsr.reportLanguage')}
            allowDeselect={false}
            data={[
              { value: 'client', label: t('dsr.languageOfClient') },
              { value: 'pl', label: t('dsr.languages.pl') },
              { value: 'en', label: t('dsr.languages.en') },
            ]}
            value={language}
            onChange={(v) => v && setLanguage(v as ReportLanguage)}
          />
          <Button variant="outline" onClick={() => setShown(true)}>
            {t('dsr.showReport')}
          </Button>
          <Button onClick={() => pdf.mutate()} loading={pdf.isPending}>
            {t('dsr.downloadPdf')}
          </Button>
        </Group>
        <ErrorAlert error={preview.error ?? pdf.error} />
        {preview.isFetching && <Text>{t('app.loading')}</Text>}
        {preview.data && <ReportPreview html={preview.data} />}
      </Stack>
    </Paper>
  );
}

/** Art. 20: the machine-readable export, downloaded to send. */
export function PortabilityPanel({ request }: { request: DsrRequest }) {
  const { t } = useTranslation();
  const file = useMutation({ mutationFn: () => downloadExport(request.id) });
  if (!request.identity) return <Text>{t('dsr.reportAfterIdentity')}</Text>;
  return (
    <Paper withBorder p="md">
      <Stack align="start">
        <Title order={2} size="h3">
          {t('dsr.exportTitle')}
        </Title>
        <Text size="sm">{t('dsr.exportHint')}</Text>
        <Button onClick={() => file.mutate()} loading={file.isPending}>
          {t('dsr.downloadExport')}
        </Button>
        <ErrorAlert error={file.error} />
      </Stack>
    </Paper>
  );
}
