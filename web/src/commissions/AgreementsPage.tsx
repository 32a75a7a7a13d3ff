import { Button, Group, NativeSelect, Paper, Stack, Table, Text, TextInput, Title } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { api, unwrap } from '../api/client';
import type { components } from '../api/schema';
import { useSession } from '../api/hooks';
import { DateField } from '../components/DateField';
import { ErrorAlert } from '../components/ErrorAlert';
import { formatDate } from '../lib/format';
import { formatRate, parsePercent, useInsurers, type Agreement } from './api';

type Staff = components['schemas']['StaffResponseDto'];
type Line = Agreement['lineOfBusiness'];
const LINES: Line[] = ['motor', 'home', 'travel', 'life', 'health', 'property', 'liability'];

/** Active brokers, who may share a commission (an office has tens of them, one page). */
function useBrokers() {
  return useQuery({
    queryKey: ['staff', 'brokers'],
    queryFn: async () =>
      (await unwrap(api.GET('/api/staff', { params: { query: { limit: 500 } } }))).items.filter(
        (s: Staff) => s.role === 'broker' && s.active,
      ),
  });
}

/** "Umowy prowizyjne" (administrators): the agreements in force and a form for a new one. */
export function AgreementsPage() {
  const { t } = useTranslation();
  const { me } = useSession();
  const agreements = useQuery({
    queryKey: ['commission-agreements'],
    queryFn: () => unwrap(api.GET('/api/commission-agreements', { params: { query: { limit: 500 } } })),
    enabled: me?.role === 'admin',
  });
  const brokers = useBrokers();
  const nameOf = (id: string) => brokers.data?.find((b) => b.id === id)?.fullName ?? id;
  const items = (agreements.data?.items ?? []) as Agreement[];
  return (
    <Stack>
      <Title order={1}>{t('agreements.title')}</Title>
      <ErrorAlert error={agreements.error} />
      {agreements.data && items.length === 0 && <Text>{t('agreements.none')}</Text>}
      {items.length > 0 && (
        <Table.ScrollContainer minWidth={760}>
          <Table withTableBorder striped data-testid="agreements-table">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t('agreements.insurer')}</Table.Th>
                <Table.Th>{t('agreements.line')}</Table.Th>
                <Table.Th>{t('agreements.firstYear')}</Table.Th>
                <Table.Th>{t('agreements.renewal')}</Table.Th>
                <Table.Th>{t('agreements.validFrom')}</Table.Th>
                <Table.Th>{t('agreements.splits')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {items.map((a) => (
                <Table.Tr key={a.id}>
                  <Table.Td>{a.insurerName}</Table.Td>
                  <Table.Td>{t(`lines.${a.lineOfBusiness}`)}</Table.Td>
                  <Table.Td>{formatRate(a.firstYearRate)}</Table.Td>
                  <Table.Td>{formatRate(a.renewalRate)}</Table.Td>
                  <Table.Td>{a.validFrom ? formatDate(a.validFrom) : t('agreements.fromStart')}</Table.Td>
                  <Table.Td>
                    {a.splits.length === 0
                      ? t('agreements.noSplit')
                      : a.splits.map((s) => `${nameOf(s.staffId)} ${formatRate(s.share)}`).join(', ')}
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
      <AgreementForm brokers={brokers.data ?? []} />
    </Stack>
  );
}

function AgreementForm({ brokers }: { brokers: Staff[] }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const insurers = useInsurers();
  const [insurerId, setInsurerId] = useState('');
  const [line, setLine] = useState<Line>('motor');
  const [firstYear, setFirstYear] = useState('');
  const [renewal, setRenewal] = useState('');
  const [validFrom, setValidFrom] = useState<string | null>(null);
  const [splits, setSplits] = useState<Array<{ staffId: string; share: string }>>([]);
  const [invalid, setInvalid] = useState(false);
  const [saved, setSaved] = useState(false);
  const chosenInsurer = insurerId || insurers.data?.items[0]?.id || '';
  const save = useMutation({
    mutationFn: (body: {
      insurerId: string;
      lineOfBusiness: Line;
      firstYearRate: number;
      renewalRate: number;
      splits?: Array<{ staffId: string; share: number }>;
      validFrom?: string;
    }) => unwrap(api.POST('/api/commission-agreements', { body })),
    onSuccess: async () => {
      setSaved(true);
      setSplits([]);
      await queryClient.invalidateQueries({ queryKey: ['commission-agreements'] });
    },
  });
  function submit(event: FormEvent) {
    event.preventDefault();
    setSaved(false);
    const first = parsePercent(firstYear);
    const next = parsePercent(renewal);
    const shares = splits.map((s) => ({ staffId: s.staffId, share: parsePercent(s.share) }));
    const bad = first === null || next === null || shares.some((s) => s.share === null || !s.staffId);
    setInvalid(bad);
    if (bad) return;
    save.mutate({
      insurerId: chosenInsurer,
      lineOfBusiness: line,
      firstYearRate: first,
      renewalRate: next,
      ...(shares.length > 0 ? { splits: shares as Array<{ staffId: string; share: number }> } : {}),
      ...(validFrom ? { validFrom } : {}),
    });
  }
  return (
    <Paper withBorder p="md" component="section" aria-labelledby="agreement-form-title">
      <form onSubmit={submit} noValidate>
        <Stack>
          <Title order={2} size="h3" id="agreement-form-title">
            {t('agreements.form')}
          </Title>
          <Text size="sm">{t('agreements.formHint')}</Text>
          <Group grow>
            <NativeSelect
              label={t('agreements.insurer')}
              value={chosenInsurer}
              onChange={(e) => setInsurerId(e.currentTarget.value)}
              data={(insurers.data?.items ?? []).map((i) => ({ value: i.id, label: i.name }))}
            />
            <NativeSelect
              label={t('agreements.line')}
              value={line}
              onChange={(e) => setLine(e.currentTarget.value as Line)}
              data={LINES.map((l) => ({ value: l, label: t(`lines.${l}`) }))}
            />
          </Group>
          <Group grow>
            <TextInput
              label={t('agreements.firstYear')}
              value={firstYear}
              onChange={(e) => setFirstYear(e.currentTarget.value)}
              required
            />
            <TextInput
              label={t('agreements.renewal')}
              value={renewal}
              onChange={(e) => setRenewal(e.currentTarget.value)}
              required
            />
            <DateField label={t('agreements.validFrom')} value={validFrom} onChange={setValidFrom} />
          </Group>
          <Stack gap="xs">
            <Text fw={600}>{t('agreements.splits')}</Text>
            {splits.map((s, i) => (
              <Group key={i} align="end">
                <NativeSelect
                  label={`${t('agreements.broker')} ${i + 1}`}
                  value={s.staffId}
                  onChange={(e) => {
                    const staffId = e.currentTarget.value;
                    setSplits((all) => all.map((x, j) => (j === i ? { ...x, staffId } : x)));
                  }}
                  data={[
                    { value: '', label: '—' },
                    ...brokers.map((b) => ({ value: b.id, label: b.fullName })),
                  ]}
                />
                <TextInput
                  label={`${t('agreements.share')} ${i + 1}`}
                  value={s.share}
                  onChange={(e) => {
                    const share = e.currentTarget.value;
                    setSplits((all) => all.map((x, j) => (j === i ? { ...x, share } : x)));
                  }}
                />
                <Button variant="subtle" onClick={() => setSplits((all) => all.filter((_, j) => j !== i))}>
                  {t('agreements.removeSplit', { number: i + 1 })}
                </Button>
              </Group>
            ))}
            <Group>
              <Button
                variant="outline"
                onClick={() => setSplits((all) => [...all, { staffId: '', share: '' }])}
              >
                {t('agreements.addSplit')}
              </Button>
            </Group>
          </Stack>
          {invalid && (
            <Text c="red.9" role="alert">
              {t('agreements.rateInvalid')}
            </Text>
          )}
          <ErrorAlert error={save.error} />
          {saved && <Text role="status">{t('agreements.saved')}</Text>}
          <Group>
            <Button type="submit" loading={save.isPending}>
              {t('agreements.submit')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Paper>
  );
}
