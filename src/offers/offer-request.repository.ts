import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { toPositional } from '@app/common/database/sql';
import { newestFirstAfter } from '@app/common/http/pagination';
import { LineOfBusiness, PrivacyScope } from '@app/privacy';
import { ClientsService } from '../clients';
import { Money, toMoney } from './money';
import { RenewalAlreadyStartedError } from './offers.errors';

/** An offer request as stored, with its client's restriction and refused-erasure flags. */
export interface OfferRequestRow {
  id: string;
  clientId: string;
  restricted: boolean;
  erasureRefused: boolean;
  lineOfBusiness: LineOfBusiness;
  status: 'open' | 'concluded';
  renewsContractId: string | null;
  createdAt: string;
  requiredCoverages: string[];
  maxPremium: string | null;
  currency: string;
  notes: string | null;
  sortKey?: string;
}

export interface NewOfferRequest {
  clientId: string;
  lineOfBusiness: LineOfBusiness;
  needs: { requiredCoverages: string[]; maxPremium?: Money | null; notes?: string | null };
  renewsContractId?: string | null;
  createdBy: string | null;
}

export interface OfferRequestFilter {
  clientId?: string;
  status?: 'open' | 'concluded';
  lineOfBusiness?: LineOfBusiness;
  cursor?: string;
  size: number;
}

/** The one mapper from a stored request to the registry's OfferRequest fields. */
export function offerRequestRecord(row: OfferRequestRow) {
  return {
    id: row.id,
    clientId: row.clientId,
    lineOfBusiness: row.lineOfBusiness,
    status: row.status,
    renewsContractId: row.renewsContractId,
    createdAt: row.createdAt,
    requiredCoverages: row.requiredCoverages,
    maxPremium: toMoney(row.maxPremium, row.currency),
    notes: row.notes,
  };
}

