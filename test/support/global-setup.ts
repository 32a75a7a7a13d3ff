import { ensureDatabase, dropDatabase } from '../../libs/common/src/database/ensure-database';
import { withDatabase } from '../../libs/common/src/database/data-source-options';
import { runMigrations } from '../../libs/common/src/database/migrate';
import { applyRolesScript } from '../../libs/common/src/database/roles';
import { MIGRATIONS } from '../../migrations';
import { ensureWebBuild } from './web-build';

/**
 * Migrates a template database once per run; each test file then copies it into a database of
 * its own (CREATE DATABASE ... TEMPLATE), so files run in parallel and never touch `crm`.
 */
export default async function globalSetup(): Promise<void> {
  const server = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/consentry_test';
  const template = `consentry_tpl_${process.pid}`;
  const templateUrl = withDatabase(server, template);
  // The application's roles are cluster-wide; the migrations grant them their privileges per database.
  await applyRolesScript(server);
  await dropDatabase(templateUrl);
  await ensureDatabase(templateUrl);
  await runMigrations(templateUrl, MIGRATIONS);
  process.env.CONSENTRY_TEST_SERVER_URL = server;
  process.env.CONSENTRY_TEST_TEMPLATE = template;
  process.env.CONSENTRY_TEST_RUN = String(process.pid);
  // Built once here, before the workers start: browser test files started side by side would
  // otherwise each find the build missing and run vite at the same time, and the second fails.
  ensureWebBuild();
}
