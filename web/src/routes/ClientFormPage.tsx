import {
  Button,
  Checkbox,
  Fieldset,
  Group,
  Select,
  SimpleGrid,
  Stack,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { useForm } from '@mantine/form';
import { notifications } from '@mantine/notifications';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useNavigate, useParams } from '@tanstack/react-router';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, purposeHeader, unwrap } from '../api/client';
import { usePurposeAllows, useSession } from '../api/hooks';
import type { components } from '../api/schema';
import { CHANNELS, CONSENT_PURPOSES, CONSENT_SOURCES, type Client } from '../api/types';
import { DateField } from '../components/DateField';
import { ErrorAlert } from '../components/ErrorAlert';
import { ButtonLink } from '../components/links';
import { has } from '../components/FieldValue';
import { errorText } from '../lib/errors';
import { normalisePhone, normalisePostcode } from '../lib/format';
import { peselBirthDate, peselChecksumValid } from '../lib/pesel';
import {
  CompanyFields,
  KindSwitch,
  companyRegisterData,
  companyRequest,
  companyRules,
  companyValuesOf,
  type ClientKind,
  type CompanyValues,
} from '../clients/CompanyFields';

type CreateClient = components['schemas']['CreateClientDto'];
type UpdateClient = components['schemas']['UpdateClientDto'];
type ConsentPurpose = (typeof CONSENT_PURPOSES)[number];
type Channel = (typeof CHANNELS)[number];

/** The notice shown at the meeting; its version goes with every consent recorded here. */
const CURRENT_NOTICE_VERSION = '2026-01';

interface ConsentChoice {
  given: boolean;
  source: string;
  evidence: string;
}

interface FormValues {
  kind: ClientKind;
  company: CompanyValues;
  firstName: string;
  lastName: string;
  pesel: string;
  dateOfBirth: string | null;
  email: string;
  phone: string;
  street: string;
  postalCode: string;
  city: string;
  country: string;
  noticeVersion: string;
  consents: Record<string, ConsentChoice>;
}

const consentKey = (p: ConsentPurpose, c: Channel) => `${p}:${c}`;

function emptyConsents(): Record<string, ConsentChoice> {
  const out: Record<string, ConsentChoice> = {};
  for (const p of CONSENT_PURPOSES)
    for (const c of CHANNELS) out[consentKey(p, c)] = { given: false, source: 'meeting', evidence: '' };
  return out;
}

function valuesOf(client?: Client): FormValues {
  return {
    kind: client?.kind === 'company' ? 'company' : 'person',
    company: companyValuesOf(client),
    firstName: client?.firstName ?? '',
    lastName: client?.lastName ?? '',
    pesel: client?.pesel ?? '',
    dateOfBirth: client?.dateOfBirth ?? null,
    email: client?.email ?? '',
    phone: client?.phone ?? '',
    street: client?.address?.street ?? '',
    postalCode: client?.address?.postalCode ?? '',
    city: client?.address?.city ?? '',
    country: client?.address?.country ?? 'PL',
    noticeVersion: CURRENT_NOTICE_VERSION,
    consents: emptyConsents(),
  };
}

export function NewClientPage() {
  return <ClientForm />;
}

export function EditClientPage() {
  const { clientId } = useParams({ from: '/app/klienci/$clientId/edycja' });
  const { purpose } = useSession();
  const { t } = useTranslation();
  const client = useQuery({
    queryKey: ['clients', purpose, 'card', clientId],
    queryFn: () =>
      unwrap(api.GET('/api/clients/{id}', { params: { path: { id: clientId }, header: purposeHeader() } })),
  });
  if (client.error) return <ErrorAlert error={client.error} />;
  if (!client.data) return <Text>{t('app.loading')}</Text>;
  return <ClientForm client={client.data} />;
}

/**
 * One form for a new client and for corrections. PESEL fills the date of birth; postcode, phone
 * and country are normalised before sending. A new client's consents given at the meeting are
 * recorded right after the client, one request each in order (the API takes them separately);
 * any that fails is reported by name with the API's reason.
 */
