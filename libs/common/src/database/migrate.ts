import { Client } from 'pg';
import { DataSource } from 'typeorm';
import { SnakeNamingStrategy } from './snake-naming.strategy';

/**
 * The advisory lock that makes migrating a step one process takes at a time: several instances
 * starting together (or two `migrate` commands) apply each migration once; the later ones wait,
 * then find nothing pending. Session-level, on a connection of its own, so it spans the
 * per-migration transactions.
 */
export const MIGRATION_LOCK_KEY = 727_274_100;

/** Runs pending migrations against a database URL; returns the names applied. */
export async function runMigrations(url: string, migrations: Array<new () => unknown>): Promise<string[]> {
  const lock = new Client({ connectionString: url });
  await lock.connect();
  try {
    await lock.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK_KEY]);
    return await applyPending(url, migrations);
  } finally {
    // Ending the session releases the lock even if the unlock is never reached.
    await lock.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK_KEY]).catch(() => undefined);
    await lock.end();
  }
}

async function applyPending(url: string, migrations: Array<new () => unknown>): Promise<string[]> {
  const dataSource = new DataSource({
    type: 'postgres',
    url,
    migrations: migrations as Array<new () => never>,
    migrationsTableName: 'schema_migrations',
    namingStrategy: new SnakeNamingStrategy(),
    // TypeORM would print failed queries with their parameters, i.e. personal values; errors are logged at the HTTP edge instead.
    logging: false,
  });
  await dataSource.initialize();
  try {
    const applied = await dataSource.runMigrations({ transaction: 'each' });
    return applied.map((m) => m.name);
  } finally {
    await dataSource.destroy();
  }
}
