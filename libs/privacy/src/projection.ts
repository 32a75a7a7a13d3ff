import { ForbiddenFieldsError } from '@app/common/errors/domain-error';
import { AppAbility, PrivacyAction, fieldsReadableByType, permittedFields } from './ability.factory';
import { EntityName, Purpose } from './registry';

/**
 * Output projection: only permitted fields leave, absent ones are omitted (not nulled).
 * Returns null when the record is not visible under the ability.
 */
export function project<T extends object>(
  ability: AppAbility,
  entity: EntityName,
  facts: object,
  record: T,
): { value: Partial<T>; fields: string[] } | null {
  const fields = permittedFields(ability, 'read', entity, facts);
  if (fields.length === 0) return null;
  const value: Partial<T> = {};
  const out: string[] = [];
  for (const field of fields) {
    if (Object.prototype.hasOwnProperty.call(record, field)) {
      (value as Record<string, unknown>)[field] = (record as Record<string, unknown>)[field];
      out.push(field);
    }
  }
  return { value, fields: out };
}

/** The write guard: a body with any field outside the permitted set is refused whole. */
export function assertWritable(
  ability: AppAbility,
  action: Exclude<PrivacyAction, 'read'>,
  entity: EntityName,
  facts: object | null,
  requested: string[],
  purpose: Purpose | null,
): void {
  const allowed = new Set(
    facts
      ? permittedFields(ability, action, entity, facts)
      : [...fieldsWritableByType(ability, action, entity)],
  );
  const forbidden = requested.filter((f) => !allowed.has(f));
  if (forbidden.length > 0) throw new ForbiddenFieldsError(forbidden, 'write', purpose);
}

function fieldsWritableByType(
  ability: AppAbility,
  action: Exclude<PrivacyAction, 'read'>,
  entity: EntityName,
): string[] {
  return ability
    .rulesFor(action, entity)
    .filter((r) => !r.inverted)
    .flatMap((r) => (Array.isArray(r.fields) ? r.fields : r.fields ? [r.fields] : []));
}

/** The filter guard: filtering or sorting on a field the purpose may not read would leak by inference. */
export function assertFilterable(
  ability: AppAbility,
  entity: EntityName,
  fields: string[],
  operation: 'filter' | 'sort',
  purpose: Purpose | null,
): void {
  const readable = fieldsReadableByType(ability, entity);
  const forbidden = fields.filter((f) => !readable.has(f));
  if (forbidden.length > 0) throw new ForbiddenFieldsError(forbidden, operation, purpose);
}
