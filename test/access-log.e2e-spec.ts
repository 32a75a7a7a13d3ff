import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import request from 'supertest';
import { dropDatabase, ensureDatabase } from '@app/common/database/ensure-database';
import { StaffService } from '../src/auth';
import { createApp } from '../src/bootstrap';
import { auditVerify, EXIT_BROKEN, EXIT_INTACT } from '../src/cli/audit-verify';
import { analyze, createClient } from './support/fixtures';
import { startTestApp, testConfig, TestApp } from './support/test-app';

interface Item {
  id: string;
  at: string;
  actorId: string | null;
  actorName: string | null;
  actorRole: string | null;
  purpose: string | null;
  action: string;
  resource: string;
  resourceId: string | null;
  clientId: string | null;
  clientIds: string[];
  fields: string[];
  outcome: string;
  reason: string | null;
  requestId: string | null;
  ip: string | null;
  controllerId: string | null;
}

/** Parses RFC 4180 CSV (quoted fields may hold commas, quotes and line breaks). */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else field += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') {
      row.push(field);
      field = '';
    } else if (ch === '\r' && text[i + 1] === '\n') {
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
      i++;
    } else field += ch;
  }
  if (field !== '' || row.length) rows.push([...row, field]);
  return rows;
}

describe('record of operations: review by managers and the dpo', () => {
  let t: TestApp;
  let clientA: string;
  let clientB: string;
  let clientC: string;

  const manager = () => t.as('manager', 'security_audit');
  const list = async (query: Record<string, string | number>, headers = manager()) => {
    const res = await t.http.get('/api/access-logs').query(query).set(headers);
    expect(res.status).toBe(200);
    return res.body as { items: Item[]; nextCursor: string | null };
  };

  /** Appends an entry directly (the record allows INSERT; only UPDATE and DELETE are refused). */
  const insertEntry = async (e: {
    at: string;
    actorId: string | null;
    role?: string | null;
    purpose?: string | null;
    action: string;
    resource?: string;
    clientIds?: string[];
    fields?: string[];
    outcome?: 'allowed' | 'denied';
    reason?: string | null;
  }): Promise<string> => {
    const [row] = await t.db.query(
      `INSERT INTO audit_entry (at, actor_id, actor_role, purpose, action, resource, client_ids, fields, outcome, reason)
       VALUES ($1::timestamptz, $2, $3, $4, $5, $6, $7::uuid[], $8::text[], $9, $10) RETURNING id::text AS id`,
      [
        e.at,
        e.actorId,
        e.role ?? null,
        e.purpose ?? null,
        e.action,
        e.resource ?? 'client',
        e.clientIds ?? [],
        e.fields ?? [],
        e.outcome ?? 'allowed',
        e.reason ?? null,
      ],
    );
    return row.id;
  };

  beforeAll(async () => {
    t = await startTestApp({
      ANOMALY_DISTINCT_CLIENTS_PER_HOUR: '3',
      ANOMALY_DENIED_BURST_COUNT: '3',
      ANOMALY_DENIED_BURST_MINUTES: '10',
      ANOMALY_MAX_ENTRY_IDS: '4',
    });
    clientA = (await createClient(t)).id;
    clientB = (await createClient(t)).id;
    clientC = (await createClient(t)).id;
    for (const id of [clientA, clientA, clientB]) {
      expect((await t.http.get(`/api/clients/${id}`).set(t.as('broker', 'offer_preparation'))).status).toBe(
        200,
      );
    }
    // Marketing sees no client without a marketing consent: a refused read, recorded.
    expect((await t.http.get(`/api/clients/${clientA}`).set(t.as('marketing', 'marketing'))).status).toBe(
      404,
    );
  });

  afterAll(async () => {
    await t?.close();
  });

  describe('query', () => {
    it('filters by client, newest first, with the actor named and the entry complete', async () => {
      const { items } = await list({ clientId: clientA });
      expect(items.map((i) => [i.action, i.outcome, i.actorRole])).toEqual([
        ['read', 'denied', 'marketing'],
        ['read', 'allowed', 'broker'],
        ['read', 'allowed', 'broker'],
        ['create', 'allowed', 'broker'],
      ]);
      const times = items.map((i) => i.at);
      expect([...times].sort().reverse()).toEqual(times);
      for (const item of items) {
        expect(item.clientIds).toContain(clientA);
        expect(item.clientId).toBe(clientA);
      }
      const read = items[1];
      expect(read).toMatchObject({
        actorId: t.staff.broker.id,
        actorName: 'Bartosz Broker',
        actorRole: 'broker',
        purpose: 'offer_preparation',
        resource: 'client',
        resourceId: clientA,
        outcome: 'allowed',
        reason: null,
        controllerId: null,
      });
      expect(read.fields).toEqual(expect.arrayContaining(['email', 'pesel', 'firstName']));
      expect(read.at).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}Z$/);
      expect(read.requestId).toEqual(expect.any(String));
      expect(read.ip).toEqual(expect.any(String));
      expect(Object.keys(read).sort()).toEqual(
        [
          'id',
          'at',
          'actorId',
          'actorName',
          'actorRole',
          'purpose',
          'action',
          'resource',
          'resourceId',
          'clientId',
          'clientIds',
          'fields',
          'outcome',
          'reason',
          'requestId',
          'ip',
          'controllerId',
        ].sort(),
      );
      // No personal value travels in the record.
      expect(JSON.stringify(items)).not.toMatch(/Zofia|Testowa|example\.com/);
    });

    it('filters by actor, purpose, action, outcome and resource', async () => {
      const byMarketing = await list({ actorId: t.staff.marketing.id });
      expect(byMarketing.items.length).toBeGreaterThan(0);
      expect(
        byMarketing.items.every(
          (i) => i.actorId === t.staff.marketing.id && i.actorName === 'Marta Marketing',
        ),
      ).toBe(true);

      const reads = await list({ purpose: 'offer_preparation', action: 'read' });
      expect(reads.items.map((i) => i.resourceId).sort()).toEqual([clientA, clientA, clientB].sort());

      const denied = await list({ outcome: 'denied', resource: 'client' });
      expect(denied.items).toHaveLength(1);
      expect(denied.items[0]).toMatchObject({
        actorRole: 'marketing',
        clientId: clientA,
        reason: 'NOT_VISIBLE_UNDER_PURPOSE',
      });

      const creates = await list({ action: 'create', resource: 'client', actorId: t.staff.broker.id });
      expect(creates.items.map((i) => i.clientId).sort()).toEqual([clientA, clientB, clientC].sort());

      const none = await list({ clientId: clientC, action: 'read' });
      expect(none).toEqual({ items: [], nextCursor: null });
    });

    it('filters by time range: from inclusive, to exclusive', async () => {
      const ids = [
        await insertEntry({
          at: '2024-06-10T10:00:00Z',
          actorId: t.staff.broker.id,
          action: 'read',
          resource: 'range_probe',
        }),
        await insertEntry({
          at: '2024-06-10T12:00:00Z',
          actorId: t.staff.broker.id,
          action: 'read',
          resource: 'range_probe',
        }),
        await insertEntry({
          at: '2024-06-11T00:00:00Z',
          actorId: t.staff.broker.id,
          action: 'read',
          resource: 'range_probe',
        }),
      ];
      const day = await list({ resource: 'range_probe', from: '2024-06-10', to: '2024-06-11' });
      expect(day.items.map((i) => i.id)).toEqual([ids[1], ids[0]]);
      const later = await list({ resource: 'range_probe', from: '2024-06-10T12:00:00+00:00' });
      expect(later.items.map((i) => i.id)).toEqual([ids[2], ids[1]]);
      const local = await list({
        resource: 'range_probe',
        from: '2024-06-10T13:00:00+02:00',
        to: '2024-06-10T14:00:01+02:00',
      });
      expect(local.items.map((i) => i.id)).toEqual([ids[1]]);
    });

    it('pages with a keyset cursor without gaps or repeats', async () => {
      const all = await list({ actorId: t.staff.broker.id, limit: 500 });
      expect(all.items.length).toBeGreaterThan(5);
      const seen: string[] = [];
      let cursor: string | null = null;
      let pages = 0;
      do {
        const page: { items: Item[]; nextCursor: string | null } = await list({
          actorId: t.staff.broker.id,
          limit: 2,
          ...(cursor ? { cursor } : {}),
        });
        expect(page.items.length).toBeLessThanOrEqual(2);
        seen.push(...page.items.map((i) => i.id));
        cursor = page.nextCursor;
        pages += 1;
      } while (cursor && pages < 100);
      // Entries recorded while paging (the reviews) are by the manager, so the broker's set is stable.
      expect(seen).toEqual(all.items.map((i) => i.id));
      expect(pages).toBe(Math.ceil(all.items.length / 2));
    });

    it('breaks ties in time by id, so entries recorded in the same instant page cleanly', async () => {
      const tied: string[] = [];
      for (let i = 0; i < 5; i++) {
        tied.push(
          await insertEntry({
            at: '2024-05-05T05:05:05.123456Z',
            actorId: t.staff.dpo.id,
            action: 'read',
            resource: 'tie_probe',
          }),
        );
      }
      const seen: string[] = [];
      let cursor: string | null = null;
      do {
        const page: { items: Item[]; nextCursor: string | null } = await list({
          resource: 'tie_probe',
          limit: 2,
          ...(cursor ? { cursor } : {}),
        });
        seen.push(...page.items.map((i) => i.id));
        cursor = page.nextCursor;
      } while (cursor);
      expect(seen).toEqual([...tied].reverse());
    });

    it('refuses malformed filters and cursors with 400', async () => {
      for (const query of [
        { clientId: 'not-a-uuid' },
        { cursor: 'garbage' },
        { outcome: 'maybe' },
        { purpose: 'fun' },
        { from: 'yesterday' },
        { from: '2024-06-10T10:00:00' },
        { colour: 'red' },
        { limit: 501 },
      ]) {
        const res = await t.http.get('/api/access-logs').query(query).set(manager());
        expect([JSON.stringify(query), res.status]).toEqual([JSON.stringify(query), 400]);
      }
      for (const key of [
        ['1; DROP TABLE'],
        ['2024-01-01T00:00:00.000000Z', '1; DROP TABLE'],
        ['yesterday', '12'],
      ]) {
        const cursor = Buffer.from(JSON.stringify(key)).toString('base64url');
        expect((await t.http.get('/api/access-logs').query({ cursor }).set(manager())).status).toBe(400);
      }
    });

    it('is open to the dpo under security_audit and to no other role or purpose', async () => {
      expect((await t.http.get('/api/access-logs').set(t.as('dpo', 'security_audit'))).status).toBe(200);
      expect((await t.http.get('/api/access-logs')).status).toBe(401);
      for (const role of ['broker', 'marketing', 'accountant', 'admin'] as const) {
        const res = await t.http.get('/api/access-logs').set(t.as(role, 'security_audit'));
        expect([role, res.status, res.body.code]).toEqual([role, 403, 'ROLE_NOT_ALLOWED']);
      }
      const noPurpose = await t.http.get('/api/access-logs').set(t.as('manager'));
      expect([noPurpose.status, noPurpose.body.code]).toEqual([400, 'PURPOSE_REQUIRED']);
      const wrongPurpose = await t.http.get('/api/access-logs').set(t.as('manager', 'claims'));
      expect([wrongPurpose.status, wrongPurpose.body.code]).toEqual([403, 'PURPOSE_NOT_ALLOWED']);
      const dpoClaims = await t.http.get('/api/access-logs').set(t.as('dpo', 'claims'));
      expect([dpoClaims.status, dpoClaims.body.code]).toEqual([403, 'PURPOSE_NOT_ACCEPTED_HERE']);
      for (const path of [
        '/api/access-logs/export',
        '/api/access-logs/verify',
        '/api/access-logs/anomalies',
      ]) {
        expect([path, (await t.http.get(path).set(t.as('broker', 'security_audit'))).status]).toEqual([
          path,
          403,
        ]);
        expect([path, (await t.http.get(path).set(t.as('dpo', 'claims'))).status]).toEqual([path, 403]);
      }
      // The refusals are in the record too.
      const [refused] = await t.db.query(
        `SELECT count(*)::int AS n FROM audit_entry WHERE actor_id = $1 AND resource = 'access_log' AND outcome = 'denied' AND reason = 'ROLE_NOT_ALLOWED'`,
        [t.staff.broker.id],
      );
      expect(refused.n).toBeGreaterThanOrEqual(1);
    });

    it('records the review itself: one entry naming the filters used, never their values', async () => {
      const res = await t.http
        .get('/api/access-logs')
        .query({ clientId: clientB, outcome: 'allowed', limit: 5 })
        .set(manager());
      expect(res.status).toBe(200);
      const rows = await t.db.query(
        `SELECT actor_id::text, actor_role, purpose, action, resource, fields, outcome, client_ids::text[] AS client_ids
           FROM audit_entry WHERE request_id = $1`,
        [res.headers['x-request-id']],
      );
      expect(rows).toEqual([
        {
          actor_id: t.staff.manager.id,
          actor_role: 'manager',
          purpose: 'security_audit',
          action: 'review',
          resource: 'access_log',
          fields: ['clientId', 'outcome'],
          outcome: 'allowed',
          client_ids: [],
        },
      ]);
      // ...and the next review shows it.
      const { items } = await list({ actorId: t.staff.manager.id, action: 'review', limit: 3 });
      expect(
        items.some((i) => i.requestId === res.headers['x-request-id'] && i.resource === 'access_log'),
      ).toBe(true);
    });
  });

  describe('CSV export', () => {
    it('streams every matching entry with RFC 4180 quoting, and records the export', async () => {
      const odd = await t.app.get(StaffService).create({
        email: 'odd.name@demo.local',
        password: 'odd-password-123',
        fullName: 'Nowak, Jan "JN"',
        role: 'broker',
      });
      const tricky = await insertEntry({
        at: '2024-07-01T09:00:00Z',
        actorId: odd.id,
        role: 'broker',
        purpose: 'claims',
        action: 'read',
        resource: 'csv_probe',
        clientIds: [clientA, clientB],
        fields: ['email', 'lastName'],
        reason: 'line one, "quoted"\r\nline two',
      });
      const formula = await insertEntry({
        at: '2024-07-01T09:00:01Z',
        actorId: null,
        action: 'read',
        resource: 'csv_probe',
        reason: '=HYPERLINK("x")',
      });

      const res = await t.http
        .get('/api/access-logs/export')
        .query({ format: 'csv', resource: 'csv_probe' })
        .set(manager())
        .buffer(true)
        .parse((response, done) => {
          let text = '';
          response.setEncoding('utf8');
          response.on('data', (chunk: string) => (text += chunk));
          response.on('end', () => done(null, text));
        });
      expect(res.status).toBe(200);
      expect(res.headers['content-type']).toMatch(/^text\/csv; charset=utf-8/);
      expect(res.headers['content-disposition']).toMatch(/^attachment; filename="access-log-[\w-]+\.csv"$/);
      const text = res.body as string;
      expect(text.endsWith('\r\n')).toBe(true);
      expect(text).toContain('"Nowak, Jan ""JN"""');
      expect(text).toContain('"line one, ""quoted""\r\nline two"');
      const rows = parseCsv(text);
      expect(rows[0]).toEqual([
        'id',
        'at',
        'actorId',
        'actorName',
        'actorRole',
        'purpose',
        'action',
        'resource',
        'resourceId',
        'clientIds',
        'fields',
        'outcome',
        'reason',
        'requestId',
        'ip',
        'controllerId',
      ]);
      expect(rows.slice(1).map((r) => r[0])).toEqual([formula, tricky]);
      const row = rows[2];
      expect(row[3]).toBe('Nowak, Jan "JN"');
      expect(row[9]).toBe(`${clientA} ${clientB}`);
      expect(row[10]).toBe('email lastName');
      expect(row[12]).toBe('line one, "quoted"\r\nline two');
      expect(rows[1][12]).toBe(`'=HYPERLINK("x")`);

      const [recorded] = await t.db.query(
        `SELECT action, resource, fields, outcome, actor_role FROM audit_entry WHERE request_id = $1`,
        [res.headers['x-request-id']],
      );
      expect(recorded).toEqual({
        action: 'export',
        resource: 'access_log',
        fields: ['resource'],
        outcome: 'allowed',
        actor_role: 'manager',
      });
    });

    it('reads in batches: thousands of rows arrive complete, in order, once each', async () => {
      await t.db.query(
        `INSERT INTO audit_entry (at, actor_id, actor_role, action, resource, client_ids, outcome)
         SELECT timestamptz '2024-08-01T00:00:00Z' + g * interval '1 second', $1::uuid, 'broker', 'read', 'bulk_probe', ARRAY[$2::uuid], 'allowed'
           FROM generate_series(1, 2500) g`,
        [t.staff.broker.id, clientC],
      );
      await analyze(t, ['audit_entry']);
      const res = await t.http
        .get('/api/access-logs/export')
        .query({ resource: 'bulk_probe', clientId: clientC })
        .set(manager())
        .buffer(true)
        .parse((response, done) => {
          let text = '';
          response.setEncoding('utf8');
          response.on('data', (chunk: string) => (text += chunk));
          response.on('end', () => done(null, text));
        });
      expect(res.status).toBe(200);
      const rows = parseCsv(res.body as string).slice(1);
      expect(rows).toHaveLength(2500);
      const ids = rows.map((r) => BigInt(r[0]));
      for (let i = 1; i < ids.length; i++) expect(ids[i] < ids[i - 1]).toBe(true);
      expect(new Set(rows.map((r) => r[3]))).toEqual(new Set(['Bartosz Broker']));
    });

    it('refuses a format other than csv', async () => {
      expect(
        (await t.http.get('/api/access-logs/export').query({ format: 'xlsx' }).set(manager())).status,
      ).toBe(400);
    });
  });

  describe('integrity', () => {
    it('verifies the chain, detects a tampered entry by id, and the CLI agrees', async () => {
      const ok = await t.http.get('/api/access-logs/verify').set(manager());
      expect(ok.status).toBe(200);
      expect(ok.body).toMatchObject({ valid: true, firstInvalidId: null, unsealed: 0, alarm: false });
      expect(ok.body.checked).toBeGreaterThan(2500);

      const [victim] = await t.db.query(
        `SELECT e.id::text AS id, e.reason FROM audit_entry e JOIN audit_seal s ON s.entry_id = e.id
          WHERE e.resource = 'client' AND e.action = 'read' AND e.outcome = 'allowed' ORDER BY e.id LIMIT 1`,
      );
      const tamper = async (reason: string | null) => {
        const admin = new Client({ connectionString: t.databaseUrl });
        await admin.connect();
        try {
          await admin.query(`SET session_replication_role = replica`);
          await admin.query(`UPDATE audit_entry SET reason = $2 WHERE id = $1::bigint`, [victim.id, reason]);
        } finally {
          await admin.end();
        }
      };
      // The record refuses the change on an ordinary connection.
      await expect(
        t.db.query(`UPDATE audit_entry SET reason = 'x' WHERE id = $1::bigint`, [victim.id]),
      ).rejects.toThrow(/append-only|permission denied/);

      await tamper('covered up');
      try {
        const broken = await t.http.get('/api/access-logs/verify').set(manager());
        expect(broken.status).toBe(200);
        expect(broken.body).toMatchObject({ valid: false, firstInvalidId: victim.id });
        const cli = await auditVerify(t.config);
        expect(cli.exitCode).toBe(EXIT_BROKEN);
        expect(cli.result.firstInvalidId).toBe(victim.id);
        const [recorded] = await t.db.query(
          `SELECT resource, action, reason FROM audit_entry WHERE request_id = $1`,
          [broken.headers['x-request-id']],
        );
        expect(recorded).toEqual({
          resource: 'access_log_integrity',
          action: 'review',
          reason: 'CHAIN_BROKEN',
        });
      } finally {
        await tamper(victim.reason);
      }
      const restored = await t.http.get('/api/access-logs/verify').set(manager());
      expect(restored.body).toMatchObject({ valid: true, firstInvalidId: null });
      const cli = await auditVerify(t.config);
      expect(cli.exitCode).toBe(EXIT_INTACT);
      expect(cli.result.valid).toBe(true);
    });
  });

  describe('anomalies', () => {
    // A week in January 2025 (CET, UTC+1), filled with known patterns.
    const range = { from: '2025-01-13T00:00:00Z', to: '2025-01-20T00:00:00Z' };
    const ids: Record<string, string[]> = {};

    beforeAll(async () => {
      const broker = t.staff.broker.id;
      const dpo = t.staff.dpo.id;
      const accountant = t.staff.accountant.id;
      const marketing = t.staff.marketing.id;
      const clients = [
        clientA,
        clientB,
        clientC,
        '00000000-0000-4000-8000-000000000001',
        '00000000-0000-4000-8000-000000000002',
      ];
      // Tuesday 10:00-10:40 Warsaw: the broker reads five distinct clients within the hour (threshold 3).
      ids.many = [];
      for (let i = 0; i < 5; i++) {
        ids.many.push(
          await insertEntry({
            at: `2025-01-14T09:${String(i * 10).padStart(2, '0')}:00Z`,
            actorId: broker,
            role: 'broker',
            action: 'read',
            clientIds: [clients[i]],
          }),
        );
      }
      // The dpo reads three clients in an hour (not more than 3) and a fourth two hours later: nothing.
      for (const [i, at] of [
        '2025-01-14T09:00:00Z',
        '2025-01-14T09:20:00Z',
        '2025-01-14T09:40:00Z',
        '2025-01-14T11:30:00Z',
      ].entries()) {
        await insertEntry({ at, actorId: dpo, role: 'dpo', action: 'read', clientIds: [clients[i]] });
      }
      // Thursday 12:00 Warsaw: four refusals within five minutes for the accountant (more than 3 in 10 minutes).
      ids.burst = [];
      for (const at of [
        '2025-01-16T11:00:00Z',
        '2025-01-16T11:01:00Z',
        '2025-01-16T11:03:00Z',
        '2025-01-16T11:05:00Z',
      ]) {
        ids.burst.push(
          await insertEntry({
            at,
            actorId: accountant,
            role: 'accountant',
            action: 'read',
            outcome: 'denied',
            reason: 'NOT_FOUND',
          }),
        );
      }
      // ...and three refusals by marketing spread over an hour: nothing.
      for (const at of ['2025-01-16T12:00:00Z', '2025-01-16T12:20:00Z', '2025-01-16T12:40:00Z']) {
        await insertEntry({ at, actorId: marketing, role: 'marketing', action: 'read', outcome: 'denied' });
      }
      // Saturday 03:00 Warsaw and Wednesday 22:30 Warsaw: outside working hours; 18:59 Warsaw on a weekday is inside.
      ids.saturday = [
        await insertEntry({
          at: '2025-01-18T02:00:00Z',
          actorId: marketing,
          role: 'marketing',
          action: 'list',
          resource: 'campaign',
        }),
        await insertEntry({
          at: '2025-01-18T02:05:00Z',
          actorId: marketing,
          role: 'marketing',
          action: 'read',
          resource: 'campaign',
        }),
      ];
      ids.night = [
        await insertEntry({
          at: '2025-01-15T21:30:00Z',
          actorId: dpo,
          role: 'dpo',
          action: 'read',
          clientIds: [clientA],
        }),
      ];
      await insertEntry({
        at: '2025-01-15T17:59:00Z',
        actorId: dpo,
        role: 'dpo',
        action: 'read',
        clientIds: [clientB],
      });
      // Friday 13:00 Warsaw: an export.
      ids.export = [
        await insertEntry({
          at: '2025-01-17T12:00:00Z',
          actorId: broker,
          role: 'broker',
          action: 'export',
          resource: 'client',
          clientIds: [clientA, clientB],
        }),
      ];
      // Outside the range: ignored.
      await insertEntry({
        at: '2025-01-21T12:00:00Z',
        actorId: broker,
        role: 'broker',
        action: 'export',
        resource: 'client',
      });
    });

    it('finds each kind, with the entries behind each finding', async () => {
      const res = await t.http.get('/api/access-logs/anomalies').query(range).set(manager());
      expect(res.status).toBe(200);
      const report = res.body;
      expect(report.from).toBe(range.from);
      expect(report.settings).toEqual({
        distinctClientsPerHour: 3,
        workingHours: { timeZone: 'Europe/Warsaw', startHour: 7, endHour: 19, days: [1, 2, 3, 4, 5] },
        deniedBurst: { count: 3, minutes: 10 },
        maxEntryIds: 4,
      });
      expect(report.summary).toEqual({
        many_clients: 1,
        outside_hours: 2,
        denied_burst: 1,
        export: 1,
        break_glass: 0,
      });
      expect(report.truncated).toBe(false);
      const byKind = (kind: string) => report.findings.filter((f: { kind: string }) => f.kind === kind);

      const [many] = byKind('many_clients');
      expect(many).toMatchObject({
        actorId: t.staff.broker.id,
        actorName: 'Bartosz Broker',
        actorRole: 'broker',
        distinctClients: 5,
        entryCount: 5,
        entryIds: ids.many.slice(0, 4),
        from: '2025-01-14T09:00:00.000000Z',
        to: '2025-01-14T09:40:00.000000Z',
      });

      const [burst] = byKind('denied_burst');
      expect(burst).toMatchObject({
        actorId: t.staff.accountant.id,
        denied: 4,
        entryCount: 4,
        entryIds: ids.burst,
      });

      const outside = byKind('outside_hours');
      expect(
        outside.map((f: { actorId: string; day: string; entryIds: string[] }) => [
          f.actorId,
          f.day,
          f.entryIds,
        ]),
      ).toEqual([
        [t.staff.dpo.id, '2025-01-15', ids.night],
        [t.staff.marketing.id, '2025-01-18', ids.saturday],
      ]);

      const [exported] = byKind('export');
      expect(exported).toMatchObject({
        actorId: t.staff.broker.id,
        entryIds: ids.export,
        resource: 'client',
        outcome: 'allowed',
      });

      // Each finding's filter lists its entries through the query API.
      const listed = await list({ ...burst.filter });
      expect(listed.items.map((i) => i.id).reverse()).toEqual(ids.burst);
      const listedExport = await list({ ...exported.filter });
      expect(listedExport.items.map((i) => i.id)).toEqual(ids.export);
      const listedMany = await list({ ...many.filter });
      expect(listedMany.items.map((i) => i.id).reverse()).toEqual(ids.many);

      const [recorded] = await t.db.query(
        `SELECT action, resource, fields FROM audit_entry WHERE request_id = $1`,
        [res.headers['x-request-id']],
      );
      expect(recorded).toEqual({
        action: 'review',
        resource: 'access_log_anomalies',
        fields: ['from', 'to'],
      });
    });

    it('reports nothing where nothing happened, and refuses bad ranges', async () => {
      const quiet = await t.http
        .get('/api/access-logs/anomalies')
        .query({ from: '2023-01-01T00:00:00Z', to: '2023-01-02T00:00:00Z' })
        .set(manager());
      expect(quiet.status).toBe(200);
      expect(quiet.body.findings).toEqual([]);
      expect(
        (
          await t.http
            .get('/api/access-logs/anomalies')
            .query({ from: range.to, to: range.from })
            .set(manager())
        ).status,
      ).toBe(400);
      expect(
        (
          await t.http
            .get('/api/access-logs/anomalies')
            .query({ from: '2024-01-01', to: '2024-12-31' })
            .set(manager())
        ).status,
      ).toBe(400);
      const defaults = await t.http.get('/api/access-logs/anomalies').set(manager());
      expect(defaults.status).toBe(200);
      expect(Date.parse(defaults.body.to) - Date.parse(defaults.body.from)).toBe(24 * 3600 * 1000);
    });
  });

  describe('request log', () => {
    it('writes one line per request with exactly the policy fields, redacting query values', async () => {
      await t.http
        .get('/api/clients')
        .query({ email: 'jan.kowalski@example.com', limit: 5 })
        .set(t.as('broker', 'offer_preparation'));
      await t.http.get('/api/access-logs').query({ clientId: clientA, outcome: 'denied' }).set(manager());
      const clientsLine = t.requestLog.find((l) => l.request.startsWith('GET /api/clients?'));
      expect(clientsLine).toBeDefined();
      expect(clientsLine!.request).toBe('GET /api/clients?email=REDACTED&limit=5 HTTP/1.1');
      expect(Object.keys(clientsLine!).sort()).toEqual(
        ['bytes', 'error', 'host', 'ip', 'referrer', 'request', 'status', 'time', 'user', 'userAgent'].sort(),
      );
      expect(clientsLine!.user).toBe('broker@demo.local');
      const reviewLine = t.requestLog.find(
        (l) => l.request.startsWith('GET /api/access-logs?clientId=') && l.request.includes('outcome=denied'),
      );
      expect(reviewLine!.request).toBe('GET /api/access-logs?clientId=REDACTED&outcome=denied HTTP/1.1');
      expect(JSON.stringify(t.requestLog)).not.toMatch(/kowalski|example\.com|%40/i);
      expect(JSON.stringify(reviewLine)).not.toContain(clientA);
    });
  });
});

