import type { AuditReason } from '@app/audit';
import { DataSource, EntityManager } from 'typeorm';
import { toPositional } from '@app/common/database/sql';
import type { Language } from '@app/common/locale/polish';
import type { SqlFragment } from '@app/privacy';
import type { ClientsService } from '../clients';

/** How far one scheduled mail got: queued → sending → sent | skipped | failed. */
export type ScheduledMailStatus = 'queued' | 'sending' | 'sent' | 'skipped' | 'failed';

/** The recipient as the claiming statement read them. */
export interface ScheduledMailRecipient {
  email: string;
  firstName: string | null;
  lastName: string | null;
  /** The language the client is written to in. */
  language: Language;
}

/** The moves a row may make besides being sent. */
export type ScheduledMailTransition =
  | { from: 'queued'; to: 'skipped'; reason: string }
  | { from: 'sending'; to: 'failed'; reason: string }
  | { from: 'sending'; to: 'queued'; reason: string };

/**
 * The state machine of a table of scheduled mails (one row per mail, with `id`, `client_id`,
 * `status`, `reason`, `attempts`, `sending_at`, `finished_at`). Each owning repository extends it
 * with its table's name, so the SQL naming a table stays in that table's module.
 */
export abstract class ScheduledMailRepository {
  protected constructor(
    protected readonly dataSource: DataSource,
    protected readonly clients: ClientsService,
    private readonly table: string,
  ) {}

  /**
   * Claims a queued row (queued → sending) in the statement that re-checks `eligible` (over the
   * client alias `c`); answers the address and names, or null when it was not claimed.
   */
  async claim(id: string, eligible: SqlFragment): Promise<ScheduledMailRecipient | null> {
    const { sql, params } = toPositional(
      `UPDATE ${this.table} r SET status = 'sending', sending_at = now(), attempts = r.attempts + 1, reason = NULL
         FROM ${this.clients.fromSql('c')}
        WHERE r.id = :id::uuid AND r.status = 'queued' AND c.id = r.client_id AND ${eligible.sql}
        RETURNING c.email, c.first_name, c.last_name, c.language`,
      { ...eligible.params, id },
    );
    const [claimed]: [
      Array<{ email: string; first_name: string | null; last_name: string | null; language: Language }>,
      number,
    ] = await this.dataSource.query(sql, params);
    const row = claimed[0];
    return row
      ? { email: row.email, firstName: row.first_name, lastName: row.last_name, language: row.language }
      : null;
  }

  /**
   * Why the row's client is not a recipient: `reason` (over the client alias `c`, which is null
   * for a client gone when the join is LEFT), or null.
   */
  async clientSkipReason(id: string, reason: SqlFragment): Promise<AuditReason | null> {
    const { sql, params } = toPositional(
      `SELECT ${reason.sql} AS reason FROM ${this.table} r LEFT ${this.clients.joinSql('c', 'r.client_id')}
        WHERE r.id = :id::uuid`,
      { ...reason.params, id },
    );
    const [row]: Array<{ reason: AuditReason | null }> = await this.dataSource.query(sql, params);
    return row?.reason ?? null;
  }

  /** Moves the row from `from` to `to` with a reason; false when it was not in `from`. */
  async transition(manager: EntityManager, id: string, change: ScheduledMailTransition): Promise<boolean> {
    const set =
      change.to === 'queued'
        ? `status = 'queued', reason = $2, sending_at = NULL`
        : `status = '${change.to}', reason = $2, finished_at = now()`;
    const [updated]: [unknown[], number] = await manager.query(
      `UPDATE ${this.table} SET ${set} WHERE id = $1 AND status = '${change.from}' RETURNING 1`,
      [id, change.reason],
    );
    return updated.length > 0;
  }

  /** Sent (also a row reported interrupted whose worker finished after all); false when neither. */
  async markSent(manager: EntityManager, id: string): Promise<boolean> {
    const [updated]: [unknown[], number] = await manager.query(
      `UPDATE ${this.table} SET status = 'sent', reason = NULL, finished_at = now()
        WHERE id = $1 AND (status = 'sending' OR (status = 'failed' AND reason = 'interrupted')) RETURNING 1`,
      [id],
    );
    return updated.length > 0;
  }

  /** Erasure: the persons' queued mails end as skipped ("erased"), in the erasing transaction. */
  async skipQueuedForErasure(manager: EntityManager, clientIds: string[]): Promise<void> {
    await manager.query(
      `UPDATE ${this.table} SET status = 'skipped', reason = 'erased', finished_at = now()
        WHERE client_id = ANY($1::uuid[]) AND status = 'queued'`,
      [clientIds],
    );
  }

  /** Erasure: the ids of every mail of the persons, whose send jobs are then removed. */
  async idsForErasure(clientIds: string[]): Promise<string[]> {
    const rows: Array<{ id: string }> = await this.dataSource.query(
      `SELECT id::text FROM ${this.table} WHERE client_id = ANY($1::uuid[])`,
      [clientIds],
    );
    return rows.map((r) => r.id);
  }
}
