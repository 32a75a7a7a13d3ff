import type { Pool, PoolClient, QueryResultRow } from 'pg';
import { DataSource, EntityManager } from 'typeorm';

/**
 * Runs a named prepared statement on the pg connection under TypeORM. The send path runs the same
 * few statements thousands of times a minute, and PostgreSQL spends longer planning them (joins,
 * the consent check) than executing them; a named statement is planned once per connection.
 * TypeORM has no API for it, so this reaches its pg pool, or, inside a transaction, the
 * transaction's own connection.
 */
export async function preparedQuery<R extends QueryResultRow>(
  on: DataSource | EntityManager,
  name: string,
  text: string,
  values: unknown[],
): Promise<R[]> {
  if (on instanceof DataSource) {
    const pool = (on.driver as unknown as { master: Pool }).master;
    return (await pool.query<R>({ name, text, values })).rows;
  }
  const runner = on.queryRunner as unknown as { connect(): Promise<PoolClient> } | undefined;
  if (!runner) throw new Error('preparedQuery needs a transaction manager or the DataSource');
  const client = await runner.connect();
  return (await client.query<R>({ name, text, values })).rows;
}
