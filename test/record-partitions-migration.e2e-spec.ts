import { rmSync } from 'node:fs';
import { Client } from 'pg';
import { DataSource } from 'typeorm';
import { AuditVerifier } from '@app/audit';
import { CHAIN_COLUMNS, ChainRow } from '@app/audit/canonical';
import { mainDataSourceOptions } from '@app/common/database/data-source-options';
import { dropDatabase, ensureDatabase } from '@app/common/database/ensure-database';
import { runMigrations } from '@app/common/database/migrate';
import { MIGRATIONS } from '../migrations';
import { RecordPartitions1764830000000 } from '../migrations/1764830000000-record-partitions';
import { sealByHand } from './support/record-chain';
import { testConfig } from './support/test-app';

/**
 * The migration that partitions the record by month, run on a record that already holds entries
 * over two years and a keyed chain: every entry survives unchanged, each lands in its month, the
 * chain verifies as before, and the record still refuses every change.
 */
describe('partitioning the record of operations by month', () => {
  const { config, databaseUrl } = testConfig();
  let owner: Client;
  let before: ChainRow[];

  beforeAll(async () => {
    await ensureDatabase(databaseUrl);
    const upTo = MIGRATIONS.indexOf(RecordPartitions1764830000000);
    expect(upTo).toBeGreaterThan(0);
    await runMigrations(databaseUrl, MIGRATIONS.slice(0, upTo));
    owner = new Client({ connectionString: databaseUrl });
    await owner.connect();
    // Forty entries, twenty days apart: about twenty-six months of record.
    await owner.query(
      `INSERT INTO audit_entry (at, actor_id, actor_role, purpose, action, resource, resource_id, client_ids, fields, outcome, reason, request_id, ip)
       SELECT now() - g * interval '20 days', gen_random_uuid(), 'broker', 'claims', 'read', 'client', g::text,
              ARRAY[gen_random_uuid()], '{lastName,email}', CASE WHEN g % 7 = 0 THEN 'denied' ELSE 'allowed' END,
              CASE WHEN g % 7 = 0 THEN 'NOT_FOUND' END, 'req-' || g, '10.0.0.' || g
         FROM generate_series(1, 40) g`,
    );
    before = (await owner.query<ChainRow>(`SELECT ${CHAIN_COLUMNS} FROM audit_entry e ORDER BY e.id`)).rows;
    // The keyed chain over them, as the sealer writes it.
    await sealByHand(owner, config.AUDIT_CHAIN_KEY, before);
    await expect(runMigrations(databaseUrl, MIGRATIONS.slice(0, upTo + 1))).resolves.toEqual([
      'RecordPartitions1764830000000',
    ]);
  });
  afterAll(async () => {
    await owner?.end();
    await dropDatabase(databaseUrl);
    rmSync(config.AUDIT_CHECKPOINT_DIR, { recursive: true, force: true });
  });

  it('keeps every entry unchanged, each in the partition of its month', async () => {
    const after = (await owner.query<ChainRow>(`SELECT ${CHAIN_COLUMNS} FROM audit_entry e ORDER BY e.id`))
      .rows;
    expect(after).toHaveLength(40);
    expect(after).toEqual(before);
    const { rows: kind } = await owner.query(`SELECT relkind FROM pg_class WHERE relname = 'audit_entry'`);
    expect(kind[0].relkind).toBe('p');
    const { rows: placed } = await owner.query<{ partition: string; month: string }>(
      `SELECT tableoid::regclass::text AS partition, to_char(at AT TIME ZONE 'UTC', 'YYYY_MM') AS month FROM audit_entry`,
    );
    for (const row of placed) expect(row.partition).toBe(`audit_entry_${row.month}`);
    expect(new Set(placed.map((r) => r.partition)).size).toBeGreaterThanOrEqual(24);
  });

  it('verifies the chain as before', async () => {
    const dataSource = new DataSource(mainDataSourceOptions(databaseUrl, 2));
    await dataSource.initialize();
    try {
      const result = await new AuditVerifier(dataSource, config).verify();
      expect(result).toMatchObject({
        valid: true,
        reason: null,
        checked: 40,
        firstInvalidId: null,
        unsealed: 0,
      });
      expect(result.base.status).toBe('none');
    } finally {
      await dataSource.destroy();
    }
  });

  it('carries the id sequence on and prepares the months ahead', async () => {
    const { rows } = await owner.query<{ id: string; partition: string }>(
      `INSERT INTO audit_entry (action, resource, outcome) VALUES ('read', 'client', 'allowed')
       RETURNING id::text AS id, tableoid::regclass::text AS partition`,
    );
    expect(BigInt(rows[0].id)).toBeGreaterThan(BigInt(before[before.length - 1].id));
    expect(rows[0].partition).toMatch(/^audit_entry_\d{4}_\d{2}$/);
    const { rows: ahead } = await owner.query(
      `SELECT to_regclass(audit_month_partition((now() + interval '3 months')::date)) IS NOT NULL AS ready`,
    );
    expect(ahead[0].ready).toBe(true);
  });

  it('still refuses UPDATE, DELETE and TRUNCATE, on the record and on a month', async () => {
    const month = before[0].at.slice(0, 7).replace('-', '_');
    // An entry outside every prepared month lands in the default partition, guarded alike.
    const { rows: outside } = await owner.query(
      `INSERT INTO audit_entry (at, action, resource, outcome) VALUES ('1990-01-01T00:00:00Z', 'read', 'client', 'allowed')
       RETURNING tableoid::regclass::text AS partition`,
    );
    expect(outside[0].partition).toBe('audit_entry_default');
    for (const sql of [
      `UPDATE audit_entry SET outcome = 'allowed'`,
      `DELETE FROM audit_entry`,
      `TRUNCATE audit_entry`,
      `UPDATE audit_entry_${month} SET outcome = 'allowed'`,
      `DELETE FROM audit_entry_${month}`,
      `TRUNCATE audit_entry_${month}`,
      `DELETE FROM audit_entry_default`,
      `TRUNCATE audit_entry_default`,
    ]) {
      await expect(owner.query(sql)).rejects.toThrow(/append-only/);
    }
    const { rows } = await owner.query(`SELECT count(*)::int AS n FROM audit_entry`);
    expect(rows[0].n).toBe(42);
  });
});
