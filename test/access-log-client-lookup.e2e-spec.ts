import { PURPOSES, ROLES, clientLookupFields, roleMayUse } from '@app/privacy';
import { auditEntriesOf, companyBody, createClient } from './support/fixtures';
import { startTestApp, TestApp } from './support/test-app';

const LOOKUP = '/api/access-logs/client-lookup';

/**
 * Finding a client's id from a name or a PESEL for a review of the record of operations: only the
 * roles and the purpose that review the record get ids (never a name or a PESEL back), everyone
 * else is refused, and every lookup, allowed or refused, is itself in the record without the value.
 */
describe('GET /api/access-logs/client-lookup', () => {
  let t: TestApp;
  let wisniewska: { id: string; body: Record<string, unknown> };
  let namesake: { id: string; body: Record<string, unknown> };
  let other: { id: string; body: Record<string, unknown> };
  let company: { id: string; body: Record<string, unknown> };

  beforeAll(async () => {
    t = await startTestApp();
    wisniewska = await createClient(t, { firstName: 'Anna', lastName: 'Wiśniewska' });
    namesake = await createClient(t, { firstName: 'Łucja', lastName: 'Wiśniewska-Nowak' });
    other = await createClient(t, { firstName: 'Jan', lastName: 'Kowalski' });
    const res = await t.http
      .post('/api/clients')
      .set(t.as('broker', 'offer_preparation'))
      .send(companyBody({ companyName: 'Wiśniewski Transport sp. z o.o.' }));
    expect(res.status).toBe(201);
    company = { id: res.body.id, body: {} };
  });
  afterAll(async () => {
    await t?.close();
  });

  const lookup = (q: string, headers: Record<string, string>) => t.http.get(LOOKUP).query({ q }).set(headers);

  it('gives the manager and the dpo ids by name, ignoring case and Polish diacritics, and nothing personal', async () => {
    for (const role of ['manager', 'dpo'] as const) {
      const res = await lookup('wisniewska', t.as(role, 'security_audit'));
      expect(res.status).toBe(200);
      expect(res.body.matchedBy).toBe('name');
      expect(res.body.truncated).toBe(false);
      // Newest first: the namesake was registered after Mrs Wiśniewska.
      expect(res.body.items.map((i: { id: string }) => i.id)).toEqual([namesake.id, wisniewska.id]);
      expect(Object.keys(res.body.items[0]).sort()).toEqual([
        'createdAt',
        'id',
        'kind',
        'restricted',
        'status',
      ]);
      expect(res.body.items[1]).toMatchObject({ kind: 'person', status: 'active', restricted: false });
      const text = JSON.stringify(res.body);
      for (const value of [
        wisniewska.body.firstName,
        wisniewska.body.email,
        wisniewska.body.pesel,
        'Wiśniewska',
      ])
        expect(text).not.toContain(String(value));
    }
    // Two words narrow it: both must start a name of the same client.
    const both = await lookup('Anna Wiśniewska', t.as('manager', 'security_audit'));
    expect(both.body.items.map((i: { id: string }) => i.id)).toEqual([wisniewska.id]);
    // A company is found by the start of its name.
    const firm = await lookup('Wiśniewski', t.as('manager', 'security_audit'));
    expect(firm.body.items.map((i: { id: string; kind: string }) => [i.id, i.kind])).toEqual([
      [company.id, 'company'],
    ]);
    const none = await lookup('Zzyzx', t.as('manager', 'security_audit'));
    expect(none.status).toBe(200);
    expect(none.body.items).toEqual([]);
  });

  it('gives the id by PESEL (exactly one client), and says when more matched than it lists', async () => {
    const res = await lookup(String(other.body.pesel), t.as('manager', 'security_audit'));
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      matchedBy: 'pesel',
      items: [expect.objectContaining({ id: other.id })],
      truncated: false,
    });
    const capped = await t.http
      .get(LOOKUP)
      .query({ q: 'Wiśniewsk', limit: 1 })
      .set(t.as('manager', 'security_audit'));
    expect(capped.status).toBe(200);
    expect(capped.body.items).toHaveLength(1);
    expect(capped.body.truncated).toBe(true);
  });

  it('records each lookup: the fields searched and the clients found, never the value', async () => {
    const res = await lookup('Wiśniewska', t.as('manager', 'security_audit'));
    const entries = await auditEntriesOf(t, res.headers['x-request-id']);
    expect(entries).toEqual([
      expect.objectContaining({
        actor_id: t.staff.manager.id,
        actor_role: 'manager',
        purpose: 'security_audit',
        action: 'lookup',
        resource: 'client',
        client_ids: [namesake.id, wisniewska.id],
        fields: ['companyName', 'firstName', 'lastName'],
        outcome: 'allowed',
      }),
    ]);
    const byPesel = await lookup(String(other.body.pesel), t.as('dpo', 'security_audit'));
    const [entry] = await auditEntriesOf(t, byPesel.headers['x-request-id']);
    expect(entry).toMatchObject({ action: 'lookup', client_ids: [other.id], fields: ['pesel'] });
    // The record holds no value that was searched for.
    const stored = await t.db.query(
      `SELECT count(*)::int AS n FROM audit_entry
        WHERE action = 'lookup' AND (row_to_json(audit_entry)::text ILIKE '%wi%niewsk%' OR row_to_json(audit_entry)::text LIKE $1)`,
      [`%${String(other.body.pesel)}%`],
    );
    expect(stored[0].n).toBe(0);
    // The lookup shows in the record as the manager reads it, by the client's id.
    await t.sealNow();
    const record = await t.http
      .get('/api/access-logs')
      .query({ clientId: other.id, action: 'lookup' })
      .set(t.as('manager', 'security_audit'));
    expect(record.status).toBe(200);
    // Newest first: the dpo's lookup here, then the manager's in the test before.
    expect(
      record.body.items.map(
        (i: { actorName: string; actorRole: string; clientIds: string[]; fields: string[] }) => [
          i.actorName,
          i.actorRole,
          i.clientIds,
          i.fields,
        ],
      ),
    ).toEqual([
      ['Iwona Inspektor', 'dpo', [other.id], ['pesel']],
      ['Maciej Manager', 'manager', [other.id], ['pesel']],
    ]);
  });

  it('refuses every other role and purpose, and records the refusal', async () => {
    const offered: string[] = [];
    for (const role of ROLES) {
      for (const purpose of PURPOSES) {
        const allowed = roleMayUse(role, purpose) && clientLookupFields(purpose).length > 0;
        const res = await lookup('Wiśniewska', t.as(role, purpose));
        if (allowed) {
          offered.push(`${role}/${purpose}`);
          expect([role, purpose, res.status]).toEqual([role, purpose, 200]);
          continue;
        }
        expect([role, purpose, res.status]).toEqual([role, purpose, 403]);
        expect(JSON.stringify(res.body)).not.toContain(wisniewska.id);
      }
    }
    // The registry names one purpose for lookups, and the roles that use it review the record.
    expect(offered.sort()).toEqual(['dpo/security_audit', 'manager/security_audit']);

    const broker = await lookup('Wiśniewska', t.as('broker', 'offer_preparation'));
    expect(broker.body.code).toBe('ROLE_NOT_ALLOWED');
    const [refusal] = await auditEntriesOf(t, broker.headers['x-request-id']);
    expect(refusal).toMatchObject({
      actor_id: t.staff.broker.id,
      action: 'lookup',
      resource: 'client',
      outcome: 'denied',
      reason: 'ROLE_NOT_ALLOWED',
      client_ids: [],
    });
    const dpoOtherPurpose = await lookup('Wiśniewska', t.as('dpo', 'data_subject_rights'));
    expect(dpoOtherPurpose.status).toBe(403);
    expect(dpoOtherPurpose.body.code).toBe('PURPOSE_NOT_ACCEPTED_HERE');
    const noPurpose = await lookup('Wiśniewska', t.as('manager'));
    expect(noPurpose.status).toBe(400);
    expect(noPurpose.body.code).toBe('PURPOSE_REQUIRED');
    expect((await t.http.get(LOOKUP).query({ q: 'Wiśniewska' })).status).toBe(401);
  });

  it('answers bad input with 400 and finds nothing', async () => {
    for (const q of [
      '',
      'a',
      '4405140135',
      '44051401358',
      '%',
      'W%',
      'Anna_',
      'x'.repeat(101),
      'Wiś\u0000niewska',
      '12ab',
    ]) {
      const res = await lookup(q, t.as('manager', 'security_audit'));
      expect([q, res.status]).toEqual([q, 400]);
      expect(res.body.items).toBeUndefined();
    }
    const noQuery = await t.http.get(LOOKUP).set(t.as('manager', 'security_audit'));
    expect(noQuery.status).toBe(400);
    const badLimit = await t.http
      .get(LOOKUP)
      .query({ q: 'Wiśniewska', limit: 51 })
      .set(t.as('manager', 'security_audit'));
    expect(badLimit.status).toBe(400);
  });
});

