import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';

/** A day the scan completed, as stored. */
export interface ReminderScanRow {
  scan_date: string;
  enqueued: number;
  missed: number;
}

export interface ReminderScan {
  /** YYYY-MM-DD */
  scanDate: string;
  enqueued: number;
  missed: number;
}

export function toReminderScan(row: ReminderScanRow): ReminderScan {
  return { scanDate: row.scan_date, enqueued: row.enqueued, missed: row.missed };
}

/** The `reminder_scan` table: which days the scan covered (the scheduled scan catches up from the last). */
@Injectable()
export class ReminderScanRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** The last day scanned (YYYY-MM-DD), or null before the first scan. */
  async lastScanned(): Promise<string | null> {
    const [{ last }]: Array<{ last: string | null }> = await this.dataSource.query(
      `SELECT to_char(max(scan_date), 'YYYY-MM-DD') AS last FROM reminder_scan`,
    );
    return last;
  }

  /** A day scanned (again): its counts add up, the missed ones are counted afresh. */
  async recordScan(manager: EntityManager, scan: ReminderScan): Promise<void> {
    await manager.query(
      `INSERT INTO reminder_scan (scan_date, enqueued, missed) VALUES ($1, $2, $3)
       ON CONFLICT (scan_date) DO UPDATE SET completed_at = now(), enqueued = reminder_scan.enqueued + EXCLUDED.enqueued,
         missed = EXCLUDED.missed`,
      [scan.scanDate, scan.enqueued, scan.missed],
    );
  }
}
