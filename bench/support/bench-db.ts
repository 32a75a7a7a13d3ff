import { randomBytes } from 'node:crypto';
import { dropDatabase, ensureDatabase } from '@app/common/database/ensure-database';
import { withDatabase } from '@app/common/database/data-source-options';
import { runMigrations } from '@app/common/database/migrate';
import { applyRolesScript } from '@app/common/database/roles';
import { MIGRATIONS } from '../../migrations';

/** A migrated database of the benchmark's own, dropped by the returned function. */
export async function createBenchDatabase(
  serverUrl: string,
  label: string,
): Promise<{ url: string; drop: () => Promise<void> }> {
  const url = withDatabase(serverUrl, `consentry_bench_${label}_${randomBytes(3).toString('hex')}`);
  // The app under test logs in as consentry_app, which the migrations grant (roles are cluster-wide).
  await applyRolesScript(serverUrl);
  await ensureDatabase(url);
  await runMigrations(url, MIGRATIONS);
  return { url, drop: () => dropDatabase(url) };
}
