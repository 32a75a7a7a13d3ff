import { renameSync } from 'node:fs';
import { join } from 'node:path';
import { Client } from 'pg';
import { DataSource } from 'typeorm';
import { AuditRecordRetention, AuditSealer, AuditVerifier, CheckpointStore } from '@app/audit';
import { LOG_TERMS } from '@app/privacy';
import { createClient } from './support/fixtures';
import { startTestApp, TestApp } from './support/test-app';

/**
 * The record of operations kept for its term: a month past the term is dropped whole behind a
 * signed base, and the rest of the chain verifies from that base. Dropping goes only through the
 * definer function, which refuses a month within its term; DELETE stays refused for everyone.
 */
describe('the record of operations kept for its term', () => {
  let t: TestApp;
  let owner: Client;
  const expired = '2019-01-01';

  beforeAll(async () => {
    t = await startTestApp({ AUDIT_CHECKPOINT_INTERVAL_MS: '3600000' });
    owner = new Client({ connectionString: t.databaseUrl });
    await owner.connect();
    // The application's own role prepares a month through the definer function.
    await t.db.query(`SELECT audit_prepare_month($1::date)`, [expired]);
    await t.db.query(
      `INSERT INTO audit_entry (at, actor_id, actor_role, purpose, action, resource, client_ids, outcome)
       SELECT timestamptz '2019-01-10T08:00:00Z' + g * interval '1 hour', $1::uuid, 'broker', 'claims', 'read', 'client', '{}', 'allowed'
         FROM generate_series(1, 25) g`,
      [t.staff.broker.id],
    );
    const { id } = await createClient(t);
    for (let i = 0; i < 10; i++) await t.http.get(`/api/clients/${id}`).set(t.as('broker', 'claims'));
    await t.app.get(AuditSealer).sealNow({ checkpoint: true });
  });
  afterAll(async () => {
    await owner?.end();
    await t?.close();
  });

  const verify = async () => {
    const res = await t.http.get('/api/access-logs/verify').set(t.as('manager', 'security_audit'));
    expect(res.status).toBe(200);
    return res.body;
  };

  it('refuses to drop a month within its term, whatever term the caller names', async () => {
    await expect(t.db.query(`SELECT audit_drop_month(now()::date, 1)`)).rejects.toThrow(/term of 60 months/);
    await expect(
      t.db.query(`DROP TABLE ${(await t.db.query(`SELECT audit_month_partition(now()::date) AS p`))[0].p}`),
    ).rejects.toThrow(/must be owner/);
    await expect(t.db.query(`DELETE FROM audit_entry WHERE at < '2019-02-01'`)).rejects.toThrow(
      /permission denied/,
    );
    await expect(owner.query(`DELETE FROM audit_entry WHERE at < '2019-02-01'`)).rejects.toThrow(
      /append-only/,
    );
  });

  it('drops the expired month behind a base, and the rest of the chain verifies from it', async () => {
    const before = await verify();
    expect(before).toMatchObject({ valid: true, base: { status: 'none' } });
    const { rows: total } = await owner.query(`SELECT count(*)::int AS n FROM audit_entry`);

    const report = await t.app.get(AuditRecordRetention).run(LOG_TERMS.recordOfOperations.months);
    expect(report.stoppedAt).toBeNull();
    expect(report.dropped).toHaveLength(1);
    expect(report.dropped[0]).toMatchObject({ month: expired, entries: 25 });
    const baseSequence = report.dropped[0].baseSequence!;
    expect(baseSequence).toMatch(/^\d+$/);

    const { rows: gone } = await owner.query(
      `SELECT to_regclass('audit_entry_2019_01') AS partition,
              (SELECT count(*)::int FROM audit_entry WHERE at < '2019-02-01') AS old,
              (SELECT count(*)::int FROM audit_entry) AS n`,
    );
    // The 25 are gone; the drop itself was recorded.
    expect(gone[0]).toEqual({ partition: null, old: 0, n: total[0].n - 25 + 1 });
    const { rows: recorded } = await owner.query(
      `SELECT action, resource, resource_id, reason FROM audit_entry WHERE reason = 'RETENTION_ENDED'`,
    );
    expect(recorded).toEqual([
      { action: 'erase', resource: 'access_log', resource_id: '2019-01', reason: 'RETENTION_ENDED' },
    ]);

    await t.sealNow();
    const after = await verify();
    expect(after).toMatchObject({
      valid: true,
      reason: null,
      firstInvalidId: null,
      base: { status: 'agrees', sequence: baseSequence },
      checkpoint: { status: 'agrees' },
    });
    const { rows: seals } = await owner.query(`SELECT count(*)::int AS n FROM audit_seal WHERE seq > $1`, [
      baseSequence,
    ]);
    expect(after.checked).toBe(seals[0].n);
    expect(after.checked).toBeGreaterThan(10);

    // A second run finds nothing more to drop.
    const again = await t.app.get(AuditRecordRetention).run(LOG_TERMS.recordOfOperations.months);
    expect(again.dropped).toEqual([]);
  });

  it('without the base, the dropped month reads as a break; with it, a change after it is still found', async () => {
    const dir = join(new CheckpointStore(t.config).dir, 'base');
    renameSync(dir, `${dir}.away`);
    try {
      expect(await verify()).toMatchObject({
        valid: false,
        reason: 'CHAIN_BROKEN',
        base: { status: 'none' },
      });
    } finally {
      renameSync(`${dir}.away`, dir);
    }
    expect((await verify()).valid).toBe(true);

    const { rows } = await owner.query(
      `SELECT e.id::text AS id FROM audit_entry e JOIN audit_seal s ON s.entry_id = e.id
        WHERE e.resource = 'client' AND e.action = 'read' ORDER BY s.seq DESC LIMIT 1`,
    );
    await owner.query('BEGIN');
    try {
      await owner.query(`SET LOCAL session_replication_role = replica`);
      await owner.query(`UPDATE audit_entry SET purpose = 'marketing' WHERE id = $1`, [rows[0].id]);
      // Verification on the owner's connection sees the change inside its transaction, then rolled back.
      const onOwner = new AuditVerifier(
        {
          query: async (sql: string, params?: unknown[]) => (await owner.query(sql, params)).rows,
        } as unknown as DataSource,
        t.config,
      );
      expect(await onOwner.verify()).toMatchObject({
        valid: false,
        reason: 'CHAIN_BROKEN',
        firstInvalidId: rows[0].id,
      });
    } finally {
      await owner.query('ROLLBACK');
    }
  });
});
