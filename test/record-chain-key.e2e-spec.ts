import { createHash, generateKeyPairSync } from 'node:crypto';
import { chmodSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import { DataSource } from 'typeorm';
import { AuditSealer, AuditVerifier, CheckpointSigner, CheckpointStore } from '@app/audit';
import { CHAIN_COLUMNS, ChainRow, canonicalEntry, chainMac } from '@app/audit/canonical';
import { loadAppConfig } from '@app/common/config/app-config';
import { withDatabase } from '@app/common/database/data-source-options';
import { dropDatabase, ensureDatabase } from '@app/common/database/ensure-database';
import { runMigrations } from '@app/common/database/migrate';
import { MIGRATIONS } from '../migrations';
import { AuditChainKey1764710000000 } from '../migrations/1764710000000-audit-chain-key';
import { createClient } from './support/fixtures';
import { startTestApp, TestApp, uniqueName } from './support/test-app';

/**
 * Tampering by someone who owns the database (the owner role, triggers disabled) and uses the
 * project's own code: the keyed chain and the checkpoints kept outside the database catch it.
 */
describe('the record chain against a database owner', () => {
  let t: TestApp;
  let owner: Client;
  let ownerVerifier: AuditVerifier;

  beforeAll(async () => {
    // Checkpoints only when the tests take them, so none arrives in the middle of a test.
    t = await startTestApp({ AUDIT_CHECKPOINT_INTERVAL_MS: '3600000' });
    const { id } = await createClient(t);
    for (let i = 0; i < 30; i++) await t.http.get(`/api/clients/${id}`).set(t.as('broker', 'claims'));
    await t.sealNow();
    await t.app.get(AuditVerifier).verify();
    // A checkpoint of the head, as the sealer takes every AUDIT_CHECKPOINT_INTERVAL_MS.
    await t.app.get(AuditSealer).sealNow({ checkpoint: true });
    owner = new Client({ connectionString: t.databaseUrl });
    await owner.connect();
    await owner.query(`SET session_replication_role = replica`);
    // Verification on the owner's connection sees the tampering inside its transaction, which is then rolled back.
    ownerVerifier = new AuditVerifier(
      {
        query: async (sql: string, params?: unknown[]) => (await owner.query(sql, params)).rows,
      } as unknown as DataSource,
      t.config,
    );
  });
  afterAll(async () => {
    await owner?.end();
    await t?.close();
  });

  async function tampered<T>(tamper: () => Promise<unknown>, check: () => Promise<T>): Promise<T> {
    await owner.query('BEGIN');
    try {
      await tamper();
      return await check();
    } finally {
      await owner.query('ROLLBACK');
    }
  }

  async function chain(): Promise<Array<ChainRow & { seq: string }>> {
    return (
      await owner.query(
        `SELECT s.seq::text AS seq, ${CHAIN_COLUMNS} FROM audit_seal s JOIN audit_entry e ON e.id = s.entry_id ORDER BY s.seq`,
      )
    ).rows;
  }

  /** Changes one entry and recomputes every seal from it to the end with `seal`, as the attack did. */
  async function rewriteFrom(
    position: number,
    seal: (prev: string, seq: string, row: ChainRow) => string,
  ): Promise<string> {
    const rows = await chain();
    const victim = rows[position - 1];
    await owner.query(`UPDATE audit_entry SET purpose = 'marketing', fields = '{}' WHERE id = $1`, [
      victim.id,
    ]);
    const [changed] = (
      await owner.query(`SELECT ${CHAIN_COLUMNS} FROM audit_entry e WHERE e.id = $1`, [victim.id])
    ).rows;
    let prev = (await owner.query(`SELECT prev_mac FROM audit_seal WHERE seq = $1`, [victim.seq])).rows[0]
      .prev_mac as string;
    for (const row of rows.slice(position - 1)) {
      const mac = seal(prev, row.seq, row.id === victim.id ? changed : row);
      await owner.query(`UPDATE audit_seal SET prev_mac = $1, mac = $2 WHERE seq = $3`, [prev, mac, row.seq]);
      prev = mac;
    }
    return victim.id;
  }

  const sha256 = (prev: string, seq: string, row: ChainRow) =>
    createHash('sha256')
      .update(prev)
      .update('\n')
      .update(seq)
      .update('\n')
      .update(canonicalEntry(row))
      .digest('hex');

  it('is intact and agrees with the newest checkpoint before any tampering', async () => {
    const result = await ownerVerifier.verify();
    const [{ head }] = (await owner.query(`SELECT max(seq)::text AS head FROM audit_seal`)).rows;
    expect(result).toMatchObject({
      valid: true,
      reason: null,
      firstInvalidId: null,
      checkpoint: { status: 'agrees', sequence: head },
    });
  });

  it('catches the last sealed entries deleted with their seals (a chain cut short)', async () => {
    const result = await tampered(
      async () => {
        const [{ head }] = (await owner.query(`SELECT max(seq) AS head FROM audit_seal`)).rows;
        const cut = (
          await owner.query(`DELETE FROM audit_seal WHERE seq > $1::bigint - 5 RETURNING entry_id`, [head])
        ).rows;
        await owner.query(`DELETE FROM audit_entry WHERE id = ANY($1::bigint[])`, [
          cut.map((r) => r.entry_id),
        ]);
      },
      () => ownerVerifier.verify(),
    );
    expect(result).toMatchObject({
      valid: false,
      reason: 'CHAIN_SHORTER_THAN_CHECKPOINT',
      checkpoint: { status: 'disagrees' },
    });
  });

  it('catches an entry changed and every later seal recomputed with plain SHA-256, at the changed entry', async () => {
    const result = await tampered(
      () => rewriteFrom(10, sha256),
      () => ownerVerifier.verify(),
    );
    const [{ id }] = (await owner.query(`SELECT entry_id::text AS id FROM audit_seal WHERE seq = 10`)).rows;
    expect(result).toMatchObject({ valid: false, reason: 'CHAIN_BROKEN', firstInvalidId: id });
  });

  it("catches an entry changed and every later seal recomputed with the project's own code under a wrong key", async () => {
    let victim = '';
    const result = await tampered(
      async () =>
        (victim = await rewriteFrom(12, (prev, seq, row) =>
          chainMac('a-guess-at-the-key-that-is-long-enough-000', prev, seq, row),
        )),
      () => ownerVerifier.verify(),
    );
    expect(result).toMatchObject({ valid: false, reason: 'CHAIN_BROKEN', firstInvalidId: victim });
  });

  it('catches even a holder of the key who rewrites an entry at or before the checkpoint and recomputes the rest', async () => {
    const withKey = (prev: string, seq: string, row: ChainRow) =>
      chainMac(t.config.AUDIT_CHAIN_KEY, prev, seq, row);
    const { checkpoint } = await ownerVerifier.verify();
    for (const position of [3, Number(checkpoint.sequence)]) {
      const result = await tampered(
        () => rewriteFrom(position, withKey),
        () => ownerVerifier.verify(),
      );
      // Every seal verifies (the key was used); only the checkpoint shows the rewrite.
      expect(result).toMatchObject({
        valid: false,
        reason: 'CHECKPOINT_MISMATCH',
        firstInvalidId: null,
        checkpoint: { status: 'disagrees' },
      });
    }
  });

  it('lets only the sealer write seals: the application role may not insert, change or delete one, nor move its state', async () => {
    const [{ next }] = await t.db.query(`SELECT coalesce(max(seq), 0) + 1 AS next FROM audit_seal`);
    await expect(
      t.db.query(`INSERT INTO audit_seal (seq, entry_id, prev_mac, mac) VALUES ($1, -1, '0', '0')`, [next]),
    ).rejects.toThrow(/permission denied/);
    await expect(t.db.query(`UPDATE audit_seal SET mac = '0'`)).rejects.toThrow(/permission denied/);
    await expect(t.db.query(`DELETE FROM audit_seal`)).rejects.toThrow(/permission denied/);
    await expect(t.db.query(`UPDATE audit_sealer_state SET horizon = '0'::xid8`)).rejects.toThrow(
      /permission denied/,
    );
    // The sealer, logging in as its own role, still seals.
    const res = await t.http.get('/health');
    expect(res.status).toBe(200);
    await t.http.get('/api/clients').set(t.as('accountant', 'legal_obligation'));
    // The read's entry committed before the response; the newest one now.
    const [{ readEntry }] = await t.db.query(`SELECT max(id)::text AS "readEntry" FROM audit_entry`);
    await t.sealNow();
    // The sealer's own timer may have sealed the read before this round did: ask whether the read's
    // entry is sealed, not how many this round sealed.
    const seals = await t.db.query(`SELECT seq FROM audit_seal WHERE entry_id = $1::bigint`, [readEntry]);
    expect(seals).toHaveLength(1);
    expect((await t.app.get(AuditVerifier).verify()).valid).toBe(true);
  });

  it('refuses a checkpoint whose signature does not hold', async () => {
    const store = new CheckpointStore(t.config);
    const latest = await store.latest();
    if (latest.status !== 'signed') throw new Error('expected a signed checkpoint');
    const foreignKey = generateKeyPairSync('ed25519')
      .privateKey.export({ format: 'der', type: 'pkcs8' })
      .toString('base64');
    const month = join(store.dir, latest.checkpoint.at.slice(0, 7));
    const nextName = (BigInt(latest.checkpoint.sequence) + 1n).toString().padStart(20, '0');
    // Signed by someone else: a checkpoint the attacker would like verify to trust.
    const forged = new CheckpointSigner(foreignKey).sign({
      ...latest.checkpoint,
      sequence: (BigInt(latest.checkpoint.sequence) + 1n).toString(),
    });
    writeFileSync(join(month, `${nextName}.json`), JSON.stringify(forged));
    const result = await t.app.get(AuditVerifier).verify();
    expect(result).toMatchObject({
      valid: false,
      reason: 'CHECKPOINT_REFUSED',
      checkpoint: { status: 'refused', sequence: forged.checkpoint.sequence },
    });
    // The genuine one, changed after signing, is refused as well.
    chmodSync(join(month, `${nextName}.json`), 0o644);
    writeFileSync(
      join(month, `${nextName}.json`),
      readFileSync(latest.file, 'utf8').replace(latest.checkpoint.sequence, forged.checkpoint.sequence),
    );
    expect((await t.app.get(AuditVerifier).verify()).checkpoint.status).toBe('refused');
    expect(readdirSync(month)).toContain(`${nextName}.json`);
  });
});

describe('the record chain cut short for good', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
    const { id } = await createClient(t);
    for (let i = 0; i < 20; i++) await t.http.get(`/api/clients/${id}`).set(t.as('broker', 'claims'));
    await t.sealNow();
    await t.app.get(AuditSealer).sealNow({ checkpoint: true });
  });
  afterAll(async () => {
    await t?.close();
  });

  it('is reported by the verify endpoint, and the sealer does not build on it', async () => {
    const owner = new Client({ connectionString: t.databaseUrl });
    await owner.connect();
    try {
      await owner.query(`SET session_replication_role = replica`);
      const cut = (
        await owner.query(
          `DELETE FROM audit_seal WHERE seq > (SELECT max(seq) - 3 FROM audit_seal) RETURNING entry_id`,
        )
      ).rows;
      await owner.query(`DELETE FROM audit_entry WHERE id = ANY($1::bigint[])`, [cut.map((r) => r.entry_id)]);
    } finally {
      await owner.end();
    }
    const manager = { ...t.as('manager', 'security_audit') };
    const res = await t.http.get('/api/access-logs/verify').set(manager);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      valid: false,
      reason: 'CHAIN_SHORTER_THAN_CHECKPOINT',
      checkpoint: { status: 'disagrees' },
    });
    // New entries wait unsealed rather than extend a chain that was cut behind a checkpoint.
    const [{ before }] = await t.db.query(`SELECT max(seq)::text AS before FROM audit_seal`);
    expect(await t.sealNow()).toBe(0);
    const [{ after }] = await t.db.query(`SELECT max(seq)::text AS after FROM audit_seal`);
    expect(after).toBe(before);
    const [recorded] = await t.db.query(`SELECT reason FROM audit_entry WHERE request_id = $1`, [
      res.headers['x-request-id'],
    ]);
    expect(recorded).toEqual({ reason: 'CHAIN_SHORTER_THAN_CHECKPOINT' });
  });
});

