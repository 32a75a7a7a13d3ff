import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import {
  AppAbility,
  ClientSubjectFacts,
  EntityName,
  Purpose,
  Role,
  SqlFragment,
  abilityToSql,
  permittedFields,
  rulesOf,
} from '@app/privacy';
import { ClientsService } from '../clients';
import { ConsentsService } from '../consents';

export interface ScopedActor {
  staffId: string;
  role: Role;
  purpose: Purpose | null;
}

/**
 * Access to records that belong to one client (offer requests, quotes, contracts), derived from
 * the registry in two steps: the client must be visible under the purpose (restriction and
 * consent conditions of the Client rules), and the purpose must have rules for the entity itself,
 * which decide the fields. The same two steps run in SQL for lists.
 */
@Injectable()
export class ClientRecordsAccess {
  constructor(
    private readonly clients: ClientsService,
    private readonly consents: ConsentsService,
  ) {}

  ability(actor: ScopedActor): AppAbility {
    return this.clients.ability(actor);
  }

  /** The facts the Client rules test, for clients whose `restricted` flag the caller already read. */
  async clientFacts(
    ability: AppAbility,
    clients: Array<{ clientId: string; restricted: boolean }>,
    manager?: EntityManager,
  ): Promise<Map<string, ClientSubjectFacts>> {
    const ids = [...new Set(clients.map((c) => c.clientId))];
    const needsConsents = rulesOf(ability).some((r) => r.conditions && 'activeConsents' in (r.conditions as object));
    const consents = needsConsents ? await this.consents.activeConsentKeys(ids, manager) : new Map<string, string[]>();
    const facts = new Map<string, ClientSubjectFacts>();
    for (const c of clients) {
      facts.set(c.clientId, { id: c.clientId, restricted: c.restricted, activeConsents: consents.get(c.clientId) ?? [] });
    }
    return facts;
  }

  /** Fields of a client's record the ability lets through; none when the client is not visible. */
  fields(ability: AppAbility, entity: EntityName, client: ClientSubjectFacts | undefined): string[] {
    if (!client || permittedFields(ability, 'read', 'Client', client).length === 0) return [];
    return permittedFields(ability, 'read', entity, { clientId: client.id });
  }

  /** SQL for "this record is visible": its entity rules and its client's rules (client under `clientAlias`). */
  visibleSql(ability: AppAbility, entity: EntityName, clientAlias: string, field?: string): SqlFragment {
    const own = abilityToSql(ability, entity, {}, field);
    const client = abilityToSql(ability, 'Client', this.clients.sqlTranslators(clientAlias));
    return { sql: `(${own.sql} AND ${client.sql})`, params: { ...own.params, ...client.params } };
  }
}

/** Copies the permitted fields of a record; absent ones are omitted, not nulled. */
export function pick<T extends object>(record: T, fields: readonly string[]): Partial<T> {
  const out: Partial<T> = {};
  for (const field of fields) {
    if (Object.prototype.hasOwnProperty.call(record, field)) {
      (out as Record<string, unknown>)[field] = (record as Record<string, unknown>)[field];
    }
  }
  return out;
}
