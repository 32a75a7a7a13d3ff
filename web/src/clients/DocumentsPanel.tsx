import { Button, FileInput, Group, Select, Stack, Table, Text, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { api, purposeHeader, unwrap } from '../api/client';
import { usePurposeAllows, useSession } from '../api/hooks';
import { ErrorAlert } from '../components/ErrorAlert';
import { formatDate } from '../lib/format';

/** The file types the API takes (it checks the content too). */
const ACCEPT = 'application/pdf,image/jpeg,image/png';

/** A size as Polish writes it: "850 B", "12,3 kB", "4,1 MB". */
export function formatSize(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  const [value, unit] = bytes < 1024 * 1024 ? [bytes / 1024, 'kB'] : [bytes / (1024 * 1024), 'MB'];
  return `${value.toLocaleString('pl-PL', { maximumFractionDigits: 1 })}\u00a0${unit}`;
}

/** The purpose header of the document routes (the tab shows only under a purpose they accept). */
function documentsPurpose() {
  return purposeHeader() as { 'X-Purpose': DocumentPurpose };
}
type DocumentPurpose = 'offer_preparation' | 'contract_performance' | 'claims' | 'data_subject_rights';

/** The categories the chosen purpose reads and uploads, as the registry (GET /api/privacy/purposes) says. */
export function useDocumentCategories(): { read: string[]; upload: string[] } {
  const { purpose } = useSession();
  const { info } = usePurposeAllows(purpose);
  return { read: info?.documentCategories?.read ?? [], upload: info?.documentCategories?.upload ?? [] };
}

/**
 * The client's documents ("Dokumenty"): those of the categories the purpose reads, a download for
 * each, and an upload in a category the purpose may add. The API decides what is listed.
 */
export function DocumentsPanel({ clientId }: { clientId: string }) {
  const { t } = useTranslation();
  const { purpose } = useSession();
  const categories = useDocumentCategories();
  const queryClient = useQueryClient();
  const [category, setCategory] = useState<string | null>(null);
  const [file, setFile] = useState<File | null>(null);
  const [downloadError, setDownloadError] = useState<unknown>(null);
  const list = useQuery({
    queryKey: ['clients', purpose, 'documents', clientId],
    queryFn: () =>
      unwrap(
        api.GET('/api/clients/{id}/documents', {
          params: { path: { id: clientId }, header: documentsPurpose(), query: { limit: 500 } },
        }),
      ),
  });
  const upload = useMutation({
    mutationFn: async () => {
      const form = new FormData();
      // The fields first: the API authorises them before it takes the file.
      form.append('clientId', clientId);
      form.append('category', category!);
      form.append('file', file!, file!.name);
      return unwrap(
        api.POST('/api/documents', {
          params: { header: documentsPurpose() },
          body: form as never,
          bodySerializer: (body) => body as unknown as FormData,
        }),
      );
    },
    onSuccess: async () => {
      setFile(null);
      setCategory(null);
      notifications.show({
        color: 'teal.9',
        message: t('documents.uploaded'),
        closeButtonProps: { 'aria-label': t('app.close') },
      });
      await queryClient.invalidateQueries({ queryKey: ['clients', purpose, 'documents', clientId] });
    },
  });

  async function download(id: string, fileName: string) {
    setDownloadError(null);
    try {
      const blob = await unwrap(
        api.GET('/api/documents/{id}/content', {
          params: { path: { id }, header: documentsPurpose() },
          parseAs: 'blob',
        }),
      );
      const url = URL.createObjectURL(blob as unknown as Blob);
      const link = document.createElement('a');
      link.href = url;
      link.download = fileName;
      link.click();
      setTimeout(() => URL.revokeObjectURL(url), 10_000);
    } catch (error) {
      setDownloadError(error);
    }
  }

  function submit(event: FormEvent) {
    event.preventDefault();
    if (category && file) upload.mutate();
  }

  const items = list.data?.items ?? [];
  return (
    <Stack data-testid="client-documents">
      <Title order={2} size="h3">
        {t('documents.title')}
      </Title>
      <ErrorAlert error={list.error ?? downloadError} />
      {list.data && items.length === 0 && <Text>{t('documents.none')}</Text>}
      {items.length > 0 && (
        <Table withTableBorder data-testid="documents-table">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{t('documents.fileName')}</Table.Th>
              <Table.Th>{t('documents.category')}</Table.Th>
              <Table.Th>{t('documents.size')}</Table.Th>
              <Table.Th>{t('documents.uploadedAt')}</Table.Th>
              <Table.Th>{t('documents.actions')}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {items.map((d) => (
              <Table.Tr key={d.id}>
                <Table.Td>{d.fileName}</Table.Td>
                <Table.Td>{t(`documents.categories.${d.category}`)}</Table.Td>
                <Table.Td>{d.size !== undefined ? formatSize(d.size) : ''}</Table.Td>
                <Table.Td>{formatDate(d.createdAt)}</Table.Td>
                <Table.Td>
                  <Button
                    variant="light"
                    size="xs"
                    onClick={() => void download(d.id, d.fileName ?? 'dokument')}
                    aria-label={t('documents.downloadNamed', { name: d.fileName })}
                  >
                    {t('documents.download')}
                  </Button>
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
      {categories.upload.length > 0 && (
        <form onSubmit={submit} data-testid="document-upload">
          <Title order={3} size="h4" mb="xs">
            {t('documents.add')}
          </Title>
          <Group align="flex-end">
            <Select
              label={t('documents.category')}
              required
              value={category}
              onChange={setCategory}
              data={categories.upload.map((c) => ({ value: c, label: t(`documents.categories.${c}`) }))}
              w={260}
            />
            <FileInput
              label={t('documents.file')}
              description={t('documents.fileHint')}
              required
              accept={ACCEPT}
              value={file}
              onChange={setFile}
              clearable
              clearButtonProps={{ 'aria-label': t('documents.clearFile') }}
              w={320}
            />
            <Button type="submit" loading={upload.isPending} disabled={!category || !file}>
              {t('documents.upload')}
            </Button>
          </Group>
          <ErrorAlert error={upload.error} />
        </form>
      )}
    </Stack>
  );
}
