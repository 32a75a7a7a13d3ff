import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { toPositional } from '@app/common/database/sql';
import type { SqlFragment } from '@app/privacy';
import { ClientsService } from '../clients';
import { ScheduledMailRepository, ScheduledMailStatus } from '../mailings';

export type ReminderStatus = ScheduledMailStatus;

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
export class ContractReminderRepository extends ScheduledMailRepository {
  constructor(@InjectDataSource() dataSource: DataSource, clients: ClientsService) {
    super(dataSource, clients, 'contract_reminder');
  }

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
}
