import 'reflect-metadata';
import { AppConfig, loadAppConfig } from '@app/common/config/app-config';
import { ensureDatabase } from '@app/common/database/ensure-database';
import { runMigrations } from '@app/common/database/migrate';
import { applyRolesScript } from '@app/common/database/roles';
import { MIGRATIONS } from '../../migrations';

/** Creates the database when missing, then applies pending migrations. */
export async function migrate(
  log: (message: string) => void = (m) => process.stdout.write(`${m}\n`),
): Promise<void> {
  const config = loadAppConfig(process.env);
  await applyRoles(config, log);
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

/**
 * Applies scripts/db-roles.sql (idempotent), as docker-compose and .ci/run do, and gives the
 * application's roles the passwords their URLs carry (APP_DATABASE_URL, MANDATE_DATABASE_URL,
 * SEALER_DATABASE_URL).
 */
async function applyRoles(config: AppConfig, log: (message: string) => void): Promise<void> {
  try {
    await applyRolesScript(config.DATABASE_URL, [
      config.appDatabaseUrl,
      config.mandateDatabaseUrl,
      config.sealerDatabaseUrl,
    ]);
  } catch (error) {
    // Where an operator manages roles, the migrations still check that they exist.
    log(`database roles not applied (${(error as Error).message})`);
  }
}