describe('GET /api/access-logs/actors', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(async () => {
    await t?.close();
  });

  it('names every member of staff for the reviewers, in Polish order, and records that it did', async () => {
    const res = await t.http.get('/api/access-logs/actors').set(t.as('manager', 'security_audit'));
    expect(res.status).toBe(200);
    const names = res.body.items.map((i: { fullName: string }) => i.fullName);
    expect(names).toEqual([...names].sort((a: string, b: string) => a.localeCompare(b, 'pl')));
    expect(res.body.items).toEqual(
      expect.arrayContaining([
        { id: t.staff.broker.id, fullName: 'Bartosz Broker', role: 'broker', active: true },
        { id: t.staff.accountant.id, fullName: 'Krystyna Księgowa', role: 'accountant', active: true },
      ]),
    );
    const [entry] = await auditEntriesOf(t, res.headers['x-request-id']);
    expect(entry).toMatchObject({
      action: 'list',
      resource: 'staff',
      outcome: 'allowed',
      purpose: 'security_audit',
    });
  });

  it('is refused to other roles and purposes', async () => {
    for (const [role, purpose] of [
      ['broker', 'offer_preparation'],
      ['admin', 'security_audit'],
      ['dpo', 'claims'],
      ['marketing', 'marketing'],
    ] as const) {
      const res = await t.http.get('/api/access-logs/actors').set(t.as(role, purpose));
      expect([role, purpose, res.status]).toEqual([role, purpose, 403]);
      expect(res.body.items).toBeUndefined();
    }
  });
});
