import { FieldCipher } from '@app/common/crypto/field-cipher';
import { ClientSubjectFacts } from '@app/privacy';
import type { Language } from '@app/common/locale/polish';
import { PostalAddress } from './postal-address';

export const CLIENT_KINDS = ['person', 'company'] as const;
export type ClientKind = (typeof CLIENT_KINDS)[number];

/** Fields only a person has; a company is registered and read without them. */
export const PERSON_ONLY_FIELDS = ['firstName', 'lastName', 'dateOfBirth', 'pesel'] as const;
/** A company's register data; a person has none. */
export const COMPANY_ONLY_FIELDS = ['companyName', 'nip', 'regon', 'krs'] as const;

/** A client as stored; `pesel_cipher` is decrypted only when a projection asks for the PESEL. */
export interface ClientRow {
  id: string;
  status: 'active' | 'anonymised';
  kind: ClientKind;
  company_name: string | null;
  nip: string | null;
  regon: string | null;
  krs: string | null;
  first_name: string | null;
  last_name: string | null;
  email: string | null;
  phone: string | null;
  address: PostalAddress | null;
  date_of_birth: string | null;
  pesel_cipher: string | null;
  language: Language;
  restricted: boolean;
  erasure_refused: boolean;
  team_id: string | null;
  created_at: string;
  active_consents: string[];
  sort_key?: string;
}

/** Everything kept about a person, for their own access report (art. 15). */
export interface ClientRecordForSubject {
  id: string;
  status: string;
  first_name: string | null;
  last_name: string | null;
  email: string | null;
  phone: string | null;
  address: PostalAddress | null;
  date_of_birth: string | null;
  pesel_cipher: string | null;
  language: Language;
  restricted: boolean;
  objected_to_marketing: boolean;
  source: string;
  created_by: string | null;
  created_at: Date;
  last_activity_at: Date;
  anonymised_at: Date | null;
}

/** Columns a client write may set, by the registry's field name. */
export const CLIENT_COLUMNS = {
  firstName: 'first_name',
  lastName: 'last_name',
  email: 'email',
  phone: 'phone',
  address: 'address',
  dateOfBirth: 'date_of_birth',
  language: 'language',
  companyName: 'company_name',
  nip: 'nip',
  regon: 'regon',
  krs: 'krs',
} as const;

/** A company's register data as stored. */
export interface CompanyRegisterData {
  companyName: string;
  nip: string;
  regon: string;
  krs: string | null;
}

export interface NewClientRow {
  /** Absent: a person. */
  company?: CompanyRegisterData;
  firstName: string | null;
  lastName: string | null;
  email: string | null;
  phone: string | null;
  address: PostalAddress | null;
  dateOfBirth: string | null;
  peselCipher: string | null;
  peselIndex: string | null;
  language?: Language;
  source: string;
  createdBy: string | null;
  teamId: string | null;
}

export interface ClientListFilter {
  /**
   * LIKE prefix patterns, one per word typed; each must match the first or the last name. The SQL
   * folds case and diacritics on both sides (`name_search_key`).
   */
  namePrefixes: string[];
  email?: string;
  peselIndex?: string;
  /** The last nine digits of the phone number. */
  phoneDigits?: string;
  /** Registry fields filtered on: a filter only sees rows on which the field itself is visible. */
  filteredFields: string[];
  sort: 'createdAt' | 'lastName';
  cursor: [string | null, string] | null;
  size: number;
}

/** The facts the registry's client rules test. */
export function clientFacts(
  row: Pick<ClientRow, 'id' | 'restricted' | 'erasure_refused' | 'active_consents' | 'team_id'>,
): ClientSubjectFacts {
  return {
    id: row.id,
    restricted: row.restricted,
    erasureRefused: row.erasure_refused,
    activeConsents: row.active_consents ?? [],
    teamId: row.team_id,
  };
}

/**
 * The one mapper from a row to a registry field's value; the PESEL is decrypted only here. A field
 * the client's kind does not have is absent (undefined), not null.
 */
export function clientFieldValue(row: ClientRow, field: string, cipher: FieldCipher): unknown {
  const ownFields: readonly string[] = row.kind === 'company' ? PERSON_ONLY_FIELDS : COMPANY_ONLY_FIELDS;
  if (ownFields.includes(field)) return undefined;
  switch (field) {
    case 'kind':
      return row.kind;
    case 'companyName':
      return row.company_name;
    case 'nip':
      return row.nip;
    case 'regon':
      return row.regon;
    case 'krs':
      return row.krs;
    case 'id':
      return row.id;
    case 'status':
      return row.status;
    case 'createdAt':
      return row.created_at.replace(/\.(\d{3})\d*Z$/, '.$1Z');
    case 'restricted':
      return row.restricted;
    case 'teamId':
      return row.team_id;
    case 'firstName':
      return row.first_name;
    case 'lastName':
      return row.last_name;
    case 'email':
      return row.email;
    case 'phone':
      return row.phone;
    case 'address':
      return row.address;
    case 'dateOfBirth':
      return row.date_of_birth;
    case 'language':
      return row.language;
    case 'pesel':
      return row.pesel_cipher ? cipher.decrypt(row.pesel_cipher) : null;
    default:
      return undefined;
  }
}
