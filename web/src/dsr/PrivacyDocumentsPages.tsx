import { List, SegmentedControl, Stack, Table, Text, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { getJson } from '../api/client';
import { ErrorAlert } from '../components/ErrorAlert';
import type { Notice, ProcessingRecord } from './api';

type Lang = 'pl' | 'en';

/** Which language a document is shown in: the app's, until the reader picks the other one. */
function useDocumentLanguage() {
  const { i18n } = useTranslation();
  return useState<Lang>(i18n.language.startsWith('en') ? 'en' : 'pl');
}

function LanguagePicker({ value, onChange }: { value: Lang; onChange: (l: Lang) => void }) {
  const { t } = useTranslation();
  return (
    <SegmentedControl
      aria-label={t('documents.language')}
      data-testid="document-language"
      value={value}
      onChange={(v) => onChange(v as Lang)}
      data={[
        { value: 'pl', label: t('dsr.languages.pl') },
        { value: 'en', label: t('dsr.languages.en') },
      ]}
    />
  );
}

/** The art. 30 record of processing activities, derived from the privacy registry. */
export function ProcessingRecordPage() {
  const { t } = useTranslation();
  const [lang, setLang] = useDocumentLanguage();
  const record = useQuery({
    queryKey: ['registry', 'processing-record'],
    queryFn: () => getJson<ProcessingRecord>('/api/privacy/processing-record'),
    staleTime: Infinity,
  });
  const r = record.data;
  const cite = (basis: ProcessingRecord['asController'][number]['legalBasis']) =>
    lang === 'pl' ? basis.articlePl : basis.article;
  const activities = (title: string, items: ProcessingRecord['asController']) => (
    <Stack gap="xs">
      <Title order={2} size="h3">
        {title}
      </Title>
      <Table.ScrollContainer minWidth={900}>
        <Table withTableBorder striped>
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{t('documents.activity')}</Table.Th>
              <Table.Th>{t('documents.legalBasis')}</Table.Th>
              <Table.Th>{t('documents.subjects')}</Table.Th>
              <Table.Th>{t('documents.dataCategories')}</Table.Th>
              <Table.Th>{t('documents.recipients')}</Table.Th>
              <Table.Th>{t('documents.retention')}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {items.map((a) => (
              <Table.Tr key={a.purpose}>
                <Table.Td>{a.name[lang]}</Table.Td>
                <Table.Td>
                  {cite(a.legalBasis)}: {a.legalBasis[lang]}
                </Table.Td>
                <Table.Td>{a.dataSubjects.map((s) => s[lang]).join('; ')}</Table.Td>
                <Table.Td>{a.dataCategories.map((c) => c[lang]).join(', ')}</Table.Td>
                <Table.Td>{a.recipients[lang]}</Table.Td>
                <Table.Td>{a.retention[lang]}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
    </Stack>
  );
  return (
    <Stack lang={lang}>
      <Title order={1}>{t('documents.recordTitle', { lng: lang })}</Title>
      <LanguagePicker value={lang} onChange={setLang} />
      <ErrorAlert error={record.error} />
      {r && (
        <Stack data-testid="processing-record">
          <Text>
            {t('documents.controller', { lng: lang })}: {r.controller.name}, {r.controller.address}, NIP{' '}
            {r.controller.nip}, KRS {r.controller.krs}; {r.controller.contact[lang]}.
          </Text>
          {activities(t('documents.asController', { lng: lang }), r.asController)}
          {r.asProcessor.length > 0 && activities(t('documents.asProcessor', { lng: lang }), r.asProcessor)}
          <Title order={2} size="h3">
            {t('documents.security', { lng: lang })}
          </Title>
          <List>
            {r.securityMeasures.map((m) => (
              <List.Item key={m.en}>{m[lang]}</List.Item>
            ))}
          </List>
          <Text>{r.transfers[lang]}.</Text>
          <Text>{r.automatedDecisions[lang]}.</Text>
        </Stack>
      )}
    </Stack>
  );
}

/** The art. 13 notice given to clients, in Polish or English. */
export function NoticePage() {
  const [lang, setLang] = useDocumentLanguage();
  const notice = useQuery({
    queryKey: ['registry', 'notice', lang],
    queryFn: () => getJson<Notice>('/api/privacy/notice', { lang }),
    staleTime: Infinity,
  });
  const n = notice.data;
  return (
    <Stack lang={lang} maw={900}>
      <Title order={1}>{n?.title ?? '…'}</Title>
      <LanguagePicker value={lang} onChange={setLang} />
      <ErrorAlert error={notice.error} />
      {n && (
        <Stack data-testid="notice">
          {n.sections.map((s) => (
            <Stack key={s.key} gap={4}>
              <Title order={2} size="h3">
                {s.heading}
              </Title>
              {s.paragraphs.length > 1 ? (
                <List>
                  {s.paragraphs.map((p) => (
                    <List.Item key={p}>{p}</List.Item>
                  ))}
                </List>
              ) : (
                <Text>{s.paragraphs[0]}</Text>
              )}
            </Stack>
          ))}
        </Stack>
      )}
    </Stack>
  );
}