describe('checkpoints that stop coming', () => {
  let t: TestApp;
  beforeAll(async () => {
    // A checkpoint is due every 10 ms, and a seal may wait 2 × 10 ms + 1 s for one.
    t = await startTestApp({ AUDIT_CHECKPOINT_INTERVAL_MS: '10', AUDIT_UNSEALED_ALARM_SECONDS: '1' });
    const { id } = await createClient(t);
    for (let i = 0; i < 5; i++) await t.http.get(`/api/clients/${id}`).set(t.as('broker', 'claims'));
    await t.sealNow();
    await t.app.get(AuditSealer).sealNow({ checkpoint: true });
  });
  afterAll(async () => {
    await t?.close();
  });

  it('raise the alarm once seals have waited too long without one, and not while one covers them', async () => {
    await new Promise((r) => setTimeout(r, 1500));
    const verifier = t.app.get(AuditVerifier);
    const covered = await verifier.verify();
    expect(covered).toMatchObject({
      valid: true,
      alarm: false,
      checkpoint: { status: 'agrees', lagSeconds: null },
    });

    // The store emptied (or never shared by this instance): nothing anchors the chain any more.
    rmSync(new CheckpointStore(t.config).dir, { recursive: true, force: true });
    const uncovered = await verifier.verify();
    expect(uncovered).toMatchObject({
      valid: true,
      alarm: true,
      unsealed: 0,
      checkpoint: { status: 'none' },
    });
    expect(uncovered.checkpoint.lagSeconds).toBeGreaterThan(1.02);
  });
});

