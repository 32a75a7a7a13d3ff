import type { AuditReason } from '@app/audit';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { toPositional } from '@app/common/database/sql';
import type { SqlFragment } from '@app/privacy';
import { ClientsService } from '../clients';

export type ReminderStatus = 'queued' | 'sending' | 'sent' | 'skipped' | 'failed';

/** A reminder as stored: one per (contract, lead time). */
export interface ContractReminderRow {
  id: string;
  contract_id: string;
  client_id: string;
  lead_days: number;
  end_date: string;
  due_on: string;
  status: ReminderStatus;
  reason: string | null;
  finished_at: Date | null;
}

export interface ContractReminder {
  id: string;
  contractId: string;
  clientId: string;
  leadDays: number;
  /** YYYY-MM-DD */
  endDate: string;
  /** YYYY-MM-DD */
  dueOn: string;
  status: ReminderStatus;
  reason: string | null;
  finishedAt: Date | null;
}

function toReminder(row: ContractReminderRow): ContractReminder {
  return {
    id: row.id,
    contractId: row.contract_id,
    clientId: row.client_id,
    leadDays: row.lead_days,
    endDate: row.end_date,
    dueOn: row.due_on,
    status: row.status,
    reason: row.reason,
    finishedAt: row.finished_at,
  };
}

const COLUMNS = `id::text, contract_id::text, client_id::text, lead_days,
  to_char(end_date, 'YYYY-MM-DD') AS end_date, to_char(due_on, 'YYYY-MM-DD') AS due_on,
  status, reason, finished_at`;

export interface ScannedContracts {
  lead: number;
  endDate: string;
  day: string;
  contractIds: string[];
  clientIds: string[];
}

