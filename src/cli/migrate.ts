import 'reflect-metadata';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { Client } from 'pg';
import { splitDatabaseUrl } from '@app/common/database/data-source-options';
import { loadAppConfig } from '@app/common/config/app-config';
import { ensureDatabase } from '@app/common/database/ensure-database';
import { runMigrations } from '@app/common/database/migrate';
import { MIGRATIONS } from '../../migrations';

/** Creates the database when missing, then applies pending migrations. */
export async function migrate(log: (message: string) => void = (m) => process.stdout.write(`${m}\n`)): Promise<void> {
  const config = loadAppConfig(process.env);
  await applyRoles(config.DATABASE_URL, log);
  if (await ensureDatabase(config.DATABASE_URL)) log(`database created`);
  const applied = await runMigrations(config.DATABASE_URL, MIGRATIONS);
  log(applied.length ? `migrations applied: ${applied.join(', ')}` : 'migrations: up to date');
}

if (require.main === module) {
  migrate().catch((error: unknown) => {
    process.stderr.write(`Migration failed: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  });
}

/** Applies scripts/db-roles.sql (idempotent), as docker-compose and .ci/run do. */
async function applyRoles(url: string, log: (message: string) => void): Promise<void> {
  let dir = __dirname;
  while (!existsSync(join(dir, 'package.json')) && dirname(dir) !== dir) dir = dirname(dir);
  const file = join(dir, 'scripts', 'db-roles.sql');
  if (!existsSync(file)) return;
  const admin = new Client({ connectionString: splitDatabaseUrl(url).adminUrl });
  await admin.connect();
  try {
    await admin.query(readFileSync(file, 'utf8'));
  } catch (error) {
    log(`database roles not applied (${(error as Error).message}); mandate features need them`);
  } finally {
    await admin.end();
  }
}
