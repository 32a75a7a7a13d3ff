import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { AuditRecorder, type AuditResource } from '@app/audit';
import { FieldCipher } from '@app/common/crypto/field-cipher';
import { toPositional, escapeLike } from '@app/common/database/sql';
import { NotFoundError } from '@app/common/errors/domain-error';
import { Page, decodeCursor, encodeCursor, pageSize } from '@app/common/http/pagination';
import { checkPesel } from '@app/common/validation/pesel';
import {
  AppAbility,
  AuditAction,
  ClientSubjectFacts,
  ConditionTranslator,
  Purpose,
  Role,
  abilityToSql,
  assertFilterable,
  assertWritable,
  buildAbility,
  permittedFields,
} from '@app/privacy';
import { ConsentsService } from '../consents';
import { PostalAddress } from './postal-address';
import { CreateClientDto, ListClientsQueryDto, UpdateClientDto } from './client.dto';
import { ClientAnonymisedError, PeselBirthDateMismatchError } from './clients.errors';
import { DuplicateReviewsService, PeselHeldError } from './duplicate-reviews.service';

export interface ClientActor {
  staffId: string;
  role: Role;
  purpose: Purpose | null;
}

/** A client as stored, decoded; `pesel` is decrypted only when a projection asks for it. */
interface ClientRow {
  id: string;
  status: 'active' | 'anonymised';
  first_name: string | null;
  last_name: string | null;
  email: string | null;
  phone: string | null;
  address: PostalAddress | null;
  date_of_birth: string | null;
  pesel_cipher: string | null;
  restricted: boolean;
  erasure_refused: boolean;
  created_at: string;
  active_consents: string[];
  sort_key?: string;
}

export type ClientView = Record<string, unknown> & { id: string };

/** What a caller was about to write for a client, named in the record of operations when it is refused. */
export interface AnonymisedWriteAttempt {
  action: AuditAction;
  resource: AuditResource;
  resourceId?: string | null;
  fields?: string[];
}

const SELECT_CLIENT = `SELECT c.id, c.status, c.first_name, c.last_name, c.email, c.phone, c.address,
    to_char(c.date_of_birth, 'YYYY-MM-DD') AS date_of_birth, c.pesel_cipher, c.restricted, c.erasure_refused,
    to_char(c.created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') AS created_at,
    ARRAY(SELECT k.purpose || ':' || k.channel FROM consent k WHERE k.client_id = c.id AND k.withdrawn_at IS NULL) AS active_consents
  FROM client c`;

const WRITABLE_COLUMNS: Record<string, string> = {
  firstName: 'first_name',
  lastName: 'last_name',
  email: 'email',
  phone: 'phone',
  address: 'address',
  dateOfBirth: 'date_of_birth',
};

/**
 * The broker's own clients, read and written only through the privacy registry: every response is
 * projected to the fields the declared purpose allows, every write and filter is checked against
 * it, lists filter in SQL by the same rules, and every operation is recorded before it answers.
 */
