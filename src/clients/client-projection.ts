import { ENTITIES, PrivacyScope, notPersonalFieldsOf } from '@app/privacy';
import { FieldCipher } from '@app/common/crypto/field-cipher';
import { ClientRow, clientFacts, clientFieldValue } from './client-row';

export type ClientView = Record<string, unknown> & { id: string };

/**
 * Fields that identify the row or state it, and a company's register data: no personal values,
 * never listed as "fields read".
 */
const NOT_RECORDED_AS_READ = new Set<string>([
  ...ENTITIES.Client.alwaysVisible,
  ...notPersonalFieldsOf('Client'),
]);

/**
 * A client row as it leaves under the scope: the fields the scope allows for this client (none
 * when it may not see the client at all), each read through the repository's one mapper.
 */
export function projectClient(
  scope: PrivacyScope,
  row: ClientRow,
  cipher: FieldCipher,
): { value: ClientView; fields: string[] } | null {
  const fields = scope.fields('Client', clientFacts(row));
  if (fields.length === 0) return null;
  const value: ClientView = { id: row.id };
  const present: string[] = [];
  for (const field of fields) {
    const v = clientFieldValue(row, field, cipher);
    if (v === undefined) continue;
    value[field] = v;
    if (!NOT_RECORDED_AS_READ.has(field)) present.push(field);
  }
  return { value, fields: present };
}
