import { Client } from 'pg';
import { AuditReason, AuditRecorder, AuditVerifier } from '@app/audit';
import { auditEntriesOf, createClient, grantConsent } from './support/fixtures';
import { startTestApp, TestApp } from './support/test-app';

describe('the record of operations', () => {
  let t: TestApp;
  let clientId: string;

  beforeAll(async () => {
    t = await startTestApp();
    clientId = (await createClient(t)).id;
    await grantConsent(t, clientId, 'marketing', 'email');
  });
  afterAll(async () => {
    await t?.close();
  });

  it('holds exactly one entry per request, allowed or denied, with field names and no personal values', async () => {
    const requests = [
      t.http.get(`/api/clients/${clientId}`).set(t.as('broker', 'offer_preparation')),
      t.http.get(`/api/clients/${clientId}`).set(t.as('marketing', 'marketing')),
      t.http.get(`/api/clients/${clientId}`).set(t.as('marketing', 'offer_preparation')),
      t.http.get(`/api/clients`).set(t.as('accountant', 'legal_obligation')),
      t.http.get(`/api/clients?pesel=12345678901`).set(t.as('accountant', 'legal_obligation')),
      t.http.patch(`/api/clients/${clientId}`).set(t.as('broker', 'claims')).send({ lastName: 'X' }),
      t.http
        .patch(`/api/clients/${clientId}`)
        .set(t.as('broker', 'contract_performance'))
        .send({ lastName: 'Nowacka' }),
      t.http.get(`/api/clients/${clientId}`).set(t.as('broker')),
      t.http.post(`/api/clients`).set(t.as('broker', 'offer_preparation')).send({ firstName: 'A' }),
    ];
    const responses = await Promise.all(requests);
    expect(responses.map((r) => r.status)).toEqual([200, 200, 403, 200, 403, 403, 200, 400, 400]);
    for (const res of responses) {
      const entries = await auditEntriesOf(t, res.headers['x-request-id']);
      expect(entries).toHaveLength(1);
      expect(entries[0].outcome).toBe(res.status < 400 ? 'allowed' : 'denied');
      expect(entries[0].ip).toBeTruthy();
    }
    const [brokerRead] = await auditEntriesOf(t, responses[0].headers['x-request-id']);
    expect(brokerRead).toMatchObject({
      action: 'read',
      resource: 'client',
      resource_id: clientId,
      client_ids: [clientId],
      purpose: 'offer_preparation',
      actor_role: 'broker',
      actor_id: t.staff.broker.id,
    });
    expect(brokerRead.fields).toEqual([
      'address',
      'dateOfBirth',
      'email',
      'firstName',
      'language',
      'lastName',
      'pesel',
      'phone',
    ]);
    const [marketingRead] = await auditEntriesOf(t, responses[1].headers['x-request-id']);
    expect(marketingRead.fields).toEqual(['email', 'firstName', 'lastName']);
    const [update] = await auditEntriesOf(t, responses[6].headers['x-request-id']);
    expect(update).toMatchObject({ action: 'update', fields: ['lastName'], outcome: 'allowed' });

    const dump = JSON.stringify(await t.db.query(`SELECT * FROM audit_entry`));
    const [person] = await t.db.query(`SELECT email, phone, last_name FROM client WHERE id = $1`, [clientId]);
    for (const value of [person.email, person.phone, 'Nowacka']) expect(dump).not.toContain(value);
  });

  it('refuses UPDATE, DELETE and TRUNCATE on the record, for the owner too', async () => {
    // The application's role holds no such privilege; the owner (a superuser) is stopped by the trigger.
    await expect(t.db.query(`UPDATE audit_entry SET outcome = 'allowed'`)).rejects.toThrow(
      /permission denied/,
    );
    await expect(t.db.query(`DELETE FROM audit_entry`)).rejects.toThrow(/permission denied/);
    await expect(t.db.query(`TRUNCATE audit_entry`)).rejects.toThrow(/permission denied/);
    await t.sealNow();
    await expect(t.db.query(`DELETE FROM audit_seal`)).rejects.toThrow(/permission denied/);
    const owner = new Client({ connectionString: t.databaseUrl });
    await owner.connect();
    try {
      await expect(owner.query(`UPDATE audit_entry SET outcome = 'allowed'`)).rejects.toThrow(/append-only/);
      await expect(owner.query(`DELETE FROM audit_entry`)).rejects.toThrow(/append-only/);
      await expect(owner.query(`TRUNCATE audit_entry`)).rejects.toThrow(/append-only/);
      await expect(owner.query(`DELETE FROM audit_seal`)).rejects.toThrow(/append-only/);
    } finally {
      await owner.end();
    }
  });

  it('never records or logs a value a caller put where an id belongs', async () => {
    const res = await t.http.get('/api/clients/zofia.private%40example.com').set(t.as('broker', 'claims'));
    expect(res.status).toBe(400);
    const [entry] = await auditEntriesOf(t, res.headers['x-request-id']);
    expect(entry).toMatchObject({ outcome: 'denied', resource_id: '(invalid)' });
    const line = t.requestLog.find((l) => l.request.includes('/api/clients/REDACTED'));
    expect(line).toBeDefined();
    expect(JSON.stringify(t.requestLog)).not.toContain('zofia.private');
  });

  it("stores a request id the server made, never the caller's X-Request-Id (a PESEL there stays out)", async () => {
    const pesel = '44051401359';
    const res = await t.http
      .get(`/api/clients/${clientId}`)
      .set({ ...t.as('broker', 'claims'), 'x-request-id': pesel });
    expect(res.status).toBe(200);
    const serverId = res.headers['x-request-id'];
    expect(serverId).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(JSON.stringify(res.headers)).not.toContain(pesel);
    const entries = await auditEntriesOf(t, serverId);
    expect(entries).toHaveLength(1);
    expect(entries[0].request_id).toBe(serverId);
    expect(
      await t.db.query(`SELECT id FROM audit_entry WHERE request_id = $1 OR reason = $1`, [pesel]),
    ).toEqual([]);
    expect(JSON.stringify(t.requestLog)).not.toContain(pesel);
    expect(t.requestLog.some((l) => l.request === `GET /api/clients/${clientId} HTTP/1.1`)).toBe(true);
  });

  it('answers "who touched client X" through an index', async () => {
    const plan = await t.db.query(
      `EXPLAIN (FORMAT JSON) SELECT * FROM audit_entry WHERE client_ids @> ARRAY[$1]::uuid[] ORDER BY id DESC LIMIT 50`,
      [clientId],
    );
    // With few rows the planner may prefer a scan, so ask it to show the index path is available.
    await t.db.query('SET enable_seqscan = off');
    const forced = await t.db.query(
      `EXPLAIN (FORMAT JSON) SELECT * FROM audit_entry WHERE client_ids @> ARRAY[$1]::uuid[]`,
      [clientId],
    );
    await t.db.query('SET enable_seqscan = on');
    expect(JSON.stringify(plan)).toBeTruthy();
    // The record is partitioned by month: each month's copy of the index is named after its partition.
    expect(JSON.stringify(forced)).toMatch(/audit_entry_\d{4}_\d{2}_client_ids_idx/);
  });

  it('chains every entry, verifies, and names the first changed, removed or reordered entry', async () => {
    await Promise.all(
      Array.from({ length: 40 }, () => t.http.get(`/api/clients/${clientId}`).set(t.as('broker', 'claims'))),
    );
    await t.sealNow();
    const verifier = t.app.get(AuditVerifier);
    const ok = await verifier.verify();
    expect(ok).toMatchObject({ valid: true, firstInvalidId: null, unsealed: 0 });
    expect(ok.checked).toBeGreaterThan(40);

    const [{ id: victim }] = await t.db.query(
      `SELECT entry_id::text AS id FROM audit_seal ORDER BY seq OFFSET 10 LIMIT 1`,
    );
    const tamper = new Client({ connectionString: t.databaseUrl });
    await tamper.connect();
    try {
      await tamper.query(`SET session_replication_role = replica`);
      await tamper.query(`UPDATE audit_entry SET purpose = 'claims', fields = '{}' WHERE id = $1`, [victim]);
      expect(await verifier.verify()).toMatchObject({ valid: false, firstInvalidId: victim });
      const http = await t.http.get('/health');
      expect(http.status).toBe(200);
    } finally {
      await tamper.end();
    }
  });

  it('records a change in the same statement: only the rows it changed, and nothing when either part fails', async () => {
    const recorder = t.app.get(AuditRecorder);
    const missing = '00000000-0000-4000-8000-000000000001';
    const change = (lastName: string) => ({
      name: 'test_client_rename',
      sql: `UPDATE client c SET last_name = $2 FROM unnest($1::uuid[]) WITH ORDINALITY AS t(id, n) WHERE c.id = t.id RETURNING t.n`,
      params: [[missing, clientId], lastName],
    });
    // The reason marks this test's entries; it is no word of the record's vocabulary.
    const entry = (id: string, marker: string) => ({
      action: 'update' as const,
      resource: 'client' as const,
      resourceId: id,
      clientIds: [id],
      fields: ['lastName'],
      outcome: 'allowed' as const,
      reason: marker as AuditReason,
      actor: { staffId: null, role: 'system', purpose: 'contract_performance' },
    });
    const recorded = await recorder.recordWithChange(change('Renamed'), [
      entry(missing, 'rename-test'),
      entry(clientId, 'rename-test'),
    ]);
    expect(recorded).toBe(1);
    const entries = await t.db.query(`SELECT resource_id FROM audit_entry WHERE reason = 'rename-test'`);
    expect(entries).toEqual([{ resource_id: clientId }]);
    expect((await t.db.query(`SELECT last_name FROM client WHERE id = $1`, [clientId]))[0].last_name).toBe(
      'Renamed',
    );

    // An entry that cannot be stored (an actor id that is no UUID) takes the change down with it.
    const broken = {
      ...entry(clientId, 'rename-broken'),
      actor: { staffId: 'not-a-uuid', role: 'system', purpose: 'contract_performance' },
    };
    await expect(
      recorder.recordWithChange(change('Broken'), [entry(missing, 'rename-broken'), broken]),
    ).rejects.toThrow();
    expect((await t.db.query(`SELECT last_name FROM client WHERE id = $1`, [clientId]))[0].last_name).toBe(
      'Renamed',
    );
    expect(await t.db.query(`SELECT 1 FROM audit_entry WHERE reason = 'rename-broken'`)).toHaveLength(0);
  });

  it('runs a statement of the caller alongside a recorded change: its rows answered, all or nothing', async () => {
    const recorder = t.app.get(AuditRecorder);
    const change = (lastName: string) => ({
      name: 'test_client_rename_alongside',
      sql: `UPDATE client c SET last_name = $2 FROM unnest($1::uuid[]) WITH ORDINALITY AS t(id, n) WHERE c.id = t.id RETURNING t.n`,
      params: [[clientId], lastName],
    });
    const entry = (marker: string) => ({
      action: 'update' as const,
      resource: 'client' as const,
      resourceId: clientId,
      clientIds: [clientId],
      fields: ['lastName'],
      outcome: 'allowed' as const,
      reason: marker as AuditReason,
      actor: { staffId: null, role: 'system', purpose: 'contract_performance' },
    });
    // Another row: one statement may not change a row twice. Its placeholders count from $1.
    const otherId = (await createClient(t)).id;
    const alongside = (firstName: string) => ({
      name: 'test_client_first_name',
      sql: `UPDATE client SET first_name = $2 WHERE id = $1::uuid RETURNING id::text, first_name`,
      params: [otherId, firstName],
    });
    const rows = await recorder.recordWithChangeAlongside(
      change('Alongside'),
      [entry('alongside-test')],
      alongside('Ala'),
    );
    expect(rows).toEqual([{ id: otherId, first_name: 'Ala' }]);
    expect((await t.db.query(`SELECT last_name FROM client WHERE id = $1`, [clientId]))[0].last_name).toBe(
      'Alongside',
    );
    expect(await t.db.query(`SELECT 1 FROM audit_entry WHERE reason = 'alongside-test'`)).toHaveLength(1);

    // No change to record: the caller's statement still runs, and nothing is recorded.
    const empty = { ...change('Unused'), params: [[], 'Unused'] };
    expect(await recorder.recordWithChangeAlongside(empty, [], alongside('Ola'))).toEqual([
      { id: otherId, first_name: 'Ola' },
    ]);
    expect(await t.db.query(`SELECT 1 FROM audit_entry WHERE reason = 'alongside-test'`)).toHaveLength(1);

    // The caller's statement fails (an id that is no UUID): the change and its entry go with it.
    const failing = { ...alongside('Ela'), params: ['not-a-uuid', 'Ela'] };
    await expect(
      recorder.recordWithChangeAlongside(change('Gone'), [entry('alongside-broken')], failing),
    ).rejects.toThrow();
    expect((await t.db.query(`SELECT last_name FROM client WHERE id = $1`, [clientId]))[0].last_name).toBe(
      'Alongside',
    );
    expect((await t.db.query(`SELECT first_name FROM client WHERE id = $1`, [otherId]))[0].first_name).toBe(
      'Ola',
    );
    expect(await t.db.query(`SELECT 1 FROM audit_entry WHERE reason = 'alongside-broken'`)).toHaveLength(0);
  });
});

