import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { toPositional } from '@app/common/database/sql';
import type { SqlFragment } from '@app/privacy';
import { ClientsService } from '../clients';
import { ScheduledMailRepository, ScheduledMailStatus } from '../mailings';
import { InstalmentRepository } from './instalment.repository';

export type InstalmentReminderStatus = ScheduledMailStatus;

export interface InstalmentReminder {
  id: string;
  instalmentId: string;
  clientId: string;
  status: InstalmentReminderStatus;
  reason: string | null;
  finishedAt: string | null;
}

const COLUMNS = `r.id::text, r.instalment_id::text AS "instalmentId", r.client_id::text AS "clientId", r.status, r.reason,
  to_char(r.finished_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS "finishedAt"`;

/** The `instalment_reminder` table: one row per overdue instalment, and how far its reminder got. */
@Injectable()
export class InstalmentReminderRepository extends ScheduledMailRepository {
  constructor(
    @InjectDataSource() dataSource: DataSource,
    clients: ClientsService,
    private readonly instalments: InstalmentRepository,
  ) {
    super(dataSource, clients, 'instalment_reminder');
  }

  /**
   * One row per instalment overdue on `day`, in one statement: queued when the client may get it
   * (`eligible` over the client alias `c`), otherwise skipped with `skipReason`. The unique key on
   * the instalment makes a repeated scan write nothing, except that a row skipped because of the
   * client's state is queued once the client may get it (an e-mail address given later).
   * Answers the rows written, each with its status and reason.
   */
  async insertScanned(
    manager: EntityManager,
    day: string,
    eligible: SqlFragment,
    skipReason: SqlFragment,
  ): Promise<Array<{ id: string; clientId: string; status: 'queued' | 'skipped'; reason: string | null }>> {
    const { sql, params } = toPositional(
      `INSERT INTO instalment_reminder AS r (instalment_id, contract_id, client_id, due_date, scan_date, status, reason, finished_at)
       SELECT i.id, i.contract_id, i.client_id, i.due_date, :day::date,
              CASE WHEN ${eligible.sql} THEN 'queued' ELSE 'skipped' END,
              CASE WHEN ${eligible.sql} THEN NULL ELSE ${skipReason.sql} END,
              CASE WHEN ${eligible.sql} THEN NULL ELSE now() END
         ${this.instalments.overdueForScanSql(':day')}
       ON CONFLICT ON CONSTRAINT instalment_reminder_once DO UPDATE
          SET status = 'queued', reason = NULL, finished_at = NULL, scan_date = EXCLUDED.scan_date
        WHERE r.status = 'skipped' AND EXCLUDED.status = 'queued'
       RETURNING r.id::text, r.client_id::text AS "clientId", r.status, r.reason`,
      { ...eligible.params, ...skipReason.params, day },
    );
    return manager.query(sql, params);
  }

  /** Rows still queued (a scan enqueues them again: a job lost before it ran is not lost for good). */
  async queuedIds(limit: number, afterId: string | null): Promise<string[]> {
    const rows: Array<{ id: string }> = await this.dataSource.query(
      `SELECT id::text FROM instalment_reminder WHERE status = 'queued' AND ($1::uuid IS NULL OR id > $1::uuid)
        ORDER BY id LIMIT $2`,
      [afterId, limit],
    );
    return rows.map((r) => r.id);
  }

  async find(id: string): Promise<InstalmentReminder | null> {
    const rows: InstalmentReminder[] = await this.dataSource.query(
      `SELECT ${COLUMNS} FROM instalment_reminder r WHERE r.id = $1`,
      [id],
    );
    return rows[0] ?? null;
  }

  /** The reminders of the given instalments. */
  async ofInstalments(instalmentIds: string[]): Promise<InstalmentReminder[]> {
    if (instalmentIds.length === 0) return [];
    return this.dataSource.query(
      `SELECT ${COLUMNS} FROM instalment_reminder r WHERE r.instalment_id = ANY($1::uuid[])`,
      [instalmentIds],
    );
  }
}
