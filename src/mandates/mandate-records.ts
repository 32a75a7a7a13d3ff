import { FieldCipher } from '@app/common/crypto/field-cipher';
import { MandateField } from './mandate-terms';

import type { ContractRow } from './mandate-contract.repository';
import type { SubjectRow } from './mandate-subject.repository';

export type { ContractRow } from './mandate-contract.repository';
export type { SubjectRow } from './mandate-subject.repository';

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
