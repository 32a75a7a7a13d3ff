import { DataSource } from 'typeorm';
import { SnakeNamingStrategy } from './snake-naming.strategy';

/** Runs pending migrations against a database URL; returns the names applied. */
export async function runMigrations(url: string, migrations: Array<new () => unknown>): Promise<string[]> {
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
