import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { toPositional } from '@app/common/database/sql';
import {
  DataSubjectRequestStatus,
  DataSubjectRequestType,
  DeliveryChannel,
} from './data-subject-request.dto';
import { DataSubjectRequestNotFoundError } from './data-subject-requests.errors';

/** A request as stored; read by every use case of the module and mapped by `view`. */
export interface RequestRow {
  id: string;
  client_id: string | null;
  mandate_subject_id: string | null;
  type: DataSubjectRequestType;
  status: DataSubjectRequestStatus;
  received_at: string;
  due_at: string;
  notes: string | null;
  extended_at: Date | null;
  extension_reason: string | null;
  extended_by: string | null;
  identity_verified_at: Date | null;
  identity_method: string | null;
  identity_notes: string | null;
  identity_verified_by: string | null;
  referral: Record<string, unknown> | null;
  outcome: Record<string, unknown> | null;
  rejection_reason: string | null;
  delivered_via: DeliveryChannel | null;
  delivered_at: Date | null;
  closed_at: Date | null;
  created_at: Date;
}

const SELECT_REQUEST = `SELECT id, client_id, mandate_subject_id, type, status, to_char(received_at, 'YYYY-MM-DD') AS received_at,
    to_char(due_at, 'YYYY-MM-DD') AS due_at, notes, extended_at, extension_reason, extended_by, identity_verified_at,
    identity_method, identity_notes, identity_verified_by, referral, outcome, rejection_reason, delivered_via, delivered_at,
    closed_at, created_at
  FROM data_subject_request`;

interface NewRequest {
  type: DataSubjectRequestType;
  receivedAt: string;
  dueAt: string;
  notes: string | null;
  createdBy: string | null;
}

/**
 * The `data_subject_request` table: the only code whose SQL names it. Requests are handled by the
 * data protection officer under data_subject_rights only (the route's declaration); their state
 * changes under the row's lock, in the caller's transaction.
 */
