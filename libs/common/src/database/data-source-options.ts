import { join } from 'node:path';
import { DataSourceOptions } from 'typeorm';
import { SnakeNamingStrategy } from './snake-naming.strategy';

/**
 * One definition of how the application reaches PostgreSQL, used by the app, the CLI and tests.
 * Schema changes come only from migrations; synchronize stays off.
 */
export function mainDataSourceOptions(url: string, poolSize = 10, entityGlob = false): DataSourceOptions {
  return {
    type: 'postgres',
    url,
    synchronize: false,
    migrationsRun: false,
    namingStrategy: new SnakeNamingStrategy(),
    // The app registers entities through its modules (autoLoadEntities); the CLI needs the glob.
    entities: entityGlob ? [join(__dirname, '..', '..', '..', '..', '{src,libs}', '**', '*.entity.{ts,js}')] : [],
    migrations: [join(__dirname, '..', '..', '..', '..', 'migrations', '[0-9]*.{ts,js}')],
    migrationsTableName: 'schema_migrations',
    extra: { max: poolSize, application_name: 'consentry' },
    logging: ['error'],
  };
}

/** Database name from a postgres URL, and the URL of the maintenance database on the same server. */
export function splitDatabaseUrl(url: string): { database: string; adminUrl: string } {
  const parsed = new URL(url);
  const database = decodeURIComponent(parsed.pathname.replace(/^\//, ''));
  parsed.pathname = '/postgres';
  return { database, adminUrl: parsed.toString() };
}

export function withDatabase(url: string, database: string): string {
  const parsed = new URL(url);
  parsed.pathname = `/${database}`;
  return parsed.toString();
}
