import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { AuditRecorder } from '@app/audit';
import { FieldCipher } from '@app/common/crypto/field-cipher';
import { escapeLike } from '@app/common/database/sql';
import { Page, decodeCursor, encodeCursor, pageSize } from '@app/common/http/pagination';
import { Attempt, ClientOwned, ClientSubjectFacts, ConditionTranslator, PrivacyScope } from '@app/privacy';
import { ConsentsService } from '../consents';
import { ClientRecordForSubject, ClientRepository } from './client.repository';
import { CreateClientDto, ListClientsQueryDto, UpdateClientDto } from './client.dto';
import { ClientWrites } from './client-writes.service';
import { ClientView, projectClient } from './client-projection';
import { clientFacts } from './client-row';

export type { ClientView } from './client-projection';

/**
 * The broker's own clients, read and written only through the privacy scope: every response is
 * projected to the fields the declared purpose allows, every write and filter is checked against
 * it, lists filter in SQL by the same rules, and every operation is recorded before it answers.
 */
@Injectable()
export class ClientsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly clients: ClientRepository,
    private readonly consents: ConsentsService,
    private readonly audit: AuditRecorder,
    private readonly cipher: FieldCipher,
    private readonly writes: ClientWrites,
  ) {}

  create(scope: PrivacyScope, input: CreateClientDto): Promise<ClientView> {
    return this.writes.create(scope, input);
  }

  update(scope: PrivacyScope, id: string, input: UpdateClientDto): Promise<ClientView> {
    return this.writes.update(scope, id, input);
  }

  /** A client's update inside the caller's transaction (run through `guardUpdate`); see ClientWrites. */
  updateIn(
    scope: PrivacyScope,
    id: string,
    input: UpdateClientDto,
    manager: EntityManager,
  ): Promise<ClientView> {
    return this.writes.updateIn(scope, id, input, manager);
  }

  guardUpdate<T>(
    scope: PrivacyScope,
    id: string,
    input: UpdateClientDto,
    write: () => Promise<T>,
  ): Promise<T> {
    return this.writes.guardUpdate(scope, id, input, write);
  }

  async get(scope: PrivacyScope, id: string): Promise<ClientView> {
    const row = await this.clients.find(scope, id);
    const projected = row ? projectClient(scope, row, this.cipher) : null;
    if (!row || !projected) {
      scope.notFound(
        { action: 'read', resource: 'client', resourceId: id, clientIds: row ? [id] : [] },
        'Client',
        !!row,
      );
    }
    await this.audit.record({
      action: 'read',
      resource: 'client',
      resourceId: id,
      clientIds: [id],
      fields: projected.fields,
      outcome: 'allowed',
    });
    return projected.value;
  }

  async list(scope: PrivacyScope, query: ListClientsQueryDto): Promise<Page<ClientView>> {
    const filterFields = [
      ...(query.q ? ['firstName', 'lastName'] : []),
      ...(query.email ? ['email'] : []),
      ...(query.pesel ? ['pesel'] : []),
      ...(query.phone ? ['phone'] : []),
    ];
    const sort = query.sort ?? 'createdAt';
    const attempt: Attempt = { action: 'list', resource: 'client', fields: filterFields };
    scope.assertFilterable('Client', filterFields, 'filter', attempt);
    if (sort === 'lastName') scope.assertFilterable('Client', ['lastName'], 'sort', attempt);
    const size = pageSize(query.limit);
    const cursor = decodeCursor(query.cursor, [sort === 'lastName' ? 'text' : 'timestamp', 'uuid']);
    const rows = await this.clients.page(scope, {
      namePrefixes: nameWords(query.q).map((word) => `${escapeLike(word)}%`),
      email: query.email,
      peselIndex: query.pesel ? this.cipher.blindIndex('pesel', query.pesel) : undefined,
      // A Polish number is its last nine digits, whatever the prefix and separators.
      phoneDigits: query.phone ? query.phone.replace(/\D/g, '').slice(-9) : undefined,
      filteredFields: filterFields,
      sort,
      cursor: cursor ? [cursor[0] as string | null, cursor[1] as string] : null,
      size,
    });
    const page = rows.slice(0, size);
    const items: ClientView[] = [];
    const fieldsSeen = new Set<string>(filterFields);
    for (const row of page) {
      const projected = projectClient(scope, row, this.cipher);
      // The SQL already applied the same rules; a row the in-memory check refuses is never returned.
      if (!projected) continue;
      projected.fields.forEach((f) => fieldsSeen.add(f));
      items.push(projected.value);
    }
    await this.audit.record({
      action: 'list',
      resource: 'client',
      clientIds: items.map((i) => i.id),
      fields: [...fieldsSeen],
      outcome: 'allowed',
    });
    const last = page[page.length - 1];
    return {
      items,
      nextCursor: rows.length > size && last ? encodeCursor([last.sort_key ?? null, last.id]) : null,
    };
  }

  // ---- for other modules ----

  /** SQL translations of the registry's client conditions, over a client alias. */
  sqlTranslators(alias = 'c'): Record<string, ConditionTranslator> {
    return this.clients.translators(alias);
  }

  /** The client table as a join, for a list of a client's records that must stay one statement. */
  joinSql(alias: string, onColumn: string): string {
    return this.clients.joinSql(alias, onColumn);
  }

  /** The client table as a FROM item, for fan-outs and sweeps that must stay one statement. */
  fromSql(alias: string): string {
    return this.clients.fromSql(alias);
  }

  /** The facts the client rules test, for clients whose flags the caller already read with its records. */
  async subjectFacts(
    scope: PrivacyScope,
    records: ClientOwned[],
    manager?: EntityManager,
  ): Promise<Map<string, ClientSubjectFacts>> {
    const ids = [...new Set(records.map((c) => c.clientId))];
    const [consents, teams] = await Promise.all([
      scope.needsConsents() ? this.consents.activeConsentKeys(ids, manager) : new Map<string, string[]>(),
      scope.portfolioBound ? this.clients.teamsOf(ids, manager) : null,
    ]);
    const facts = new Map<string, ClientSubjectFacts>();
    for (const c of records) {
      facts.set(c.clientId, {
        id: c.clientId,
        restricted: c.restricted,
        erasureRefused: c.erasureRefused,
        activeConsents: consents.get(c.clientId) ?? [],
        ...(teams ? { teamId: teams.get(c.clientId) ?? null } : {}),
      });
    }
    return facts;
  }

  /**
   * The record of a client (offer request, quote, contract), its client's facts and the fields of
   * `entity` the scope lets through. An absent record and one the purpose may not see (the client,
   * the entity, or any of `alsoEntities`) are refused alike: not found.
   */
  async requireRecordVisible<T extends ClientOwned>(
    scope: PrivacyScope,
    record: T | null,
    check: {
      entity: Parameters<PrivacyScope['fields']>[0];
      alsoEntities?: Parameters<PrivacyScope['fields']>[0][];
      attempt: Attempt;
      notFound: string;
    },
  ): Promise<{ row: T; facts: ClientSubjectFacts; fields: string[] }> {
    const facts = record ? (await this.subjectFacts(scope, [record])).get(record.clientId) : undefined;
    const fields = scope.clientRecordFields(check.entity, facts);
    const visible =
      fields.length > 0 &&
      (check.alsoEntities ?? []).every((entity) => scope.clientRecordFields(entity, facts).length > 0);
    if (!record || !facts || !visible) {
      scope.notFound(
        { ...check.attempt, clientIds: record ? [record.clientId] : [] },
        check.notFound,
        !!record,
      );
    }
    return { row: record, facts, fields };
  }

  /**
   * The client's facts when it is visible under the scope; otherwise the attempt (the caller's
   * action and resource) is refused as not found.
   */
  async requireVisible(
    scope: PrivacyScope,
    clientId: string,
    attempt: Attempt,
    manager?: EntityManager,
  ): Promise<ClientSubjectFacts> {
    const row = await this.clients.find(scope, clientId, manager);
    const facts = row ? clientFacts(row) : null;
    if (!facts || scope.fields('Client', facts).length === 0) {
      scope.notFound({ ...attempt, resourceId: attempt.resourceId ?? clientId }, 'Client', !!row);
    }
    return facts;
  }

  /**
   * The one decision whether anything may still be written for a client: personal data, consents,
   * offers, quotes, contracts, legal holds, requests. Erasure is final, so for an anonymised client
   * every such write is refused (409 CLIENT_ANONYMISED), the refusal carrying its attempt. Call it
   * inside the writing transaction before any other row is locked: it locks the client row until the
   * write commits, so an erasure cannot slip in between the check and the write, and an erasure
   * holding the row makes the write wait and then see the client anonymised. An unknown id passes
   * (the caller answers not-found).
   */
  async assertNotAnonymised(clientId: string, attempt: Attempt, manager: EntityManager): Promise<void> {
    return this.writes.assertNotAnonymised(clientId, attempt, manager);
  }

  /**
   * Moves a client to another team's portfolio, without a purpose (an administrative act that
   * reads no personal value); answers the team it left, undefined when there is no such client.
   */
  moveToTeamWithoutPurpose(clientId: string, teamId: string, manager: EntityManager) {
    return this.clients.moveToTeam(clientId, teamId, manager);
  }

  /** Demo data: spreads the seeded clients of a source over the given teams. */
  /** Each client's team (null: none), by id only; for seeding, which pairs clients of one portfolio. */
  teamsOfWithoutPurpose(clientIds: string[], manager?: EntityManager): Promise<Map<string, string | null>> {
    return this.clients.teamsOf(clientIds, manager);
  }

  placeSeededInTeams(source: string, teamIds: string[]): Promise<void> {
    return this.clients.placeSeededInTeams(source, teamIds);
  }

  /** Marks activity (for retention of prospects). */
  async touch(clientId: string, manager: EntityManager): Promise<void> {
    await this.clients.touch(clientId, manager);
  }

  /** Whether the person objected to marketing, locking the row for the caller's write. */
  lockObjectedToMarketing(clientId: string, manager: EntityManager): Promise<boolean> {
    return this.clients.lockObjectedToMarketing(clientId, manager);
  }

  /** Art. 21: the person objected to marketing; stays until they grant a new consent. */
  markObjectedToMarketing(clientId: string, manager: EntityManager): Promise<void> {
    return this.clients.markObjectedToMarketing(clientId, manager);
  }

  /** The client's status (active or anonymised), without a purpose: it tells no personal value. */
  statusWithoutPurpose(clientId: string, manager?: EntityManager): Promise<'active' | 'anonymised' | null> {
    return this.clients.statusWithoutPurpose(clientId, manager);
  }

  /** Everything stored about the person, for their own access report (art. 15). */
  recordForDataSubject(clientId: string, manager?: EntityManager): Promise<ClientRecordForSubject | null> {
    return this.clients.recordForDataSubject(clientId, manager);
  }

  /** Erasure: anonymises the clients not anonymised yet; answers whom. */
  anonymiseForErasure(clientIds: string[], manager: EntityManager): Promise<string[]> {
    return clientIds.length === 0
      ? Promise.resolve([])
      : this.clients.anonymiseForErasure(clientIds, manager);
  }

  /** Art. 18 restriction, decided by a data-subject request (no purpose of a staff member). */
  restrictWithoutPurpose(clientIds: string[], manager: EntityManager): Promise<void> {
    return this.clients.restrictWithoutPurpose(clientIds, manager);
  }

  /** Art. 17(3): erasure refused on legal grounds, decided by a data-subject request. */
  refuseErasureWithoutPurpose(clientIds: string[], manager: EntityManager): Promise<void> {
    return this.clients.refuseErasureWithoutPurpose(clientIds, manager);
  }

  /** Demo data: how many clients a seed of this source made already. */
  companyByNipWithoutPurpose(nip: string): Promise<string | null> {
    return this.clients.companyByNipWithoutPurpose(nip);
  }

  countSeeded(source: string): Promise<number> {
    return this.clients.countSeeded(source);
  }

  /** Demo data: active clients a seed of this source made, by e-mail then id. */
  seededIdsWithoutPurpose(source: string, limit: number, manager: EntityManager): Promise<string[]> {
    return this.clients.seededIdsWithoutPurpose(source, limit, manager);
  }

  /** Demo data: one client as the seed makes it (no staff member, no purpose, backdated). */
  insertSeed(row: Parameters<ClientRepository['insertSeed']>[0], manager: EntityManager): Promise<string> {
    return this.clients.insertSeed(row, manager);
  }
}

/** A name has at most a few words; more would only add conditions without narrowing usefully. */
const MAX_NAME_WORDS = 4;

/**
 * The words of a name search ("anna wiś" → ["anna", "wiś"]); each must begin the first or the
 * last name. Folding case and diacritics happens in SQL, with the function the indexes hold.
 */
function nameWords(q: string | undefined): string[] {
  return (q ?? '').trim().split(/\s+/).filter(Boolean).slice(0, MAX_NAME_WORDS);
}
