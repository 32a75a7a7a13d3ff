import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';

/** A month of the record: its first day (YYYY-MM-01) and the partition that holds it. */
export interface RecordMonth {
  month: string;
  partition: string;
}

/** Where a month ends in the chain: the last seal naming one of its entries, and what is unsealed. */
export interface MonthInChain {
  entries: number;
  unsealed: number;
  lastSeq: string | null;
}

/**
 * The record's monthly partitions. The application's role owns none of them: creating and dropping
 * go through the SECURITY DEFINER functions of the migration (audit_prepare_month,
 * audit_drop_month), which refuse a month still within its term or holding unsealed entries.
 */
@Injectable()
export class AuditPartitionRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** The monthly partitions, oldest first (the default partition is not a month). */
  async months(): Promise<RecordMonth[]> {
    return this.dataSource.query(
      `SELECT to_char(to_date(substr(c.relname, 13), 'YYYY_MM'), 'YYYY-MM-DD') AS month, c.relname AS partition
         FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid
        WHERE i.inhparent = 'audit_entry'::regclass AND c.relname ~ '^audit_entry_[0-9]{4}_[0-9]{2}$'
        ORDER BY c.relname`,
    );
  }

  /** Creates the month's partition when it is missing; true when it was created now. */
  async prepare(month: string): Promise<boolean> {
    const [row]: Array<{ created: boolean }> = await this.dataSource.query(
      `SELECT audit_prepare_month($1::date) AS created`,
      [month],
    );
    return row.created;
  }

  /** How the month's entries stand in the chain. */
  async inChain(month: string): Promise<MonthInChain> {
    const [row]: Array<{ entries: number; unsealed: number; last_seq: string | null }> =
      await this.dataSource.query(
        `SELECT count(*)::int AS entries, count(*) FILTER (WHERE s.seq IS NULL)::int AS unsealed,
                max(s.seq)::text AS last_seq
           FROM audit_entry e LEFT JOIN audit_seal s ON s.entry_id = e.id
          WHERE e.at >= ($1::date)::timestamp AT TIME ZONE 'UTC'
            AND e.at < ($1::date + interval '1 month')::timestamp AT TIME ZONE 'UTC'`,
        [month],
      );
    return { entries: row.entries, unsealed: row.unsealed, lastSeq: row.last_seq };
  }

  /** The seal at a chain position. */
  async sealAt(seq: string): Promise<{ entry_id: string; mac: string } | undefined> {
    const [seal]: Array<{ entry_id: string; mac: string }> = await this.dataSource.query(
      `SELECT entry_id::text AS entry_id, mac FROM audit_seal WHERE seq = $1::bigint`,
      [seq],
    );
    return seal;
  }

  /** Drops the month's partition through the definer function, in the caller's transaction. */
  async drop(manager: EntityManager, month: string, termMonths: number): Promise<boolean> {
    const [row]: Array<{ dropped: boolean }> = await manager.query(
      `SELECT audit_drop_month($1::date, $2::int) AS dropped`,
      [month, termMonths],
    );
    return row.dropped;
  }

  /** The database's clock, so that the term is counted as the definer function counts it. */
  async now(): Promise<Date> {
    const [row]: Array<{ now: Date }> = await this.dataSource.query(`SELECT now() AS now`);
    return new Date(row.now);
  }
}
