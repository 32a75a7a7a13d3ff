import { EntityManager } from 'typeorm';
import { ForbiddenFieldsError } from '@app/common/errors/domain-error';
import { Attempt, EntityName, PrivacyScope } from '@app/privacy';
import { ClientRepository } from './client.repository';
import { ClientRow, clientFacts } from './client-row';
import { NotAPersonError } from './clients.errors';

/**
 * The client row when the scope sees the client; an absent client and one the purpose (or the
 * portfolio) hides are refused alike, as not found.
 */
export async function requireVisibleClient(
  clients: ClientRepository,
  scope: PrivacyScope,
  id: string,
  attempt: Attempt,
  manager?: EntityManager,
): Promise<ClientRow> {
  const row = await clients.find(scope, id, manager);
  if (!row || scope.fields('Client', clientFacts(row)).length === 0) {
    scope.notFound({ ...attempt, clientIds: row ? [id] : [] }, 'Client', !!row);
  }
  return row;
}

/** A visible client that must be a person (a representative, a household member). */
export async function requireVisiblePerson(
  clients: ClientRepository,
  scope: PrivacyScope,
  id: string,
  field: string,
  attempt: Attempt,
  manager?: EntityManager,
): Promise<ClientRow> {
  const row = await requireVisibleClient(clients, scope, id, attempt, manager);
  if (row.kind !== 'person') throw new NotAPersonError(field);
  return row;
}

/**
 * Links between clients are written only under a purpose the registry lets write the link's
 * entity at all; the refusal names the fields the request carried.
 */
export function assertMayWrite(
  scope: PrivacyScope,
  action: 'create' | 'update',
  entity: EntityName,
  attempt: Attempt,
): void {
  if (!scope.ability.can(action, entity)) {
    scope.deny(attempt, new ForbiddenFieldsError(attempt.fields ?? [], 'write', scope.purpose));
  }
}
