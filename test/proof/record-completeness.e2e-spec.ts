import { Client } from 'pg';
import { DataSource } from 'typeorm';
import { AuditVerifier } from '@app/audit';
import type { Role } from '@app/privacy';
import { createClient, grantConsent } from '../support/fixtures';
import { startTestApp, TestApp } from '../support/test-app';

/**
 * Completeness: every request, allowed or denied, leaves exactly one entry. Integrity: every direct
 * change, removal or reordering of the record is found by verify, at the entry where it happened.
 */
describe('record completeness', () => {
  let t: TestApp;
  let clients: string[];

  beforeAll(async () => {
    t = await startTestApp({ DATABASE_POOL_SIZE: '10' });
    clients = [];
    for (let i = 0; i < 20; i++) {
      const { id } = await createClient(t);
      if (i % 2 === 0) await grantConsent(t, id, 'marketing', 'email');
      clients.push(id);
    }
  });
  afterAll(async () => {
    await t?.close();
  });

  it('10,000 mixed requests leave exactly one entry each', async () => {
    const kinds: Array<
      (i: number) => { role: Role; purpose?: string; method: 'get' | 'patch'; url: string; body?: object }
    > = [
      (i) => ({
        role: 'broker',
        purpose: 'offer_preparation',
        method: 'get',
        url: `/api/clients/${clients[i % 20]}`,
      }),
      (i) => ({
        role: 'marketing',
        purpose: 'marketing',
        method: 'get',
        url: `/api/clients/${clients[i % 20]}`,
      }),
      (i) => ({
        role: 'marketing',
        purpose: 'claims',
        method: 'get',
        url: `/api/clients/${clients[i % 20]}`,
      }),
      () => ({ role: 'accountant', purpose: 'legal_obligation', method: 'get', url: `/api/clients?limit=5` }),
      () => ({
        role: 'accountant',
        purpose: 'legal_obligation',
        method: 'get',
        url: `/api/clients?email=a%40b.pl`,
      }),
      (i) => ({
        role: 'broker',
        purpose: 'claims',
        method: 'patch',
        url: `/api/clients/${clients[i % 20]}`,
        body: { firstName: 'X' },
      }),
      (i) => ({
        role: 'broker',
        purpose: 'contract_performance',
        method: 'patch',
        url: `/api/clients/${clients[i % 20]}`,
        body: { firstName: `N${i}` },
      }),
      (i) => ({ role: 'dpo', method: 'get', url: `/api/clients/${clients[i % 20]}` }),
      (i) => ({
        role: 'broker',
        purpose: 'offer_preparation',
        method: 'get',
        url: `/api/clients/${clients[i % 20]}/consents`,
      }),
      (i) => ({
        role: 'broker',
        purpose: 'offer_preparation',
        method: 'patch',
        url: `/api/clients/${clients[i % 20]}`,
        body: { unknownField: 1 },
      }),
    ];
    const total = 10_000;
    const requestIds: string[] = [];
    const statuses = new Map<number, number>();
    const server = t.app.getHttpAdapter().getInstance();
    const concurrency = 32;
    let next = 0;
    await Promise.all(
      Array.from({ length: concurrency }, async () => {
        while (next < total) {
          const i = next++;
          const spec = kinds[i % kinds.length](i);
          const headers: Record<string, string> = { ...t.as(spec.role, spec.purpose) };
          if (spec.body) headers['content-type'] = 'application/json';
          const res = await server.inject({
            method: spec.method.toUpperCase() as 'GET' | 'PATCH',
            url: spec.url,
            headers,
            payload: spec.body ? JSON.stringify(spec.body) : undefined,
          });
          statuses.set(res.statusCode, (statuses.get(res.statusCode) ?? 0) + 1);
          requestIds.push(String(res.headers['x-request-id']));
        }
      }),
    );
    expect(requestIds).toHaveLength(total);
    expect([...statuses.keys()].sort()).toEqual([200, 400, 403, 404]);
    const counts: Array<{ request_id: string; n: number; denied: number }> = await t.db.query(
      `SELECT request_id, count(*)::int AS n, count(*) FILTER (WHERE outcome = 'denied')::int AS denied
         FROM audit_entry WHERE request_id = ANY($1::text[]) GROUP BY request_id`,
      [requestIds],
    );
    expect(counts).toHaveLength(total);
    expect(counts.filter((c) => c.n !== 1)).toEqual([]);
    const denied = counts.reduce((a, c) => a + c.denied, 0);
    expect(denied).toBe(total - (statuses.get(200) ?? 0));
    // A proof of completeness, not of speed: 10,000 requests beside the other heavy files of a run
    // on two cores can take minutes.
  }, 420_000);
});

