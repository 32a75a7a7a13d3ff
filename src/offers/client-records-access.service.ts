import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { AuditRecorder, type AuditResource } from '@app/audit';
import { NotFoundError } from '@app/common/errors/domain-error';
import {
  AppAbility,
  AuditAction,
  ClientSubjectFacts,
  EntityName,
  Purpose,
  Role,
  SqlFragment,
  abilityToSql,
  permittedFields,
  rulesOf,
} from '@app/privacy';
import { ClientsService, scopeOf } from '../clients';
import { ConsentsService } from '../consents';

export interface ScopedActor {
  staffId: string;
  role: Role;
  purpose: Purpose | null;
}

/** A stored record of one client, read together with the client's `restricted` and `erasureRefused` flags. */
export interface ClientRecord {
  clientId: string;
  restricted: boolean;
  erasureRefused: boolean;
}

/** How a refused look-up is recorded and answered. */
export interface VisibilityCheck {
  /** The entity whose fields the caller goes on to use. */
  entity: EntityName;
  /** Further entities the purpose must also see for the operation to go ahead. */
  alsoEntities?: EntityName[];
  /** What the record of operations says was attempted. */
  attempt: { action: AuditAction; resource: AuditResource; resourceId?: string | null; fields?: string[] };
  /** Names the record in the NotFoundError. */
  notFound: string;
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
    private readonly audit: AuditRecorder,
  ) {}

  ability(actor: ScopedActor): AppAbility {
    return scopeOf(actor).ability;
  }

  /** The facts the Client rules test, for clients whose flags the caller already read. */
  async clientFacts(
    ability: AppAbility,
    clients: ClientRecord[],
    manager?: EntityManager,
  ): Promise<Map<string, ClientSubjectFacts>> {
    const ids = [...new Set(clients.map((c) => c.clientId))];
    const needsConsents = rulesOf(ability).some(
      (r) => r.conditions && 'activeConsents' in (r.conditions as object),
    );
    const consents = needsConsents
      ? await this.consents.activeConsentKeys(ids, manager)
      : new Map<string, string[]>();
    const facts = new Map<string, ClientSubjectFacts>();
    for (const c of clients) {
      facts.set(c.clientId, {
        id: c.clientId,
        restricted: c.restricted,
        erasureRefused: c.erasureRefused,
        activeConsents: consents.get(c.clientId) ?? [],
      });
    }
    return facts;
  }

  /** Fields of a client's record the ability lets through; none when the client is not visible. */
  fields(ability: AppAbility, entity: EntityName, client: ClientSubjectFacts | undefined): string[] {
    if (!client || permittedFields(ability, 'read', 'Client', client).length === 0) return [];
    return permittedFields(ability, 'read', entity, { clientId: client.id });
  }

  /**
   * The record, its client's facts and the fields of `check.entity` the ability lets through.
   * An absent record and one the purpose may not see are answered alike (not found), and the
   * refusal is recorded with its reason before it is thrown.
   */
  async requireVisible<T extends ClientRecord>(
    ability: AppAbility,
    record: T | null,
    check: VisibilityCheck,
  ): Promise<{ row: T; facts: ClientSubjectFacts; fields: string[] }> {
    const facts = record ? (await this.clientFacts(ability, [record])).get(record.clientId) : undefined;
    const fields = this.fields(ability, check.entity, facts);
    const visible =
      fields.length > 0 &&
      (check.alsoEntities ?? []).every((entity) => this.fields(ability, entity, facts).length > 0);
    if (!record || !facts || !visible) {
      await this.audit.record({
        ...check.attempt,
        clientIds: record ? [record.clientId] : [],
        outcome: 'denied',
        reason: record ? 'NOT_VISIBLE_UNDER_PURPOSE' : 'NOT_FOUND',
      });
      throw new NotFoundError(check.notFound);
    }
    return { row: record, facts, fields };
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
