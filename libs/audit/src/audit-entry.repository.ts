import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { Pool, QueryResult, QueryResultRow } from 'pg';
import { DataSource, EntityManager } from 'typeorm';

/**
 * The entries of the record of operations as they are written. Entries are only ever appended:
 * no statement here changes or removes one. Values travel column-wise (one array per column, in
 * the order of ENTRY_COLUMNS, each an array literal: entry-columns.ts) so that any number of
 * entries is one statement.
 */

const INSERT_SQL = `WITH input AS (
    SELECT * FROM unnest($1::uuid[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[],
                         $8::text[], $9::text[], $10::text[], $11::text[], $12::text[], $13::uuid[])
      AS t(actor_id, actor_role, purpose, action, resource, resource_id, client_ids, fields, outcome, reason,
           request_id, ip, controller_id))
  INSERT INTO audit_entry
    (actor_id, actor_role, purpose, action, resource, resource_id, client_ids, fields, outcome, reason, request_id, ip, controller_id)
  SELECT actor_id, actor_role, purpose, action, resource, resource_id, client_ids::uuid[], fields::text[], outcome,
         reason, request_id, ip, controller_id FROM input
  RETURNING id::text`;

const ENTRY_COLUMNS = `actor_id, actor_role, purpose, action, resource, resource_id, client_ids, fields, outcome, reason, request_id, ip, controller_id`;

/** The number of columns an entry is written with (the array literals `columns` holds). */
export const ENTRY_COLUMN_COUNT = 13;

/** The record's INSERT behind a caller's data-modifying statement, whose parameters come first. */
function insertAlongChangeSql(changeSql: string, changeParams: number, alongside?: string): string {
  const p = (i: number) => `$${changeParams + i}`;
  const input = `WITH change AS (${changeSql}),
  input AS (
    SELECT * FROM unnest(${p(1)}::uuid[], ${p(2)}::text[], ${p(3)}::text[], ${p(4)}::text[], ${p(5)}::text[], ${p(6)}::text[],
                         ${p(7)}::text[], ${p(8)}::text[], ${p(9)}::text[], ${p(10)}::text[], ${p(11)}::text[], ${p(12)}::text[],
                         ${p(13)}::uuid[])
      WITH ORDINALITY AS t(${ENTRY_COLUMNS}, n))`;
  const insert = `INSERT INTO audit_entry (${ENTRY_COLUMNS})
  SELECT actor_id, actor_role, purpose, action, resource, resource_id, client_ids::uuid[], fields::text[], outcome,
         reason, request_id, ip, controller_id
    FROM input WHERE n IN (SELECT n FROM change)
  RETURNING id::text`;
  if (alongside === undefined) return `${input}\n  ${insert}`;
  // A data-modifying WITH runs whether or not the statement reads it: the entries are written,
  // and the rows answered are the caller's statement's, its placeholders moved past ours.
  const first = changeParams + ENTRY_COLUMN_COUNT;
  const moved = alongside.replace(/\$(\d+)\b/g, (_m, i: string) => `$${first + Number(i)}`);
  return `${input},\n  recorded AS (${insert})\n${moved}`;
}

/**
 * A data-modifying statement (UPDATE ... RETURNING n) whose rows name, by 1-based position, the
 * entries to record. `name` identifies the statement for preparing; it must always come with the
 * same SQL.
 */
export interface RecordedChange {
  name: string;
  sql: string;
  params: unknown[];
}

/**
 * A statement of the caller's (SELECT, or a data-modifying one with RETURNING) run in the same
 * statement as a recorded change. Its placeholders count from $1 on their own; it must hold no
 * dollar-quoted text. `name` identifies it for preparing, as RecordedChange's does.
 */
export interface AlongsideStatement {
  name: string;
  sql: string;
  params: unknown[];
}

type PoolQuery = (query: {
  name: string;
  text: string;
  values: unknown[];
}) => Promise<{ rows: Array<{ id: string }> }>;

@Injectable()
export class AuditEntryRepository {
  /** The statement text per change name: built once, as the statement is prepared once. */
  private readonly changeStatements = new Map<string, string>();

  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** Inserts in the caller's transaction; ids in the order of the input (unnest keeps it). */
  insertInTransaction(columns: string[], manager: EntityManager): Promise<Array<{ id: string }>> {
    return manager.query(INSERT_SQL, columns);
  }

  /**
   * Outside a transaction: a named (prepared) statement on `pool` skips parsing and planning. The
   * pool's own result is handed back: this runs once per group-commit batch, on every request's path.
   */
  insertPrepared(pool: Pool, columns: string[]): Promise<QueryResult<{ id: string }>> {
    return pool.query<{ id: string }>({ name: 'audit_entry_insert', text: INSERT_SQL, values: columns });
  }

  /**
   * Runs `change` and inserts the entries whose position it returns, in one prepared statement on
   * the pool; answers how many were inserted.
   */
  async insertAlongChange(change: RecordedChange, columns: string[]): Promise<number> {
    const pool = (this.dataSource.driver as unknown as { master: { query: PoolQuery } }).master;
    const name = `${change.name}+audit`;
    let text = this.changeStatements.get(name);
    if (text === undefined) {
      text = insertAlongChangeSql(change.sql, change.params.length);
      this.changeStatements.set(name, text);
    }
    const result = await pool.query({ name, text, values: [...change.params, ...columns] });
    return result.rows.length;
  }

  /**
   * As insertAlongChange, and `alongside` in the same statement (one round trip, one commit):
   * answers the rows of `alongside`.
   */
  async insertAlongChangeWith<R extends QueryResultRow>(
    change: RecordedChange,
    columns: string[],
    alongside: AlongsideStatement,
  ): Promise<R[]> {
    const pool = (this.dataSource.driver as unknown as { master: Pool }).master;
    const name = `${change.name}+audit+${alongside.name}`;
    let text = this.changeStatements.get(name);
    if (text === undefined) {
      text = insertAlongChangeSql(change.sql, change.params.length, alongside.sql);
      this.changeStatements.set(name, text);
    }
    const result = await pool.query<R>({
      name,
      text,
      values: [...change.params, ...columns, ...alongside.params],
    });
    return result.rows;
  }
}