describe('a record sealed before the chain was keyed', () => {
  it('is chained afresh under the key by the first round after the migration, its unkeyed seals kept aside', async () => {
    const url = withDatabase(process.env.CONSENTRY_TEST_SERVER_URL!, uniqueName('consentry_t_upgrade'));
    const dir = mkdtempSync(join(tmpdir(), 'consentry-upgrade-checkpoints-'));
    await ensureDatabase(url);
    const owner = new Client({ connectionString: url });
    try {
      await runMigrations(url, MIGRATIONS.slice(0, MIGRATIONS.indexOf(AuditChainKey1764710000000)));
      await owner.connect();
      await owner.query(
        `INSERT INTO audit_entry (action, resource, outcome) SELECT 'read', 'client', 'allowed' FROM generate_series(1, 5)`,
      );
      await owner.query(
        `INSERT INTO audit_seal (seq, entry_id, prev_hash, hash) SELECT id, id, 'unkeyed', 'unkeyed' FROM audit_entry`,
      );
      await runMigrations(url, MIGRATIONS);

      const config = loadAppConfig({ NODE_ENV: 'test', DATABASE_URL: url, AUDIT_CHECKPOINT_DIR: dir });
      const sealer = new AuditSealer(config);
      try {
        expect(await sealer.sealNow({ checkpoint: true })).toBe(5);
      } finally {
        await sealer.beforeApplicationShutdown();
      }
      const verifier = new AuditVerifier(
        {
          query: async (sql: string, params?: unknown[]) => (await owner.query(sql, params)).rows,
        } as unknown as DataSource,
        config,
      );
      expect(await verifier.verify()).toMatchObject({
        valid: true,
        checked: 5,
        checkpoint: { status: 'agrees', sequence: '5' },
      });
      expect((await owner.query(`SELECT count(*)::int AS n FROM audit_seal_unkeyed`)).rows).toEqual([
        { n: 5 },
      ]);
    } finally {
      await owner.end().catch(() => undefined);
      await dropDatabase(url);
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
