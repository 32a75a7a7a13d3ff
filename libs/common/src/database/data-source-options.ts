import { join } from 'node:path';
import { DataSourceOptions } from 'typeorm';
import { SnakeNamingStrategy } from './snake-naming.strategy';

/**
 * One definition of how the application reaches PostgreSQL, used by the app, the CLI and tests.
 * Schema changes come only from migrations; synchronize stays off.
 */
export function mainDataSourceOptions(url: string, poolSize = 10): DataSourceOptions {
  return {
    type: 'postgres',
    url,
    synchronize: false,
    migrationsRun: false,
    namingStrategy: new SnakeNamingStrategy(),
    // Entities exist only where a module uses them for simple CRUD (staff, consent), registered by that
    // module (autoLoadEntities); every other table is read and written by its owner's repository in SQL.
    // Migrations are written by hand: nothing is generated from entities.
    entities: [],
    migrations: [join(__dirname, '..', '..', '..', '..', 'migrations', '[0-9]*.{ts,js}')],
    migrationsTableName: 'schema_migrations',
    extra: { max: poolSize, application_name: 'consentry' },
    // Extensions belong in migrations; the run-time role may not create them.
    installExtensions: false,
    // TypeORM would print failed queries with their parameters, i.e. personal values; errors are logged at the HTTP edge instead.
    logging: false,
  };
}

/** The name of the second DataSource, the only way into schema `mandate`. */
export const MANDATE_DATA_SOURCE = 'mandate';

/**
 * Data processed on insurers' behalf: its own pool, logging in as the mandate role (privileges on
 * schema `mandate` only, row-level security by mandate). It has no entities and no migrations.
 */
export function mandateDataSourceOptions(url: string, poolSize = 4): DataSourceOptions {
  return {
    name: MANDATE_DATA_SOURCE,
    type: 'postgres',
    url,
    synchronize: false,
    migrationsRun: false,
    installExtensions: false,
    namingStrategy: new SnakeNamingStrategy(),
    entities: [],
    migrations: [],
    extra: { max: poolSize, application_name: 'consentry-mandate' },
    logging: false,
  };
}

/** The name of the read-only DataSource of the record's queries and reports (a replica, or the primary). */
export const READ_DATA_SOURCE = 'read';

/**
 * READ_DATABASE_URL's pool: every transaction on it is read-only, so that a query meant for a
 * replica fails the same way on the primary if it ever tried to write.
 */
export function readDataSourceOptions(url: string, poolSize = 2): DataSourceOptions {
  return {
    name: READ_DATA_SOURCE,
    type: 'postgres',
    url,
    synchronize: false,
    migrationsRun: false,
    installExtensions: false,
    namingStrategy: new SnakeNamingStrategy(),
    entities: [],
    migrations: [],
    extra: {
      max: poolSize,
      application_name: 'consentry-read',
      options: '-c default_transaction_read_only=on',
    },
    logging: false,
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
