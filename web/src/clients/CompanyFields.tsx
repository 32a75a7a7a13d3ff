import { Fieldset, SegmentedControl, SimpleGrid, TextInput } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { components } from '../api/schema';
import type { Client } from '../api/types';

type CreateClient = components['schemas']['CreateClientDto'];
export type ClientKind = 'person' | 'company';

export interface CompanyValues {
  companyName: string;
  nip: string;
  regon: string;
  krs: string;
}

export function companyValuesOf(client?: Client): CompanyValues {
  return {
    companyName: client?.companyName ?? '',
    nip: client?.nip ?? '',
    regon: client?.regon ?? '',
    krs: client?.krs ?? '',
  };
}

const digits = (v: string) => v.replace(/[\s-]/g, '');

/** NIP: weights 6,5,7,2,3,4,5,6,7, sum mod 11 is the last digit (10 never). */
export function nipValid(raw: string): boolean {
  const v = digits(raw);
  if (!/^\d{10}$/.test(v) || /^0+$/.test(v)) return false;
  const sum = [6, 5, 7, 2, 3, 4, 5, 6, 7].reduce((acc, w, i) => acc + w * Number(v[i]), 0) % 11;
  return sum !== 10 && sum === Number(v[9]);
}

/** REGON: 9 or 14 digits, sum mod 11 (10 counts as 0); a 14-digit one starts with a valid 9-digit one. */
export function regonValid(raw: string): boolean {
  const v = digits(raw);
  const check = (s: string, weights: number[]) =>
    (weights.reduce((acc, w, i) => acc + w * Number(s[i]), 0) % 11) % 10 === Number(s[weights.length]);
  if (/^0+$/.test(v)) return false;
  if (/^\d{9}$/.test(v)) return check(v, [8, 9, 2, 3, 4, 5, 6, 7]);
  if (/^\d{14}$/.test(v))
    return regonValid(v.slice(0, 9)) && check(v, [2, 4, 8, 5, 0, 9, 7, 3, 6, 1, 2, 4, 8]);
  return false;
}

type T = (key: string) => string;

/** The form's rules for a company's fields; they apply only while the form registers a company. */
export function companyRules(t: T) {
  const forCompany =
    (rule: (v: string) => string | null) =>
    (v: string, values: { kind: ClientKind }): string | null =>
      values.kind === 'company' ? rule(v) : null;
  return {
    companyName: forCompany((v) => (v.trim() ? null : t('form.required'))),
    nip: forCompany((v) => (nipValid(v) ? null : t('company.invalidNip'))),
    regon: forCompany((v) => (regonValid(v) ? null : t('company.invalidRegon'))),
    krs: forCompany((v) => (!v.trim() || /^\d{10}$/.test(digits(v)) ? null : t('company.invalidKrs'))),
  };
}

/** The request registering a company: its register data and the contact and address fields. */
export function companyRequest(
  values: CompanyValues,
  contact: Pick<CreateClient, 'email' | 'phone' | 'address'>,
): CreateClient {
  const krs = digits(values.krs);
  return {
    kind: 'company',
    companyName: values.companyName.trim(),
    nip: digits(values.nip),
    regon: digits(values.regon),
    ...(krs && { krs }),
    ...(contact.email && { email: contact.email }),
    ...(contact.phone && { phone: contact.phone }),
    ...(contact.address && { address: contact.address }),
  };
}

export function KindSwitch(props: { value: ClientKind; onChange: (value: ClientKind) => void }) {
  const { t } = useTranslation();
  return (
    <SegmentedControl
      aria-label={t('company.kind')}
      data={[
        { value: 'person', label: t('company.person') },
        { value: 'company', label: t('company.company') },
      ]}
      value={props.value}
      onChange={(v) => props.onChange(v as ClientKind)}
      w={320}
    />
  );
}

/** The register data as a request sends it: digits only, a cleared KRS as null. */
export function companyRegisterData(values: CompanyValues) {
  return {
    companyName: values.companyName.trim(),
    nip: digits(values.nip),
    regon: digits(values.regon),
    krs: digits(values.krs) || null,
  };
}

/**
 * A company's register data. When correcting, a field the purpose may not write is disabled; the
 * API checks each number as it does at registration.
 */
export function CompanyFields(props: {
  inputProps: (path: string) => object;
  editable?: (field: keyof CompanyValues) => boolean;
}) {
  const { t } = useTranslation();
  const field = (name: keyof CompanyValues, extra: Record<string, unknown> = {}) => (
    <TextInput
      label={t(`company.${name}`)}
      autoComplete="off"
      disabled={props.editable ? !props.editable(name) : false}
      {...extra}
      {...props.inputProps(`company.${name}`)}
    />
  );
  return (
    <Fieldset legend={t('company.section')}>
      <SimpleGrid cols={{ base: 1, sm: 2 }}>
        {field('companyName', { required: true })}
        {field('nip', { required: true, inputMode: 'numeric', description: t('company.nipHint') })}
        {field('regon', { required: true, inputMode: 'numeric', description: t('company.regonHint') })}
        {field('krs', { inputMode: 'numeric' })}
      </SimpleGrid>
    </Fieldset>
  );
}
