import { FieldCipher } from '@app/common/crypto/field-cipher';
import { MandateField } from './mandate-terms';

/** Rows of schema `mandate` as stored, and their decoding; PESEL is decrypted only when asked for. */
export interface SubjectRow {
  id: string;
  first_name: string | null;
  last_name: string | null;
  email: string | null;
  phone: string | null;
  address: Record<string, string> | null;
  date_of_birth: string | null;
  pesel_cipher: string | null;
  created_at: string;
  sort_key: string;
}

export interface ContractRow {
  id: string;
  subject_id: string;
  line_of_business: string;
  product_name: string;
  policy_number: string | null;
  start_date: string;
  end_date: string;
  premium_amount: string | null;
  premium_currency: string | null;
  created_at: string;
}

export const SELECT_SUBJECT = `SELECT s.id, s.first_name, s.last_name, s.email, s.phone, s.address,
    to_char(s.date_of_birth, 'YYYY-MM-DD') AS date_of_birth, s.pesel_cipher,
    to_char(s.created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS created_at,
    to_char(s.created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') AS sort_key
  FROM mandate.subject s`;

export const SELECT_CONTRACT = `SELECT c.id, c.subject_id, c.line_of_business, c.product_name, c.policy_number,
    to_char(c.start_date, 'YYYY-MM-DD') AS start_date, to_char(c.end_date, 'YYYY-MM-DD') AS end_date,
    c.premium_amount::text AS premium_amount, c.premium_currency,
    to_char(c.created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS created_at
  FROM mandate.contract c`;

export const SUBJECT_COLUMNS: Record<Exclude<MandateField, 'pesel'>, keyof SubjectRow> = {
  firstName: 'first_name',
  lastName: 'last_name',
  email: 'email',
  phone: 'phone',
  address: 'address',
  dateOfBirth: 'date_of_birth',
};

export type SubjectView = Record<string, unknown> & { id: string; createdAt: string };

/** The subject with exactly `fields` (besides id and createdAt). */
export function subjectView(
  row: SubjectRow,
  fields: readonly MandateField[],
  cipher: FieldCipher,
): SubjectView {
  const view: SubjectView = { id: row.id, createdAt: row.created_at };
  for (const field of fields) {
    view[field] =
      field === 'pesel'
        ? row.pesel_cipher
          ? cipher.decrypt(row.pesel_cipher)
          : null
        : row[SUBJECT_COLUMNS[field]];
  }
  return view;
}

export const CONTRACT_FIELDS = [
  'lineOfBusiness',
  'productName',
  'policyNumber',
  'startDate',
  'endDate',
  'premium',
] as const;

export function contractView(row: ContractRow) {
  return {
    id: row.id,
    subjectId: row.subject_id,
    lineOfBusiness: row.line_of_business,
    productName: row.product_name,
    policyNumber: row.policy_number,
    startDate: row.start_date,
    endDate: row.end_date,
    premium:
      row.premium_amount === null
        ? null
        : { amount: Number(row.premium_amount), currency: row.premium_currency },
    createdAt: row.created_at,
  };
}

export type ContractView = ReturnType<typeof contractView>;