@Injectable()
export class DataSubjectRequestRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** The request, optionally locked for the caller's transaction; not-found when there is none. */
  async find(id: string, manager?: EntityManager, lock = false): Promise<RequestRow> {
    const [row]: RequestRow[] = await (manager ?? this.dataSource.manager).query(
      `${SELECT_REQUEST} WHERE id = $1${lock ? ' FOR UPDATE' : ''}`,
      [id],
    );
    if (!row) throw new DataSubjectRequestNotFoundError();
    return row;
  }

  /** The request locked until the caller's transaction ends. */
  lock(id: string, manager: EntityManager): Promise<RequestRow> {
    return this.find(id, manager, true);
  }

  /** A page by due date, then id; one row more than `size` tells whether another page follows. */
  async page(filter: {
    status?: DataSubjectRequestStatus;
    type?: DataSubjectRequestType;
    /** true: open and past due on `today`; false: the others. */
    overdue?: boolean;
    today: string;
    after: [string, string] | null;
    size: number;
  }): Promise<RequestRow[]> {
    const conditions: string[] = ['true'];
    const named: Record<string, unknown> = { today: filter.today };
    if (filter.status) {
      conditions.push('status = :status');
      named.status = filter.status;
    }
    if (filter.type) {
      conditions.push('type = :type');
      named.type = filter.type;
    }
    if (filter.overdue === true) conditions.push(`status = 'open' AND due_at < :today::date`);
    if (filter.overdue === false) conditions.push(`NOT (status = 'open' AND due_at < :today::date)`);
    if (filter.after) {
      named.cdue = filter.after[0];
      named.cid = filter.after[1];
      conditions.push(`(due_at, id) > (:cdue::date, :cid::uuid)`);
    }
    const { sql, params } = toPositional(
      `${SELECT_REQUEST} WHERE ${conditions.join(' AND ')} ORDER BY due_at, id LIMIT ${filter.size + 1}`,
      named,
    );
    return this.dataSource.query(sql, params);
  }

  /** A request of one of the broker's clients, open. */
  async insertOpen(request: NewRequest & { clientId: string }, manager: EntityManager): Promise<string> {
    const [row]: Array<{ id: string }> = await manager.query(
      `INSERT INTO data_subject_request (client_id, type, status, received_at, due_at, notes, created_by)
       VALUES ($1, $2, 'open', $3, $4, $5, $6) RETURNING id`,
      [request.clientId, request.type, request.receivedAt, request.dueAt, request.notes, request.createdBy],
    );
    return row.id;
  }

  /** A request of a mandate subject, closed at once as referred to the insurer. */
  async insertReferred(
    request: NewRequest & { mandateSubjectId: string; referral: Record<string, unknown> },
    manager: EntityManager,
  ): Promise<string> {
    const [row]: Array<{ id: string }> = await manager.query(
      `INSERT INTO data_subject_request (mandate_subject_id, type, status, received_at, due_at, notes, referral, created_by, closed_at, closed_by)
       VALUES ($1, $2, 'referred', $3, $4, $5, $6, $7, now(), $7) RETURNING id`,
      [
        request.mandateSubjectId,
        request.type,
        request.receivedAt,
        request.dueAt,
        request.notes,
        JSON.stringify(request.referral),
        request.createdBy,
      ],
    );
    return row.id;
  }

  async extend(
    id: string,
    change: { dueAt: string; reason: string; by: string | null },
    manager: EntityManager,
  ): Promise<void> {
    await this.set(
      id,
      'due_at = $2, extended_at = now(), extension_reason = $3, extended_by = $4',
      [change.dueAt, change.reason, change.by],
      manager,
    );
  }

  async verifyIdentity(
    id: string,
    change: { method: string; notes: string | null; by: string | null },
    manager: EntityManager,
  ): Promise<void> {
    await this.set(
      id,
      'identity_verified_at = now(), identity_method = $2, identity_notes = $3, identity_verified_by = $4',
      [change.method, change.notes, change.by],
      manager,
    );
  }

  async reject(
    id: string,
    change: { reason: string; by: string | null },
    manager: EntityManager,
  ): Promise<void> {
    await this.set(
      id,
      "status = 'rejected', rejection_reason = $2, closed_at = now(), closed_by = $3",
      [change.reason, change.by],
      manager,
    );
  }

  /** Closes the request as answered, with what was done and, for a document handed over, how and when. */
  async complete(
    id: string,
    change: {
      outcome: Record<string, unknown>;
      by: string | null;
      delivery?: { via: DeliveryChannel; at: Date };
    },
    manager: EntityManager,
  ): Promise<void> {
    if (change.delivery) {
      await this.set(
        id,
        "status = 'done', outcome = $2, delivered_via = $3, delivered_at = $4, closed_at = now(), closed_by = $5",
        [JSON.stringify(change.outcome), change.delivery.via, change.delivery.at, change.by],
        manager,
      );
    } else {
      await this.set(
        id,
        "status = 'done', outcome = $2, closed_at = now(), closed_by = $3",
        [JSON.stringify(change.outcome), change.by],
        manager,
      );
    }
  }

  /** Rewrites the outcome of a done request (what failed after its execution committed). */
  async setOutcome(id: string, outcome: Record<string, unknown>): Promise<void> {
    await this.dataSource.query(`UPDATE data_subject_request SET outcome = $2 WHERE id = $1`, [
      id,
      JSON.stringify(outcome),
    ]);
  }

  /**
   * Retention of the request records (no purpose of a staff member): deletes, or in a dry run
   * counts, the requests closed before `before`; names whose they were.
   */
  async purgeClosedBeforeForRetention(
    before: Date,
    dryRun: boolean,
    manager: EntityManager,
  ): Promise<{ count: number; clientIds: string[] }> {
    type Row = { client_id: string | null };
    // DELETE ... RETURNING answers [rows, affected count] through TypeORM's postgres driver.
    const rows: Row[] = dryRun
      ? await manager.query(`SELECT client_id FROM data_subject_request WHERE closed_at < $1`, [before])
      : (
          (await manager.query(`DELETE FROM data_subject_request WHERE closed_at < $1 RETURNING client_id`, [
            before,
          ])) as [Row[], number]
        )[0];
    return {
      count: rows.length,
      clientIds: rows.map((r) => r.client_id).filter((id): id is string => id !== null),
    };
  }

  /** Erasure: the notes of a request may describe the person; the request's facts stay. */
  async eraseNotesForErasure(clientIds: string[], manager: EntityManager): Promise<void> {
    await manager.query(
      `UPDATE data_subject_request SET notes = NULL, identity_notes = NULL,
              extension_reason = CASE WHEN extension_reason IS NULL THEN NULL ELSE 'erased' END,
              rejection_reason = CASE WHEN rejection_reason IS NULL THEN NULL ELSE 'erased' END
        WHERE client_id = ANY($1::uuid[])
          AND (notes IS NOT NULL OR identity_notes IS NOT NULL OR extension_reason IS NOT NULL OR rejection_reason IS NOT NULL)`,
      [clientIds],
    );
  }

  private async set(
    id: string,
    assignments: string,
    values: unknown[],
    manager: EntityManager,
  ): Promise<void> {
    await manager.query(`UPDATE data_subject_request SET ${assignments}, updated_at = now() WHERE id = $1`, [
      id,
      ...values,
    ]);
  }
}
