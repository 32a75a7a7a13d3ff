import { randomBytes } from 'node:crypto';
import { Client } from 'pg';
import { dropDatabase, ensureDatabase } from '../libs/common/src/database/ensure-database';
import { withDatabase } from '../libs/common/src/database/data-source-options';
import { MIGRATION_LOCK_KEY, runMigrations } from '../libs/common/src/database/migrate';
import { MIGRATIONS } from '../migrations';

/**
 * Several instances may start together and each run the migrate step: the advisory lock makes
 * them apply each migration exactly once, the later ones finding nothing pending.
 */
describe('two migrators started together', () => {
  const server = process.env.CONSENTRY_TEST_SERVER_URL ?? 'postgres://postgres@127.0.0.1:5432/consentry_test';
  const url = withDatabase(server, `consentry_migrate_race_${randomBytes(3).toString('hex')}`);

  beforeAll(async () => {
    await ensureDatabase(url);
  });
  afterAll(async () => {
    await dropDatabase(url);
  });

  it('apply every migration once between them, and the schema is complete', async () => {
    const [first, second] = await Promise.all([
      runMigrations(url, MIGRATIONS),
      runMigrations(url, MIGRATIONS),
    ]);
    const applied = [...first, ...second];
    // One of them did all the work; the other found nothing pending.
    expect(applied).toHaveLength(MIGRATIONS.length);
    expect(new Set(applied).size).toBe(MIGRATIONS.length);
    expect(Math.min(first.length, second.length)).toBe(0);

    const client = new Client({ connectionString: url });
    await client.connect();
    try {
      const { rows } = await client.query<{ name: string; times: string }>(
        'SELECT name, count(*)::text AS times FROM schema_migrations GROUP BY name',
      );
      expect(rows).toHaveLength(MIGRATIONS.length);
      expect(rows.every((r) => r.times === '1')).toBe(true);
      // The lock is released when the step ends: nobody holds it now in this database. pg_locks
      // lists the whole server's locks, and suites running beside this one migrate databases of
      // their own under the same key.
      const { rows: held } = await client.query(
        `SELECT 1 FROM pg_locks
          WHERE locktype = 'advisory' AND objid = $1 AND granted
            AND database = (SELECT oid FROM pg_database WHERE datname = current_database())`,
        [MIGRATION_LOCK_KEY],
      );
      expect(held).toHaveLength(0);
    } finally {
      await client.end();
    }
  });

  it('a third run afterwards applies nothing', async () => {
    await expect(runMigrations(url, MIGRATIONS)).resolves.toEqual([]);
  });
});