function ClientForm({ client }: { client?: Client }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const { purpose } = useSession();
  const allows = usePurposeAllows(purpose);
  const writable = new Set(allows.info?.fields.Client?.write ?? []);
  const editing = !!client;
  // A field the purpose cannot read is not offered for editing: the form would show it empty.
  const canEdit = (field: string) => writable.has(field) && (!client || has(client, field));
  const [consentErrors, setConsentErrors] = useState<string[]>([]);

  const form = useForm<FormValues>({
    initialValues: valuesOf(client),
    validate: {
      firstName: (v, values) => (values.kind === 'company' || v.trim() ? null : t('form.required')),
      lastName: (v, values) => (values.kind === 'company' || v.trim() ? null : t('form.required')),
      company: companyRules(t),
      pesel: (v) => (!v || peselBirthDate(v) ? null : t('form.invalidPesel')),
      email: (v) => (!v || /^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(v.trim()) ? null : t('form.invalidEmail')),
      phone: (v) => (!v || normalisePhone(v) ? null : t('form.invalidPhone')),
      postalCode: (v, values) =>
        !v && !values.street && !values.city ? null : normalisePostcode(v) ? null : t('form.invalidPostcode'),
      street: (v, values) => (!v && (values.postalCode || values.city) ? t('form.addressIncomplete') : null),
      city: (v, values) => (!v && (values.postalCode || values.street) ? t('form.addressIncomplete') : null),
    },
    onValuesChange: (values, previous) => {
      if (values.pesel !== previous.pesel && peselChecksumValid(values.pesel)) {
        const born = peselBirthDate(values.pesel);
        if (born && born !== values.dateOfBirth) form.setFieldValue('dateOfBirth', born);
      }
    },
  });

  const save = useMutation({
    mutationFn: async (values: FormValues) => {
      const address =
        values.street || values.city
          ? {
              street: values.street.trim(),
              postalCode: normalisePostcode(values.postalCode) ?? values.postalCode,
              city: values.city.trim(),
              country: (values.country.trim() || 'PL').toUpperCase(),
            }
          : undefined;
      const phone = values.phone ? (normalisePhone(values.phone) ?? values.phone) : undefined;
      const email = values.email.trim().toLowerCase() || undefined;
      const pesel = values.pesel.trim() || undefined;
      const dateOfBirth = values.dateOfBirth || undefined;
      if (!client) {
        const body: CreateClient =
          values.kind === 'company'
            ? companyRequest(values.company, { email, phone, address })
            : {
                firstName: values.firstName.trim(),
                lastName: values.lastName.trim(),
                ...(email && { email }),
                ...(phone && { phone }),
                ...(address && { address }),
                ...(pesel && { pesel }),
                ...(dateOfBirth && { dateOfBirth }),
              };
        const created = await unwrap(api.POST('/api/clients', { params: { header: purposeHeader() }, body }));
        const failures: string[] = [];
        for (const p of CONSENT_PURPOSES)
          for (const c of CHANNELS) {
            const choice = values.consents[consentKey(p, c)];
            if (!choice.given) continue;
            const vars = { purpose: t(`purposes.${p}`), channel: t(`channels.${c}`) };
            try {
              await unwrap(
                api.POST('/api/clients/{id}/consents', {
                  params: { path: { id: created.id }, header: purposeHeader() },
                  body: {
                    purpose: p,
                    channel: c,
                    source: choice.source,
                    ...(choice.evidence.trim() && { evidence: choice.evidence.trim() }),
                    noticeVersion: values.noticeVersion.trim() || CURRENT_NOTICE_VERSION,
                  },
                }),
              );
            } catch (error) {
              failures.push(t('form.consentFailed', { ...vars, message: errorText(t, error) }));
            }
          }
        return { id: created.id, failures };
      }
      // A correction sends what changed and may be written; a cleared optional field is null.
      const body: Record<string, unknown> = {};
      const changed = (field: keyof UpdateClient, next: unknown, before: unknown) => {
        if (canEdit(field) && JSON.stringify(next ?? null) !== JSON.stringify(before ?? null))
          body[field] = next;
      };
      changed('firstName', values.firstName.trim(), client.firstName);
      changed('lastName', values.lastName.trim(), client.lastName);
      changed('email', email ?? null, client.email);
      changed('phone', phone ?? null, client.phone);
      changed('pesel', pesel ?? null, client.pesel);
      changed('dateOfBirth', dateOfBirth ?? null, client.dateOfBirth);
      changed('address', address ?? null, client.address);
      if (values.kind === 'company') {
        const register = companyRegisterData(values.company);
        changed('companyName', register.companyName, client.companyName);
        changed('nip', register.nip, client.nip);
        changed('regon', register.regon, client.regon);
        changed('krs', register.krs, client.krs);
      }
      await unwrap(
        api.PATCH('/api/clients/{id}', {
          params: { path: { id: client.id }, header: purposeHeader() },
          body: body as UpdateClient,
        }),
      );
      return { id: client.id, failures: [] as string[] };
    },
    onSuccess: async ({ id, failures }) => {
      await queryClient.invalidateQueries({ queryKey: ['clients'] });
      notifications.show({
        color: 'teal.9',
        message: t('form.saved'),
        closeButtonProps: { 'aria-label': t('app.close') },
      });
      setConsentErrors(failures);
      for (const message of failures)
        notifications.show({
          color: 'red.9',
          message,
          autoClose: false,
          closeButtonProps: { 'aria-label': t('app.close') },
        });
      if (failures.length === 0) void navigate({ to: '/klienci/$clientId', params: { clientId: id } });
    },
  });

  const input = (field: keyof FormValues, label: string, extra: Record<string, unknown> = {}) => (
    <TextInput label={label} disabled={!canEdit(field)} {...extra} {...form.getInputProps(field)} />
  );

  return (
    <Stack maw={900}>
      <Title order={1}>{editing ? t('form.editTitle') : t('form.newTitle')}</Title>
      <form onSubmit={form.onSubmit((values) => save.mutate(values))} noValidate>
        <Stack>
          {!editing && (
            <KindSwitch value={form.values.kind} onChange={(k) => form.setFieldValue('kind', k)} />
          )}
          {form.values.kind === 'company' && (
            <CompanyFields inputProps={form.getInputProps} editable={editing ? canEdit : undefined} />
          )}
          <Fieldset legend={t('form.person')} hidden={form.values.kind === 'company'}>
            <SimpleGrid cols={{ base: 1, sm: 2 }}>
              {input('firstName', t('clients.firstName'), { required: true, autoComplete: 'off' })}
              {input('lastName', t('clients.lastName'), { required: true, autoComplete: 'off' })}
              {input('pesel', t('clients.pesel'), {
                description: t('form.peselHint'),
                inputMode: 'numeric',
                maxLength: 11,
                autoComplete: 'off',
              })}
              <DateField
                label={t('clients.dateOfBirth')}
                disabled={!canEdit('dateOfBirth')}
                {...form.getInputProps('dateOfBirth')}
              />
            </SimpleGrid>
          </Fieldset>
          <Fieldset legend={t('form.contact')}>
            <SimpleGrid cols={{ base: 1, sm: 2 }}>
              {input('email', t('clients.email'), { type: 'email', autoComplete: 'off' })}
              {input('phone', t('clients.phone'), {
                type: 'tel',
                autoComplete: 'off',
                placeholder: '+48 600 100 200',
              })}
            </SimpleGrid>
          </Fieldset>
          <Fieldset legend={t('form.addressSection')} disabled={!canEdit('address')}>
            <SimpleGrid cols={{ base: 1, sm: 2 }}>
              <TextInput label={t('form.street')} autoComplete="off" {...form.getInputProps('street')} />
              <TextInput
                label={t('form.postalCode')}
                placeholder="00-000"
                autoComplete="off"
                {...form.getInputProps('postalCode')}
                onBlur={(e) => {
                  const normal = normalisePostcode(e.currentTarget.value);
                  if (normal) form.setFieldValue('postalCode', normal);
                  form.validateField('postalCode');
                }}
              />
              <TextInput label={t('form.city')} autoComplete="off" {...form.getInputProps('city')} />
              <TextInput label={t('form.country')} maxLength={2} {...form.getInputProps('country')} />
            </SimpleGrid>
          </Fieldset>
          {!editing && allows.grantsConsents && (
            <Fieldset legend={t('form.consents')}>
              <Stack gap="sm">
                <Text size="sm">{t('form.consentsHint')}</Text>
                <TextInput label={t('form.noticeVersion')} {...form.getInputProps('noticeVersion')} w={240} />
                {CONSENT_PURPOSES.map((p) =>
                  CHANNELS.map((c) => {
                    const key = consentKey(p, c);
                    const given = form.values.consents[key].given;
                    const label = t('form.consentFor', {
                      purpose: t(`purposes.${p}`),
                      channel: t(`channels.${c}`),
                    });
                    return (
                      <Group key={key} align="flex-end" data-consent={key}>
                        <Checkbox
                          label={label}
                          w={380}
                          {...form.getInputProps(`consents.${key}.given`, { type: 'checkbox' })}
                        />
                        {given && (
                          <>
                            <Select
                              label={`${t('form.source')} (${label})`}
                              data={CONSENT_SOURCES.map((s) => ({
                                value: s,
                                label: t(`form.sources.${s}`),
                              }))}
                              allowDeselect={false}
                              w={220}
                              {...form.getInputProps(`consents.${key}.source`)}
                            />
                            <TextInput
                              label={`${t('form.evidence')} (${label})`}
                              w={260}
                              {...form.getInputProps(`consents.${key}.evidence`)}
                            />
                          </>
                        )}
                      </Group>
                    );
                  }),
                )}
              </Stack>
            </Fieldset>
          )}
          <ErrorAlert error={save.error} />
          {consentErrors.map((message) => (
            <Text key={message} c="red.9" role="alert">
              {message}
            </Text>
          ))}
          <Group>
            <Button type="submit" loading={save.isPending}>
              {t('form.save')}
            </Button>
            {client ? (
              <ButtonLink variant="default" to="/klienci/$clientId" params={{ clientId: client.id }}>
                {t('form.cancel')}
              </ButtonLink>
            ) : (
              <ButtonLink variant="default" to="/klienci">
                {t('form.cancel')}
              </ButtonLink>
            )}
          </Group>
        </Stack>
      </form>
    </Stack>
  );
}
