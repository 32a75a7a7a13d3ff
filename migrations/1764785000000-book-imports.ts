import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Imports of a book of business (clients and their policies) from a CSV or XLSX file, run as a job.
 *
 * `book_import` is the job: who imported it under which purpose, into which team (and the teams
 * whose clients its rows may be linked to), its state and progress, the counts and the errors
 * found (row, column, code and a message that never repeats a cell's value). The file itself is
 * personal data of every client in it: it waits in `content` only until the job has read it and is
 * set to NULL when the job ends, however it ends, so no copy of the file outlives the import.
 */
export class BookImports1764785000000 implements MigrationInterface {
  name = 'BookImports1764785000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE book_import (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      kind text NOT NULL DEFAULT 'book' CHECK (kind = 'book'),
      format text NOT NULL CHECK (format IN ('csv','xlsx')),
      dry_run boolean NOT NULL,
      status text NOT NULL DEFAULT 'queued'
        CHECK (status IN ('queued','validating','storing','done','rejected','failed')),
      rows integer NOT NULL DEFAULT 0,
      processed integer NOT NULL DEFAULT 0,
      stored integer NOT NULL DEFAULT 0,
      clients_created integer NOT NULL DEFAULT 0,
      contracts_created integer NOT NULL DEFAULT 0,
      error_count integer NOT NULL DEFAULT 0,
      errors jsonb NOT NULL DEFAULT '[]',
      content bytea,
      created_by uuid NOT NULL REFERENCES staff(id),
      role text NOT NULL,
      purpose text NOT NULL,
      team_id uuid REFERENCES team(id),
      portfolio_teams uuid[] NOT NULL DEFAULT '{}',
      created_at timestamptz NOT NULL DEFAULT now(),
      started_at timestamptz,
      finished_at timestamptz,
      CHECK (content IS NULL OR finished_at IS NULL)
    )`);
    await q.query(`CREATE INDEX book_import_created_by_idx ON book_import (created_by, created_at DESC)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE IF EXISTS book_import`);
  }
}
