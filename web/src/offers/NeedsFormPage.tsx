import { Button, Checkbox, Group, Select, Stack, Text, Textarea, TextInput, Title } from '@mantine/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useNavigate, useParams } from '@tanstack/react-router';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { api, purposeHeader, unwrap } from '../api/client';
import { useSession } from '../api/hooks';
import { ErrorAlert } from '../components/ErrorAlert';
import { AnchorLink } from '../components/links';
import { parseZlotyToGrosze } from '../lib/format';
import { coverageCodes, LINES_OF_BUSINESS, OFFER_PURPOSES, zl, type LineOfBusiness } from './api';
import { PurposeNeeded } from './PurposeNeeded';

/** "Nowa analiza potrzeb (APK)": the demands-and-needs analysis that opens an offer request. */
export function NeedsFormPage() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const { clientId } = useParams({ from: '/app/klienci/$clientId/apk' });
  const { purpose } = useSession();
  const [line, setLine] = useState<LineOfBusiness>('motor');
  const [coverages, setCoverages] = useState<string[]>([]);
  const [maxPremium, setMaxPremium] = useState('');
  const [notes, setNotes] = useState('');
  const [errors, setErrors] = useState<{ coverages?: string; maxPremium?: string }>({});

  const create = useMutation({
    mutationFn: (grosze: number | null) =>
      unwrap(
        api.POST('/api/offer-requests', {
          params: { header: purposeHeader() },
          body: {
            clientId,
            lineOfBusiness: line,
            needs: {
              requiredCoverages: coverages,
              ...(grosze !== null ? { maxPremium: zl(grosze) } : {}),
              ...(notes.trim() ? { notes: notes.trim() } : {}),
            },
          },
        }),
      ),
    onSuccess: async (request) => {
      await queryClient.invalidateQueries({ queryKey: ['clients'] });
      await navigate({ to: '/oferty/$offerRequestId', params: { offerRequestId: request.id } });
    },
  });

  function submit(e: FormEvent) {
    e.preventDefault();
    const next: typeof errors = {};
    if (coverages.length === 0) next.coverages = t('offers.needs.coveragesRequired');
    const grosze = maxPremium.trim() ? parseZlotyToGrosze(maxPremium) : null;
    if (maxPremium.trim() && (grosze === null || grosze <= 0)) next.maxPremium = t('offers.invalidAmount');
    setErrors(next);
    if (Object.keys(next).length === 0) create.mutate(grosze);
  }

  if (!purpose || !(OFFER_PURPOSES as readonly string[]).includes(purpose))
    return <PurposeNeeded needed="offer_preparation" action={t('offers.needs.title')} />;

  return (
    <Stack maw={760}>
      <AnchorLink to="/klienci/$clientId" params={{ clientId }}>
        ← {t('offers.backToClient')}
      </AnchorLink>
      <Title order={1}>{t('offers.needs.title')}</Title>
      <Text>{t('offers.needs.intro')}</Text>
      <form onSubmit={submit} noValidate>
        <Stack>
          <Select
            label={t('offers.line')}
            required
            allowDeselect={false}
            data={LINES_OF_BUSINESS.map((l) => ({ value: l, label: t(`lines.${l}`) }))}
            value={line}
            onChange={(v) => {
              if (!v) return;
              setLine(v as LineOfBusiness);
              setCoverages([]);
            }}
          />
          <Checkbox.Group
            label={t('offers.needs.coverages')}
            description={t('offers.needs.coveragesHint')}
            required
            value={coverages}
            onChange={setCoverages}
            error={errors.coverages}
          >
            <Group mt="xs">
              {coverageCodes(line).map((code) => (
                <Checkbox key={code} value={code} label={t(`coverages.${code}`)} />
              ))}
            </Group>
          </Checkbox.Group>
          <TextInput
            label={t('offers.needs.maxPremium')}
            description={t('offers.amountHint')}
            inputMode="decimal"
            value={maxPremium}
            onChange={(e) => setMaxPremium(e.currentTarget.value)}
            error={errors.maxPremium}
          />
          <Textarea
            label={t('offers.needs.notes')}
            autosize
            minRows={3}
            maxLength={4000}
            value={notes}
            onChange={(e) => setNotes(e.currentTarget.value)}
          />
          <ErrorAlert error={create.error} />
          <Group>
            <Button type="submit" loading={create.isPending}>
              {t('offers.needs.submit')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Stack>
  );
}
