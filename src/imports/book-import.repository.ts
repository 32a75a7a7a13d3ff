import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { Purpose, Role } from '@app/privacy';
import { ImportError, ImportFormat } from './book-columns';

export const IMPORT_STATUSES = ['queued', 'validating', 'storing', 'done', 'rejected', 'failed'] as const;
export type ImportStatus = (typeof IMPORT_STATUSES)[number];

export interface BookImportRow {
  id: string;
  format: ImportFormat;
  dryRun: boolean;
  status: ImportStatus;
  rows: number;
  processed: number;
  stored: number;
  clientsCreated: number;
  contractsCreated: number;
  errorCount: number;
  errors: ImportError[];
  createdBy: string;
  role: Role;
  purpose: Purpose;
  teamId: string | null;
  portfolioTeams: string[];
  createdAt: string;
  finishedAt: string | null;
}

export interface NewBookImport {
  format: ImportFormat;
  dryRun: boolean;
  content: Buffer;
  createdBy: string;
  role: Role;
  purpose: Purpose;
  teamId: string | null;
  portfolioTeams: readonly string[];
}

/** What a finished job leaves: its counts and errors (never the file). */
export interface ImportOutcome {
  status: Extract<ImportStatus, 'done' | 'rejected' | 'failed'>;
  rows: number;
  stored: number;
  clientsCreated: number;
  contractsCreated: number;
  errors: ImportError[];
  errorCount: number;
}

const TS = (col: string) => `to_char(${col} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;
const COLUMNS = `id::text, format, dry_run AS "dryRun", status, rows, processed, stored, clients_created AS "clientsCreated",
  contracts_created AS "contractsCreated", error_count AS "errorCount", errors, created_by::text AS "createdBy", role, purpose,
  team_id::text AS "teamId", portfolio_teams::text[] AS "portfolioTeams", ${TS('created_at')} AS "createdAt",
  ${TS('finished_at')} AS "finishedAt"`;

/**
 * The `book_import` table: the only code whose SQL names it. Progress is written through the pool,
 * outside the job's own transaction, so a reader sees it while the rows are being stored.
 */
@Injectable()
export class BookImportRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async insert(input: NewBookImport): Promise<string> {
    const [row]: Array<{ id: string }> = await this.dataSource.query(
      `INSERT INTO book_import (format, dry_run, content, created_by, role, purpose, team_id, portfolio_teams)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8::uuid[]) RETURNING id::text`,
      [
        input.format,
        input.dryRun,
        input.content,
        input.createdBy,
        input.role,
        input.purpose,
        input.teamId,
        [...input.portfolioTeams],
      ],
    );
    return row.id;
  }

  async find(id: string): Promise<BookImportRow | null> {
    const rows: BookImportRow[] = await this.dataSource.query(
      `SELECT ${COLUMNS} FROM book_import WHERE id = $1`,
      [id],
    );
    return rows[0] ?? null;
  }

  /**
   * Claims a queued (or, after a crash, an interrupted) job and hands over its file; null when the
   * job has already finished (a job delivered twice runs once).
   */
  async start(id: string): Promise<{ job: BookImportRow; content: Buffer } | null> {
    // An UPDATE answers [rows, affected count].
    const [rows]: [Array<{ id: string; content: Buffer | null }>, number] = await this.dataSource.query(
      `UPDATE book_import SET status = 'validating', started_at = now(), processed = 0
        WHERE id = $1 AND finished_at IS NULL RETURNING id, content`,
      [id],
    );
    if (!rows[0]?.content) return null;
    const job = await this.find(id);
    return job ? { job, content: rows[0].content } : null;
  }

  async progress(id: string, status: ImportStatus, rows: number, processed: number): Promise<void> {
    await this.dataSource.query(
      `UPDATE book_import SET status = $2, rows = $3, processed = $4 WHERE id = $1 AND finished_at IS NULL`,
      [id, status, rows, processed],
    );
  }

  /** Records the outcome and drops the file in the same statement: nothing of it outlives the job. */
  async finish(id: string, outcome: ImportOutcome): Promise<void> {
    await this.dataSource.query(
      `UPDATE book_import SET status = $2, rows = $3, processed = $3, stored = $4, clients_created = $5,
              contracts_created = $6, errors = $7::jsonb, error_count = $8, content = NULL, finished_at = now()
        WHERE id = $1`,
      [
        id,
        outcome.status,
        outcome.rows,
        outcome.stored,
        outcome.clientsCreated,
        outcome.contractsCreated,
        JSON.stringify(outcome.errors),
        outcome.errorCount,
      ],
    );
  }
}