describe('tamper evidence', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
    const { id } = await createClient(t);
    await Promise.all(
      Array.from({ length: 300 }, () => t.http.get(`/api/clients/${id}`).set(t.as('broker', 'claims'))),
    );
  });
  afterAll(async () => {
    await t?.close();
  });

  it('1,000 random direct tamperings are each detected at the tampered entry', async () => {
    const verifier = t.app.get(AuditVerifier);
    while ((await t.sealNow()) > 0) {
      /* seal what the previous test wrote */
    }
    // Tamper with a short fresh stretch of the chain: verify stops at the first break, and each
    // tampering is undone before the next, so the chain before it stays valid.
    const chain: Array<{ seq: string; entry_id: string }> = await t.db.query(
      `SELECT s.seq::text AS seq, s.entry_id::text AS entry_id FROM audit_seal s ORDER BY s.seq DESC LIMIT 300`,
    );
    chain.reverse();
    // Tamper inside a transaction that is rolled back afterwards, and verify on that same connection,
    // so each tampering is seen by verify and then undone exactly.
    const admin = new Client({ connectionString: t.databaseUrl });
    await admin.connect();
    await admin.query(`SET session_replication_role = replica`);
    const sameConnection = new AuditVerifier(
      {
        query: async (sql: string, params?: unknown[]) => (await admin.query(sql, params)).rows,
      } as unknown as DataSource,
      t.config,
    );
    let seed = 7;
    const random = (n: number) => (seed = (seed * 48271) % 2147483647) % n;
    let detected = 0;
    const missed: string[] = [];
    try {
      // The first verification walks everything; later ones only need the chain to stay valid up to the
      // tampered stretch, which verify confirms before reaching it.
      expect((await verifier.verify()).valid).toBe(true);
      for (let i = 0; i < 1000; i++) {
        const kind = i % 3;
        const at = 1 + random(chain.length - 2);
        const target = chain[at];
        let expected = target.entry_id;
        await admin.query('BEGIN');
        if (kind === 0) {
          const columns = ['purpose', 'action', 'resource_id', 'outcome', 'fields', 'actor_role', 'ip'];
          const column = columns[random(columns.length)];
          if (column === 'outcome') {
            await admin.query(
              `UPDATE audit_entry SET outcome = CASE outcome WHEN 'allowed' THEN 'denied' ELSE 'allowed' END WHERE id = $1`,
              [target.entry_id],
            );
          } else {
            const value = column === 'fields' ? `{tampered${i}}` : `tampered${i}`;
            await admin.query(`UPDATE audit_entry SET ${column} = $1 WHERE id = $2`, [
              value,
              target.entry_id,
            ]);
          }
        } else if (kind === 1) {
          await admin.query(`DELETE FROM audit_entry WHERE id = $1`, [target.entry_id]);
        } else {
          const other = chain[at + 1];
          await admin.query(`UPDATE audit_seal SET entry_id = -entry_id WHERE seq IN ($1, $2)`, [
            target.seq,
            other.seq,
          ]);
          await admin.query(`UPDATE audit_seal SET entry_id = $1 WHERE seq = $2`, [
            other.entry_id,
            target.seq,
          ]);
          await admin.query(`UPDATE audit_seal SET entry_id = $1 WHERE seq = $2`, [
            target.entry_id,
            other.seq,
          ]);
          expected = other.entry_id;
        }
        const result = await sameConnection.verify();
        if (!result.valid && result.firstInvalidId === expected) detected += 1;
        else missed.push(`${i}:${kind}:${JSON.stringify(result)}`);
        await admin.query('ROLLBACK');
      }
    } finally {
      await admin.end();
    }
    expect(missed.slice(0, 3)).toEqual([]);
    expect(detected).toBe(1000);
    expect((await verifier.verify()).valid).toBe(true);
    // A thousand verifications of the chain: well inside two minutes alone, not always beside the
    // run's other heavy files on two cores.
  }, 300_000);
});