describe('request log file', () => {
  it('goes to a dated file with the e-mail in the URL redacted', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'consentry-reqlog-'));
    const { config, databaseUrl } = testConfig({
      REQUEST_LOG: join(dir, 'requests.log'),
      REQUEST_LOG_RETENTION_DAYS: '7',
    });
    await ensureDatabase(databaseUrl, process.env.CONSENTRY_TEST_TEMPLATE);
    const app = await createApp(config, { logger: false });
    try {
      await app.init();
      await app.getHttpAdapter().getInstance().ready();
      const res = await request(app.getHttpServer())
        .get('/health?email=anna.nowak%40example.com&lang=pl')
        .set('user-agent', 'probe/1.0');
      expect(res.status).toBe(200);
    } finally {
      await app.close();
      await dropDatabase(databaseUrl);
    }
    try {
      const files = readdirSync(dir);
      expect(files).toEqual([`requests-${new Date().toISOString().slice(0, 10)}.log`]);
      const lines = readFileSync(join(dir, files[0]), 'utf8')
        .trim()
        .split('\n')
        .map((l) => JSON.parse(l));
      const line = lines.find((l) => String(l.request).startsWith('GET /health'));
      expect(line).toMatchObject({
        request: 'GET /health?email=REDACTED&lang=pl HTTP/1.1',
        status: 200,
        userAgent: 'probe/1.0',
        user: null,
      });
      expect(readFileSync(join(dir, files[0]), 'utf8')).not.toMatch(/nowak|example\.com/i);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