/** The `contract_reminder` table: the reminders the scan wrote and how far each one got. */
@Injectable()
export class ContractReminderRepository {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly clients: ClientsService,
  ) {}

  /**
   * One row per contract whose client passes `eligible` (over the client alias `c`), in one
   * statement; a repeated scan conflicts and writes nothing. Answers the new rows.
   */
  async insertScanned(
    eligible: SqlFragment,
    scanned: ScannedContracts,
  ): Promise<Array<{ id: string; clientId: string }>> {
    const { sql, params } = toPositional(
      `INSERT INTO contract_reminder (contract_id, client_id, lead_days, end_date, due_on, scan_date)
       SELECT t.contract_id, t.client_id, :lead, :endDate::date, :dueOn::date, :scanDate::date
         FROM unnest(:contractIds::uuid[], :clientIds::uuid[]) AS t(contract_id, client_id)
         ${this.clients.joinSql('c', 't.client_id')}
        WHERE ${eligible.sql}
       ON CONFLICT ON CONSTRAINT contract_reminder_once DO NOTHING
       RETURNING id::text, client_id::text`,
      {
        ...eligible.params,
        lead: scanned.lead,
        endDate: scanned.endDate,
        dueOn: scanned.day,
        scanDate: scanned.day,
        contractIds: scanned.contractIds,
        clientIds: scanned.clientIds,
      },
    );
    // INSERT ... RETURNING answers the rows themselves (only UPDATE and DELETE add a count).
    const rows: Array<{ id: string; client_id: string }> = await this.dataSource.query(sql, params);
    return rows.map((r) => ({ id: r.id, clientId: r.client_id }));
  }

  async find(id: string): Promise<ContractReminder | null> {
    const rows: ContractReminderRow[] = await this.dataSource.query(
      `SELECT ${COLUMNS} FROM contract_reminder WHERE id = $1`,
      [id],
    );
    return rows[0] ? toReminder(rows[0]) : null;
  }

  /** The reminders of a contract, longest lead time first. */
  async ofContract(contractId: string): Promise<ContractReminder[]> {
    const rows: ContractReminderRow[] = await this.dataSource.query(
      `SELECT ${COLUMNS} FROM contract_reminder WHERE contract_id = $1 ORDER BY lead_days DESC`,
      [contractId],
    );
    return rows.map(toReminder);
  }

  /**
   * Claims a queued row (queued → sending) in the statement that re-checks `eligible` (over the
   * client alias `c`); answers the address and names, or null when it was not claimed.
   */
  async claim(
    reminderId: string,
    eligible: SqlFragment,
  ): Promise<{ email: string; firstName: string | null; lastName: string | null } | null> {
    const { sql, params } = toPositional(
      `UPDATE contract_reminder r SET status = 'sending', sending_at = now(), attempts = r.attempts + 1, reason = NULL
         FROM ${this.clients.fromSql('c')}
        WHERE r.id = :reminderId::uuid AND r.status = 'queued' AND c.id = r.client_id AND ${eligible.sql}
        RETURNING c.email, c.first_name, c.last_name`,
      { ...eligible.params, reminderId },
    );
    const [claimed]: [Array<{ email: string; first_name: string | null; last_name: string | null }>, number] =
      await this.dataSource.query(sql, params);
    const row = claimed[0];
    return row ? { email: row.email, firstName: row.first_name, lastName: row.last_name } : null;
  }

  /** Why the reminder's client is not a recipient: `reason` (over the client alias `c`), or null. */
  async clientSkipReason(reminderId: string, reason: SqlFragment): Promise<AuditReason | null> {
    const { sql, params } = toPositional(
      `SELECT ${reason.sql} AS reason FROM contract_reminder r ${this.clients.joinSql('c', 'r.client_id')}
        WHERE r.id = :reminderId::uuid`,
      { ...reason.params, reminderId },
    );
    const [row]: Array<{ reason: AuditReason | null }> = await this.dataSource.query(sql, params);
    return row?.reason ?? null;
  }

  /** Moves the row from `from` to `to` with a reason; false when it was not in `from`. */
  async transition(
    manager: EntityManager,
    reminderId: string,
    change:
      | { from: 'queued'; to: 'skipped'; reason: string }
      | { from: 'sending'; to: 'failed'; reason: string }
      | { from: 'sending'; to: 'queued'; reason: string },
  ): Promise<boolean> {
    const set =
      change.to === 'queued'
        ? `status = 'queued', reason = $2, sending_at = NULL`
        : `status = '${change.to}', reason = $2, finished_at = now()`;
    const [updated]: [unknown[], number] = await manager.query(
      `UPDATE contract_reminder SET ${set} WHERE id = $1 AND status = '${change.from}' RETURNING 1`,
      [reminderId, change.reason],
    );
    return updated.length > 0;
  }

  /** Sent (also a row reported interrupted whose worker finished after all); false when neither. */
  async markSent(manager: EntityManager, reminderId: string): Promise<boolean> {
    const [updated]: [unknown[], number] = await manager.query(
      `UPDATE contract_reminder SET status = 'sent', reason = NULL, finished_at = now()
        WHERE id = $1 AND (status = 'sending' OR (status = 'failed' AND reason = 'interrupted')) RETURNING 1`,
      [reminderId],
    );
    return updated.length > 0;
  }

  /** Erasure: the persons' queued reminders end as skipped ("erased"), in the erasing transaction. */
  async skipQueuedForErasure(manager: EntityManager, clientIds: string[]): Promise<void> {
    await manager.query(
      `UPDATE contract_reminder SET status = 'skipped', reason = 'erased', finished_at = now()
        WHERE client_id = ANY($1::uuid[]) AND status = 'queued'`,
      [clientIds],
    );
  }

  /** Erasure: the ids of every reminder of the persons, whose send jobs are then removed. */
  async idsForErasure(clientIds: string[]): Promise<string[]> {
    const rows: Array<{ id: string }> = await this.dataSource.query(
      `SELECT id FROM contract_reminder WHERE client_id = ANY($1::uuid[])`,
      [clientIds],
    );
    return rows.map((r) => r.id);
  }
}
