import { createHash } from 'node:crypto';
import type { Pool, PoolClient, QueryResultRow } from 'pg';
import { DataSource, EntityManager, QueryFailedError } from 'typeorm';

/** How many distinct statement texts one PreparedStatements keeps prepared; others run unnamed. */
const DEFAULT_LIMIT = 64;

/**
 * Statements run on the pool as named (prepared) statements: each connection parses and plans a
 * text once and then only binds and executes it. For the short reads on every request's path,
 * parsing and planning cost PostgreSQL more than running them (a primary-key read with its
 * consents: about 8,300 executions a second unnamed against 28,000 prepared, pgbench on this
 * machine's kind), and the parse message is not sent again.
 *
 * Only for reads and writes outside a transaction: a transaction's statements go through its
 * EntityManager as before. Each connection keeps what it prepared for as long as it lives, so the
 * number of texts is bounded (`limit`): a text seen after that runs unnamed, as TypeORM runs it.
 */
export class PreparedStatements {
  private readonly names = new Map<string, string>();

  constructor(
    private readonly dataSource: DataSource,
    private readonly limit = DEFAULT_LIMIT,
  ) {}

  /** Runs `text` with `values` and answers its rows; a failure is a QueryFailedError, as from TypeORM. */
  async query<T>(text: string, values: unknown[]): Promise<T[]> {
    const name = this.nameOf(text);
    try {
      return (await poolOf(this.dataSource).query(name ? { name, text, values } : { text, values }))
        .rows as T[];
    } catch (error) {
      throw new QueryFailedError(text, values, error as Error);
    }
  }

  private nameOf(text: string): string | null {
    const known = this.names.get(text);
    if (known !== undefined) return known;
    if (this.names.size >= this.limit) return null;
    // The name follows from the text: one name never stands for two texts on a connection.
    const name = `p_${createHash('sha1').update(text).digest('hex').slice(0, 24)}`;
    this.names.set(text, name);
    return name;
  }
}

/**
 * Runs one named prepared statement on the pg connection under TypeORM: on its pool, or, inside a
 * transaction, on the transaction's own connection. For the send path's few statements, run
 * thousands of times a minute, whose planning (joins, the consent check) costs PostgreSQL more
 * than running them. TypeORM has no API for it.
 */
export async function preparedQuery<R extends QueryResultRow>(
  on: DataSource | EntityManager,
  name: string,
  text: string,
  values: unknown[],
): Promise<R[]> {
  if (on instanceof DataSource) return (await poolOf(on).query<R>({ name, text, values })).rows;
  const runner = on.queryRunner as unknown as { connect(): Promise<PoolClient> } | undefined;
  if (!runner) throw new Error('preparedQuery needs a transaction manager or the DataSource');
  const client = await runner.connect();
  return (await client.query<R>({ name, text, values })).rows;
}

function poolOf(dataSource: DataSource): Pool {
  return (dataSource.driver as unknown as { master: Pool }).master;
}