@Injectable()
export class ClientsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly consents: ConsentsService,
    private readonly audit: AuditRecorder,
    private readonly cipher: FieldCipher,
    private readonly duplicates: DuplicateReviewsService,
  ) {}

  ability(actor: ClientActor): AppAbility {
    return buildAbility({ role: actor.role, purpose: actor.purpose });
  }

  /** SQL translations of the registry's client conditions, over the client alias `c`. */
  sqlTranslators(alias = 'c'): Record<string, ConditionTranslator> {
    return {
      restricted: (value, param) => `${alias}.restricted = ${param(Boolean(value))}`,
      erasureRefused: (value, param) => `${alias}.erasure_refused = ${param(Boolean(value))}`,
      activeConsents: this.consents.activeConsentSql(alias),
    };
  }

  async create(actor: ClientActor, input: CreateClientDto): Promise<ClientView> {
    const ability = this.ability(actor);
    const fields = Object.keys(input);
    try {
      assertWritable(ability, 'create', 'Client', null, fields, actor.purpose);
    } catch (error) {
      await this.audit.record({
        action: 'create',
        resource: 'client',
        fields,
        outcome: 'denied',
        reason: 'FORBIDDEN_FIELDS',
      });
      throw error;
    }
    if (input.pesel) this.checkPeselAgainstBirthDate(input.pesel, input.dateOfBirth ?? null);
    const peselIndex = input.pesel ? this.cipher.blindIndex('pesel', input.pesel) : null;
    const attempt = { action: 'create' as const, attemptedOn: null, fields, peselIndex };
    const id = await this.duplicates.guard(actor, attempt, () =>
      this.dataSource.transaction(async (manager) => {
        if (peselIndex) await this.assertPeselFree(manager, peselIndex, null);
        const [row] = await manager.query(
          `INSERT INTO client (first_name, last_name, email, phone, address, date_of_birth, pesel_cipher, pesel_index, source, created_by)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) RETURNING id`,
          [
            input.firstName,
            input.lastName,
            input.email ?? null,
            input.phone ?? null,
            input.address ? JSON.stringify(pickAddress(input.address)) : null,
            input.dateOfBirth ?? null,
            input.pesel ? this.cipher.encrypt(input.pesel) : null,
            peselIndex,
            `staff:${actor.purpose}`,
            actor.staffId,
          ],
        );
        await this.audit.record(
          {
            action: 'create',
            resource: 'client',
            resourceId: row.id,
            clientIds: [row.id],
            fields,
            outcome: 'allowed',
          },
          manager,
        );
        return row.id as string;
      }),
    );
    const row = await this.loadRow(this.dataSource.manager, id);
    const projected = row ? this.projectRow(ability, row) : null;
    return projected ? projected.value : { id };
  }

  async get(actor: ClientActor, id: string): Promise<ClientView> {
    const ability = this.ability(actor);
    const row = await this.loadRow(this.dataSource.manager, id);
    const projected = row ? this.projectRow(ability, row) : null;
    if (!row || !projected) {
      await this.audit.record({
        action: 'read',
        resource: 'client',
        resourceId: id,
        clientIds: row ? [id] : [],
        outcome: 'denied',
        reason: row ? 'NOT_VISIBLE_UNDER_PURPOSE' : 'NOT_FOUND',
      });
      throw new NotFoundError('Client');
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

  async list(actor: ClientActor, query: ListClientsQueryDto): Promise<Page<ClientView>> {
    const ability = this.ability(actor);
    const filterFields = [
      ...(query.q ? ['firstName', 'lastName'] : []),
      ...(query.email ? ['email'] : []),
      ...(query.pesel ? ['pesel'] : []),
    ];
    const sort = query.sort ?? 'createdAt';
    try {
      assertFilterable(ability, 'Client', filterFields, 'filter', actor.purpose);
      if (sort === 'lastName') assertFilterable(ability, 'Client', ['lastName'], 'sort', actor.purpose);
    } catch (error) {
      await this.audit.record({
        action: 'list',
        resource: 'client',
        fields: filterFields,
        outcome: 'denied',
        reason: 'FORBIDDEN_FIELDS',
      });
      throw error;
    }
    const translators = this.sqlTranslators('c');
    const conditions: string[] = [];
    const named: Record<string, unknown> = {};
    const add = (fragment: { sql: string; params: Record<string, unknown> }) => {
      conditions.push(fragment.sql);
      Object.assign(named, fragment.params);
    };
    add(abilityToSql(ability, 'Client', translators));
    // A filter only sees rows on which the filtered field itself is visible.
    for (const field of new Set(filterFields)) add(abilityToSql(ability, 'Client', translators, field));
    if (query.q) {
      named.fq = `${escapeLike(query.q.trim().toLowerCase())}%`;
      conditions.push(`(lower(c.first_name) LIKE :fq OR lower(c.last_name) LIKE :fq)`);
    }
    if (query.email) {
      named.femail = query.email;
      conditions.push(`c.email = :femail`);
    }
    if (query.pesel) {
      named.fpesel = this.cipher.blindIndex('pesel', query.pesel);
      conditions.push(`c.pesel_index = :fpesel`);
    }
    const size = pageSize(query.limit);
    const cursor = decodeCursor(query.cursor, [sort === 'lastName' ? 'text' : 'timestamp', 'uuid']);
    let order: string;
    let sortKey: string;
    if (sort === 'lastName') {
      sortKey = `coalesce(lower(c.last_name), '')`;
      order = `${sortKey} ASC, c.id ASC`;
      if (cursor) {
        named.ck = cursor[0];
        named.cid = cursor[1];
        conditions.push(`(${sortKey}, c.id) > (:ck, :cid::uuid)`);
      }
    } else {
      sortKey = `to_char(c.created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`;
      order = `c.created_at DESC, c.id DESC`;
      if (cursor) {
        named.ck = cursor[0];
        named.cid = cursor[1];
        conditions.push(`(c.created_at, c.id) < (:ck::timestamptz, :cid::uuid)`);
      }
    }
    const { sql, params } = toPositional(
      `${SELECT_CLIENT.replace('FROM client c', `, ${sortKey} AS sort_key FROM client c`)}
       WHERE ${conditions.join(' AND ')} ORDER BY ${order} LIMIT ${size + 1}`,
      named,
    );
    const rows: ClientRow[] = await this.dataSource.query(sql, params);
    const page = rows.slice(0, size);
    const items: ClientView[] = [];
    const fieldsSeen = new Set<string>(filterFields);
    for (const row of page) {
      const projected = this.projectRow(ability, row);
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

  async update(actor: ClientActor, id: string, input: UpdateClientDto): Promise<ClientView> {
    const ability = this.ability(actor);
    const fields = Object.keys(input).filter((k) => (input as Record<string, unknown>)[k] !== undefined);
    const peselIndex = input.pesel ? this.cipher.blindIndex('pesel', input.pesel) : null;
    const attempt = { action: 'update' as const, attemptedOn: id, fields, peselIndex };
    return this.duplicates.guard(actor, attempt, () =>
      this.dataSource.transaction(async (manager) => {
        const row = await this.loadRow(manager, id, true);
        const facts = row ? this.facts(row) : null;
        if (!row || !facts || permittedFields(ability, 'read', 'Client', facts).length === 0) {
          await this.audit.record({
            action: 'update',
            resource: 'client',
            resourceId: id,
            fields,
            outcome: 'denied',
            reason: row ? 'NOT_VISIBLE_UNDER_PURPOSE' : 'NOT_FOUND',
          });
          throw new NotFoundError('Client');
        }
        try {
          assertWritable(ability, 'update', 'Client', facts, fields, actor.purpose);
        } catch (error) {
          await this.audit.record({
            action: 'update',
            resource: 'client',
            resourceId: id,
            clientIds: [id],
            fields,
            outcome: 'denied',
            reason: 'FORBIDDEN_FIELDS',
          });
          throw error;
        }
        await this.assertNotAnonymised(
          id,
          { action: 'update', resource: 'client', resourceId: id, fields },
          manager,
        );
        const sets: string[] = [];
        const values: unknown[] = [];
        for (const field of fields) {
          const value = (input as Record<string, unknown>)[field];
          if (field === 'pesel') continue;
          values.push(
            field === 'address' && value ? JSON.stringify(pickAddress(value as PostalAddress)) : value,
          );
          sets.push(`${WRITABLE_COLUMNS[field]} = $${values.length}`);
        }
        if (fields.includes('pesel') || fields.includes('dateOfBirth')) {
          const pesel =
            input.pesel !== undefined
              ? input.pesel
              : row.pesel_cipher
                ? this.cipher.decrypt(row.pesel_cipher)
                : null;
          const dob = input.dateOfBirth !== undefined ? input.dateOfBirth : row.date_of_birth;
          if (pesel) this.checkPeselAgainstBirthDate(pesel, dob);
          if (input.pesel !== undefined) {
            if (peselIndex) await this.assertPeselFree(manager, peselIndex, id);
            values.push(input.pesel ? this.cipher.encrypt(input.pesel) : null);
            sets.push(`pesel_cipher = $${values.length}`);
            values.push(peselIndex);
            sets.push(`pesel_index = $${values.length}`);
          }
        }
        values.push(id);
        await manager.query(
          `UPDATE client SET ${[...sets, 'updated_at = now()', 'last_activity_at = now()'].join(', ')} WHERE id = $${values.length}`,
          values,
        );
        await this.audit.record(
          {
            action: 'update',
            resource: 'client',
            resourceId: id,
            clientIds: [id],
            fields,
            outcome: 'allowed',
          },
          manager,
        );
        const updated = await this.loadRow(manager, id);
        return this.projectRow(ability, updated!)!.value;
      }),
    );
  }

  /**
   * For other modules: the client's facts when it is visible under the actor's purpose. Otherwise
   * records the denied attempt (with the caller's action and resource) and throws not-found.
   */
  async requireVisible(
    actor: ClientActor,
    clientId: string,
    attempt: { action: AuditAction; resource: AuditResource },
    manager?: EntityManager,
  ): Promise<ClientSubjectFacts> {
    const row = await this.loadRow(manager ?? this.dataSource.manager, clientId);
    const facts = row ? this.facts(row) : null;
    if (!facts || permittedFields(this.ability(actor), 'read', 'Client', facts).length === 0) {
      await this.audit.record({
        ...attempt,
        resourceId: clientId,
        outcome: 'denied',
        reason: row ? 'NOT_VISIBLE_UNDER_PURPOSE' : 'NOT_FOUND',
      });
      throw new NotFoundError('Client');
    }
    return facts;
  }

  /**
   * The one decision whether anything may still be written for a client: personal data, consents,
   * offers, quotes, contracts, legal holds, requests. Erasure is final, so for an anonymised client
   * every such write is refused (409 CLIENT_ANONYMISED) and the refusal recorded. Call it inside the
   * writing transaction before any other row is locked: it locks the client row until the write
   * commits, so an erasure cannot slip in between the check and the write, and an erasure holding
   * the row makes the write wait and then see the client anonymised. An unknown id passes (the
   * caller answers not-found).
   */
  async assertNotAnonymised(
    clientId: string,
    attempt: AnonymisedWriteAttempt,
    manager: EntityManager,
  ): Promise<void> {
    const [row]: Array<{ status: ClientRow['status'] }> = await manager.query(
      `SELECT status FROM client WHERE id = $1 FOR NO KEY UPDATE`,
      [clientId],
    );
    if (row?.status !== 'anonymised') return;
    // Recorded outside the caller's transaction, which the refusal rolls back.
    await this.audit.record({
      action: attempt.action,
      resource: attempt.resource,
      resourceId: attempt.resourceId ?? null,
      clientIds: [clientId],
      fields: attempt.fields ?? [],
      outcome: 'denied',
      reason: 'CLIENT_ANONYMISED',
    });
    throw new ClientAnonymisedError();
  }

  /** Marks activity (for retention of prospects). */
  async touch(clientId: string, manager: EntityManager): Promise<void> {
    await manager.query(`UPDATE client SET last_activity_at = now() WHERE id = $1`, [clientId]);
  }

  private facts(row: ClientRow): ClientSubjectFacts {
    return {
      id: row.id,
      restricted: row.restricted,
      erasureRefused: row.erasure_refused,
      activeConsents: row.active_consents ?? [],
    };
  }

  private projectRow(ability: AppAbility, row: ClientRow): { value: ClientView; fields: string[] } | null {
    const fields = permittedFields(ability, 'read', 'Client', this.facts(row));
    if (fields.length === 0) return null;
    const value: ClientView = { id: row.id };
    const present: string[] = [];
    for (const field of fields) {
      const v = this.fieldValue(row, field);
      if (v === undefined) continue;
      value[field] = v;
      present.push(field);
    }
    return { value, fields: present.filter((f) => !['id', 'status', 'createdAt', 'restricted'].includes(f)) };
  }

  private fieldValue(row: ClientRow, field: string): unknown {
    switch (field) {
      case 'id':
        return row.id;
      case 'status':
        return row.status;
      case 'createdAt':
        return row.created_at.replace(/\.(\d{3})\d*Z$/, '.$1Z');
      case 'restricted':
        return row.restricted;
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
      case 'pesel':
        return row.pesel_cipher ? this.cipher.decrypt(row.pesel_cipher) : null;
      default:
        return undefined;
    }
  }

  private async loadRow(manager: EntityManager, id: string, lock = false): Promise<ClientRow | null> {
    const rows: ClientRow[] = await manager.query(
      `${SELECT_CLIENT} WHERE c.id = $1${lock ? ' FOR UPDATE OF c' : ''}`,
      [id],
    );
    return rows[0] ?? null;
  }

  private checkPeselAgainstBirthDate(pesel: string, dateOfBirth: string | null): void {
    const check = checkPesel(pesel, dateOfBirth);
    if (!check.valid) throw new PeselBirthDateMismatchError();
  }

  /** Leaves the write's transaction when another client holds the PESEL; the guard answers for it. */
  private async assertPeselFree(
    manager: EntityManager,
    index: string,
    exceptId: string | null,
  ): Promise<void> {
    const holder = await this.duplicates.holderOf(manager, index, exceptId);
    if (holder) throw new PeselHeldError(holder);
  }
}

function pickAddress(a: PostalAddress): PostalAddress {
  return { street: a.street, postalCode: a.postalCode, city: a.city, country: a.country };
}
