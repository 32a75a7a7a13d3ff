import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { toPositional } from '@app/common/database/sql';
import { decodeCursor } from '@app/common/http/pagination';
import { PrivacyScope } from '@app/privacy';
import { ClientsService } from '../clients';
import { ContractsService } from '../contracts';
import { ClaimStatus } from './claim-workflow';

export interface ClaimHistoryEntry {
  at: string;
  by: string | null;
  from: ClaimStatus | null;
  to: ClaimStatus;
  note: string | null;
}

/** A claim as read, with its client's flags (visibility) and its contract's policy number. */
export interface ClaimRow {
  id: string;
  contractId: string;
  clientId: string;
  restricted: boolean;
  erasureRefused: boolean;
  status: ClaimStatus;
  insurerClaimNumber: string | null;
  dateOfLoss: string;
  description: string;
  amountClaimed: string | null;
  amountPaid: string | null;
  currency: string;
  history: ClaimHistoryEntry[];
  legalHoldId: string | null;
  createdAt: string;
  createdBy: string | null;
  policyNumber: string;
}

const TS = (col: string) => `to_char(${col} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`;

/**
 * The `claim` table: the only code whose SQL names it. Reads of personal data take the privacy
 * scope; erasure and retention work without a purpose and say so in their names.
 */