export const TIMESTAMP_SQL = (col: string) =>
  `to_char(${col} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;

/** Keyset position of a request: its creation time to the microsecond. */
const SORT_KEY = `to_char(r.created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`;

/**
 * The `offer_request` table: the only code whose SQL names it. Reads of personal data take the
 * privacy scope; work without a purpose (erasure, data-subject reports, seeding) says so in its name.
 */
@Injectable()
export class OfferRequestRepository {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly clients: ClientsService,
  ) {}

  private selectSql(extra = ''): string {
    return `SELECT r.id, r.client_id AS "clientId", c.restricted, c.erasure_refused AS "erasureRefused", r.line_of_business AS "lineOfBusiness",
    r.status, r.renews_contract_id AS "renewsContractId", ${TIMESTAMP_SQL('r.created_at')} AS "createdAt",
    r.required_coverages AS "requiredCoverages", r.max_premium AS "maxPremium", r.currency, r.notes${extra}
  FROM offer_request r ${this.clients.joinSql('c', 'r.client_id')}`;
  }

  /** The request with its client's flags; the caller decides visibility (`ClientsService.requireRecordVisible`). */
  async find(
    _scope: PrivacyScope,
    id: string,
    manager?: EntityManager,
    lock = false,
  ): Promise<OfferRequestRow | null> {
    const rows: OfferRequestRow[] = await (manager ?? this.dataSource.manager).query(
      `${this.selectSql()} WHERE r.id = $1${lock ? ' FOR UPDATE OF r' : ''}`,
      [id],
    );
    return rows[0] ?? null;
  }

  /** Newest first; only requests visible under the scope; one row more than `size` tells there is a next page. */
  page(scope: PrivacyScope, filter: OfferRequestFilter): Promise<OfferRequestRow[]> {
    const visible = scope.clientRecordSql('OfferRequest', this.clients.sqlTranslators('c'));
    const conditions = [visible.sql];
    const named: Record<string, unknown> = { ...visible.params };
    if (filter.clientId) {
      named.fclient = filter.clientId;
      conditions.push(`r.client_id = :fclient::uuid`);
    }
    if (filter.status) {
      named.fstatus = filter.status;
      conditions.push(`r.status = :fstatus`);
    }
    if (filter.lineOfBusiness) {
      named.fline = filter.lineOfBusiness;
      conditions.push(`r.line_of_business = :fline`);
    }
    const after = newestFirstAfter(filter.cursor, 'r', named);
    if (after) conditions.push(after);
    const { sql, params } = toPositional(
      `${this.selectSql(`, ${SORT_KEY} AS "sortKey"`)}
       WHERE ${conditions.join(' AND ')} ORDER BY r.created_at DESC, r.id DESC LIMIT ${filter.size + 1}`,
      named,
    );
    return this.dataSource.query(sql, params);
  }

  /** A client's requests, oldest first, for the person's own access report. */
  forClientWithoutPurpose(clientId: string, manager?: EntityManager): Promise<OfferRequestRow[]> {
    return (manager ?? this.dataSource.manager).query(
      `${this.selectSql()} WHERE r.client_id = $1 ORDER BY r.created_at, r.id`,
      [clientId],
    );
  }

  /** Locks the request for a write that depends on its status; null when there is no such request. */
  async lockStatus(id: string, manager: EntityManager): Promise<'open' | 'concluded' | null> {
    const [row]: Array<{ status: 'open' | 'concluded' }> = await manager.query(
      `SELECT status FROM offer_request WHERE id = $1 FOR UPDATE`,
      [id],
    );
    return row?.status ?? null;
  }

  /** A correction: only the columns given change. */
  async update(
    id: string,
    patch: {
      lineOfBusiness?: LineOfBusiness;
      requiredCoverages?: string[];
      maxPremium?: number | null;
      notes?: string | null;
    },
    manager: EntityManager,
  ): Promise<void> {
    const sets: string[] = ['updated_at = now()'];
    const params: unknown[] = [id];
    const set = (column: string, value: unknown) => {
      params.push(value);
      sets.push(`${column} = $${params.length}`);
    };
    if (patch.lineOfBusiness !== undefined) set('line_of_business', patch.lineOfBusiness);
    if (patch.requiredCoverages !== undefined) set('required_coverages', patch.requiredCoverages);
    if (patch.maxPremium !== undefined) set('max_premium', patch.maxPremium);
    if (patch.notes !== undefined) set('notes', patch.notes);
    await manager.query(`UPDATE offer_request SET ${sets.join(', ')} WHERE id = $1`, params);
  }

  async touch(id: string, manager: EntityManager): Promise<void> {
    await manager.query(`UPDATE offer_request SET updated_at = now() WHERE id = $1`, [id]);
  }

  async markConcluded(id: string, manager: EntityManager): Promise<void> {
    await manager.query(`UPDATE offer_request SET status = 'concluded', updated_at = now() WHERE id = $1`, [
      id,
    ]);
  }

  /** Inserts a request; a second renewal of the same contract is refused. */
  async insert(input: NewOfferRequest, manager: EntityManager): Promise<string> {
    try {
      // A savepoint keeps the caller's transaction usable when the unique index refuses the row.
      await manager.query('SAVEPOINT offer_request_insert');
      const [row]: Array<{ id: string }> = await manager.query(
        `INSERT INTO offer_request (client_id, line_of_business, required_coverages, max_premium, notes, renews_contract_id, created_by)
         VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id`,
        [
          input.clientId,
          input.lineOfBusiness,
          input.needs.requiredCoverages,
          input.needs.maxPremium?.amount ?? null,
          input.needs.notes ?? null,
          input.renewsContractId ?? null,
          input.createdBy,
        ],
      );
      await manager.query('RELEASE SAVEPOINT offer_request_insert');
      return row.id;
    } catch (error) {
      if ((error as { code?: string; constraint?: string }).constraint === 'offer_request_renews_key') {
        await manager.query('ROLLBACK TO SAVEPOINT offer_request_insert');
        const [existing]: Array<{ id: string }> = await manager.query(
          `SELECT id FROM offer_request WHERE renews_contract_id = $1`,
          [input.renewsContractId],
        );
        throw new RenewalAlreadyStartedError(existing?.id ?? null);
      }
      throw error;
    }
  }

  /** SQL: the client under `clientAlias` asked for an offer in the line named by `lobParam`. */
  clientHasLineSql(clientAlias: string, lobParam: string): string {
    return `EXISTS (SELECT 1 FROM offer_request o WHERE o.client_id = ${clientAlias}.id AND o.line_of_business = ${lobParam})`;
  }

  /** SQL: the id of the request renewing the contract whose id is `contractIdColumn` (null when none). */
  renewalIdSql(contractIdColumn: string): string {
    return `(SELECT rr.id FROM offer_request rr WHERE rr.renews_contract_id = ${contractIdColumn})`;
  }

  /** SQL: the contract that the offer request in `offerRequestIdColumn` renews (null when it renews none). */
  renewedContractIdSql(offerRequestIdColumn: string): string {
    return `(SELECT rn.renews_contract_id FROM offer_request rn WHERE rn.id = ${offerRequestIdColumn})`;
  }

  /** Erasure: needs notes may describe the person; they go, the rest of the request stays. */
  async eraseNotesForErasure(clientIds: string[], manager: EntityManager): Promise<void> {
    await manager.query(
      `UPDATE offer_request SET notes = NULL, updated_at = now() WHERE client_id = ANY($1::uuid[]) AND notes IS NOT NULL`,
      [clientIds],
    );
  }

  /** Demo data: a request as the seed makes it, created `ageDays` ago. */
  async insertSeed(
    input: {
      clientId: string;
      lineOfBusiness: LineOfBusiness;
      requiredCoverages: string[];
      maxPremium: number;
      notes: string;
      status: 'open' | 'concluded';
      ageDays: number;
    },
    manager: EntityManager,
  ): Promise<string> {
    const [row]: Array<{ id: string }> = await manager.query(
      `INSERT INTO offer_request (client_id, line_of_business, required_coverages, max_premium, notes, status, created_at, updated_at)
       VALUES ($1, $2, $3, $4, $5, $6, now() - make_interval(days => $7), now() - make_interval(days => $7)) RETURNING id`,
      [
        input.clientId,
        input.lineOfBusiness,
        input.requiredCoverages,
        input.maxPremium,
        input.notes,
        input.status,
        input.ageDays,
      ],
    );
    return row.id;
  }
}