describe('the record of operations: removal and reordering', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
    const { id } = await createClient(t);
    for (let i = 0; i < 20; i++) await t.http.get(`/api/clients/${id}`).set(t.as('broker', 'claims'));
    await t.sealNow();
  });
  afterAll(async () => {
    await t?.close();
  });

  async function asReplica<T>(fn: (c: Client) => Promise<T>): Promise<T> {
    const c = new Client({ connectionString: t.databaseUrl });
    await c.connect();
    try {
      await c.query(`SET session_replication_role = replica`);
      return await fn(c);
    } finally {
      await c.end();
    }
  }

  it('detects a removed entry', async () => {
    const [{ id }] = await t.db.query(
      `SELECT entry_id::text AS id FROM audit_seal ORDER BY seq OFFSET 5 LIMIT 1`,
    );
    await asReplica((c) => c.query(`DELETE FROM audit_entry WHERE id = $1`, [id]));
    const result = await t.app.get(AuditVerifier).verify();
    expect(result).toMatchObject({ valid: false, firstInvalidId: id });
  });

  it('detects two entries swapped in the chain', async () => {
    const rows = await t.db.query(
      `SELECT s.seq::text AS seq, s.entry_id::text AS entry_id FROM audit_seal s ORDER BY s.seq OFFSET 2 LIMIT 2`,
    );
    await asReplica(async (c) => {
      await c.query(`UPDATE audit_seal SET entry_id = -1 WHERE seq = $1`, [rows[0].seq]);
      await c.query(`UPDATE audit_seal SET entry_id = $1 WHERE seq = $2`, [rows[0].entry_id, rows[1].seq]);
      await c.query(`UPDATE audit_seal SET entry_id = $1 WHERE seq = $2`, [rows[1].entry_id, rows[0].seq]);
    });
    const result = await t.app.get(AuditVerifier).verify();
    expect(result.valid).toBe(false);
    expect(result.firstInvalidId).toBe(rows[1].entry_id);
  });
});