@Injectable()
export class ClaimRepository {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly clients: ClientsService,
    private readonly contracts: ContractsService,
  ) {}

  private select(): string {
    const k = this.contracts.columnSql('k');
    return `SELECT x.id::text, x.contract_id::text AS "contractId", x.client_id::text AS "clientId",
        c.restricted, c.erasure_refused AS "erasureRefused", x.status,
        x.insurer_claim_number AS "insurerClaimNumber", to_char(x.date_of_loss, 'YYYY-MM-DD') AS "dateOfLoss",
        x.description, x.amount_claimed AS "amountClaimed", x.amount_paid AS "amountPaid", x.currency,
        x.history, x.legal_hold_id::text AS "legalHoldId", ${TS('x.created_at')} AS "createdAt",
        x.created_by::text AS "createdBy", ${k.policyNumber} AS "policyNumber"
      FROM claim x ${this.contracts.joinSql('k', 'x.contract_id')} ${this.clients.joinSql('c', 'x.client_id')}`;
  }

  /** One claim (optionally locked); the caller decides visibility. */
  async find(
    _scope: PrivacyScope,
    id: string,
    manager?: EntityManager,
    lock = false,
  ): Promise<ClaimRow | null> {
    const rows: ClaimRow[] = await (manager ?? this.dataSource.manager).query(
      `${this.select()} WHERE x.id = $1${lock ? ' FOR UPDATE OF x' : ''}`,
      [id],
    );
    return rows[0] ?? null;
  }

  /** Claims visible under the scope (their client and contract too), newest first; one row more tells a next page. */
  page(
    scope: PrivacyScope,
    query: { contractId?: string; clientId?: string; status?: ClaimStatus; cursor?: string; size: number },
  ): Promise<ClaimRow[]> {
    const visible = scope.clientRecordSql('Claim', this.clients.sqlTranslators('c'));
    const contract = scope.visibleSql('Contract', {});
    const conditions = [visible.sql, contract.sql];
    const named: Record<string, unknown> = { ...visible.params, ...contract.params };
    if (query.contractId) {
      conditions.push('x.contract_id = :contractId::uuid');
      named.contractId = query.contractId;
    }
    if (query.clientId) {
      conditions.push('x.client_id = :clientId::uuid');
      named.clientId = query.clientId;
    }
    if (query.status) {
      conditions.push('x.status = :status');
      named.status = query.status;
    }
    const cursor = decodeCursor(query.cursor, ['timestamp', 'uuid']);
    if (cursor) {
      named.ck = cursor[0];
      named.cid = cursor[1];
      conditions.push(`(x.created_at, x.id) < (:ck::timestamptz, :cid::uuid)`);
    }
    const { sql, params } = toPositional(
      `${this.select()} WHERE ${conditions.join(' AND ')} ORDER BY x.created_at DESC, x.id DESC LIMIT ${query.size + 1}`,
      named,
    );
    return this.dataSource.query(sql, params);
  }

  async insert(
    claim: {
      contractId: string;
      clientId: string;
      insurerClaimNumber: string | null;
      dateOfLoss: string;
      description: string;
      amountClaimed: number | null;
      createdBy: string;
      history: ClaimHistoryEntry[];
    },
    manager: EntityManager,
  ): Promise<string> {
    const [row]: Array<{ id: string }> = await manager.query(
      `INSERT INTO claim (contract_id, client_id, insurer_claim_number, date_of_loss, description, amount_claimed, created_by, history)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8::jsonb) RETURNING id::text`,
      [
        claim.contractId,
        claim.clientId,
        claim.insurerClaimNumber,
        claim.dateOfLoss,
        claim.description,
        claim.amountClaimed,
        claim.createdBy,
        JSON.stringify(claim.history),
      ],
    );
    return row.id;
  }

  /** A change: the new status (closing it when final), the payment, the hold link, and a history entry. */
  async update(
    id: string,
    change: {
      status: ClaimStatus;
      closes: boolean;
      amountPaid?: number;
      legalHoldId?: string | null;
      entry: ClaimHistoryEntry | null;
    },
    manager: EntityManager,
  ): Promise<void> {
    await manager.query(
      `UPDATE claim SET status = $2,
              closed_at = CASE WHEN $3::boolean THEN coalesce(closed_at, now()) ELSE NULL END,
              amount_paid = CASE WHEN $4::boolean THEN $5::bigint ELSE amount_paid END,
              legal_hold_id = CASE WHEN $6::boolean THEN $7::uuid ELSE legal_hold_id END,
              history = CASE WHEN $8::jsonb IS NULL THEN history ELSE history || jsonb_build_array($8::jsonb) END
        WHERE id = $1`,
      [
        id,
        change.status,
        change.closes,
        change.amountPaid !== undefined,
        change.amountPaid ?? null,
        change.legalHoldId !== undefined,
        change.legalHoldId ?? null,
        change.entry ? JSON.stringify(change.entry) : null,
      ],
    );
  }

  // ---- without a purpose: erasure, retention, the person's own requests ----

  /**
   * Erasure: what describes the loss and the person (the description, the insurer's number, the
   * notes) is overwritten; the status and the amounts stay, as figures of an anonymised client.
   */
  async eraseForErasure(clientIds: string[], manager: EntityManager): Promise<void> {
    await manager.query(
      `UPDATE claim SET description = 'erased', insurer_claim_number = NULL,
              history = (SELECT coalesce(jsonb_agg(e - 'note' || jsonb_build_object('note', NULL)), '[]'::jsonb)
                           FROM jsonb_array_elements(history) e)
        WHERE client_id = ANY($1::uuid[])`,
      [clientIds],
    );
  }

  /**
   * Retention: claims closed before `before`, unless an active legal hold keeps them (`holdSql`
   * over `x.legal_hold_id`); deleted, or in a dry run counted. Answers whose they were.
   */
  async purgeClosedBefore(
    before: Date,
    dryRun: boolean,
    holdSql: string,
    manager: EntityManager,
  ): Promise<{ count: number; clientIds: string[] }> {
    const where = `x.closed_at < $1 AND NOT (x.legal_hold_id IS NOT NULL AND ${holdSql})`;
    const rows: Array<{ client_id: string }> = dryRun
      ? await manager.query(`SELECT x.client_id::text FROM claim x WHERE ${where}`, [before])
      : await manager
          .query(`DELETE FROM claim x WHERE ${where} RETURNING x.client_id::text`, [before])
          .then((r: [Array<{ client_id: string }>, number]) => r[0]);
    return { count: rows.length, clientIds: rows.map((r) => r.client_id) };
  }

  /** Every claim of a client, for the person's own access report. */
  forClientWithoutPurpose(clientId: string, manager?: EntityManager): Promise<ClaimRow[]> {
    return (manager ?? this.dataSource.manager).query(
      `${this.select()} WHERE x.client_id = $1 ORDER BY x.created_at, x.id`,
      [clientId],
    );
  }
}
