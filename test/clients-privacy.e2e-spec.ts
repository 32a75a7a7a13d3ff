import type { Role } from '@app/privacy';
import { auditEntriesOf, clientBody, createClient, grantConsent } from './support/fixtures';
import { startTestApp, TestApp } from './support/test-app';

/**
 * API.md's tables, written out by hand (not derived from the registry), checked over HTTP for each
 * demo role and purpose: allowed fields present, all others absent; writes and filters refused.
 */
const ALWAYS = ['createdAt', 'id', 'kind', 'restricted', 'status', 'teamId'];
const ALL = ['address', 'dateOfBirth', 'email', 'firstName', 'lastName', 'pesel', 'phone'];
const NAMES = ['firstName', 'lastName'];

// Client A has consents marketing:email, renewal_reminders:email, client_contact:phone.
const READ_OF_A: Array<[Role, string, string[] | null]> = [
  ['broker', 'offer_preparation', ALL],
  ['broker', 'contract_performance', ALL],
  ['broker', 'claims', ALL],
  ['broker', 'client_contact', [...NAMES, 'phone']],
  ['broker', 'insurer_mandate', null],
  ['marketing', 'marketing', [...NAMES, 'email']],
  ['marketing', 'renewal_reminders', [...NAMES, 'email']],
  ['accountant', 'legal_obligation', [...NAMES, 'address']],
  ['dpo', 'data_subject_rights', ALL],
  ['dpo', 'claims', ALL],
  ['dpo', 'security_audit', null],
  ['manager', 'security_audit', null],
];

const FORBIDDEN_PURPOSES: Array<[Role, string]> = [
  ['broker', 'marketing'],
  ['broker', 'legal_obligation'],
  ['marketing', 'offer_preparation'],
  ['marketing', 'client_contact'],
  ['accountant', 'claims'],
  ['manager', 'data_subject_rights'],
  ['admin', 'offer_preparation'],
  ['admin', 'security_audit'],
  ['dpo', 'marketing'],
];

describe('clients under the privacy registry', () => {
  let t: TestApp;
  let a: { id: string; body: Record<string, unknown> };
  let b: { id: string; body: Record<string, unknown> };
  let restricted: { id: string; body: Record<string, unknown> };

  beforeAll(async () => {
    t = await startTestApp();
    a = await createClient(t);
    b = await createClient(t);
    restricted = await createClient(t);
    await grantConsent(t, a.id, 'marketing', 'email');
    await grantConsent(t, a.id, 'renewal_reminders', 'email');
    await grantConsent(t, a.id, 'client_contact', 'phone');
    await grantConsent(t, restricted.id, 'marketing', 'email');
    await t.db.query(`UPDATE client SET restricted = true WHERE id = $1`, [restricted.id]);
  });
  afterAll(async () => {
    await t?.close();
  });

  describe('reading one client', () => {
    it.each(READ_OF_A)('%s under %s gets exactly the permitted fields', async (role, purpose, fields) => {
      const res = await t.http.get(`/api/clients/${a.id}`).set(t.as(role, purpose));
      if (fields === null) {
        expect(res.status).toBe(404);
        return;
      }
      expect(res.status).toBe(200);
      expect(Object.keys(res.body).sort()).toEqual([...ALWAYS, ...fields].sort());
      for (const f of fields)
        expect(res.body[f]).toEqual(a.body[f] === undefined ? expect.anything() : expectStored(a.body, f));
    });

    it.each(FORBIDDEN_PURPOSES)('%s may not act under %s: 403, recorded as denied', async (role, purpose) => {
      const res = await t.http.get(`/api/clients/${a.id}`).set(t.as(role, purpose));
      expect(res.status).toBe(403);
      expect(res.body.code).toBe('PURPOSE_NOT_ALLOWED');
      const [entry] = await auditEntriesOf(t, res.headers['x-request-id']);
      expect(entry).toMatchObject({
        outcome: 'denied',
        action: 'read',
        resource: 'client',
        purpose,
        actor_role: role,
      });
    });

    it('without a purpose: 400, and with an unknown purpose: 400; both recorded', async () => {
      const missing = await t.http.get(`/api/clients/${a.id}`).set(t.as('broker'));
      expect(missing.status).toBe(400);
      expect(missing.body.code).toBe('PURPOSE_REQUIRED');
      const unknown = await t.http.get(`/api/clients/${a.id}`).set(t.as('broker', 'curiosity'));
      expect(unknown.status).toBe(400);
      expect(unknown.body.code).toBe('PURPOSE_UNKNOWN');
      for (const res of [missing, unknown]) {
        const entries = await auditEntriesOf(t, res.headers['x-request-id']);
        expect(entries).toHaveLength(1);
        expect(entries[0].outcome).toBe('denied');
      }
    });

    it('without a token: 401', async () => {
      const res = await t.http.get(`/api/clients/${a.id}`).set('x-purpose', 'offer_preparation');
      expect(res.status).toBe(401);
      const bad = await t.http
        .get(`/api/clients/${a.id}`)
        .set({ authorization: 'Bearer nope', 'x-purpose': 'claims' });
      expect(bad.status).toBe(401);
    });

    it('a client without the consent is invisible to consent-gated purposes', async () => {
      for (const [role, purpose] of [
        ['marketing', 'marketing'],
        ['marketing', 'renewal_reminders'],
        ['broker', 'client_contact'],
      ] as const) {
        const res = await t.http.get(`/api/clients/${b.id}`).set(t.as(role, purpose));
        expect(res.status).toBe(404);
      }
      const broker = await t.http.get(`/api/clients/${b.id}`).set(t.as('broker', 'offer_preparation'));
      expect(broker.status).toBe(200);
    });

    it('a restricted client is visible only under claims, legal_obligation and data_subject_rights', async () => {
      const visible: Array<[Role, string]> = [
        ['broker', 'claims'],
        ['accountant', 'legal_obligation'],
        ['dpo', 'data_subject_rights'],
      ];
      const hidden: Array<[Role, string]> = [
        ['broker', 'offer_preparation'],
        ['broker', 'contract_performance'],
        ['marketing', 'marketing'],
      ];
      for (const [role, purpose] of visible) {
        const res = await t.http.get(`/api/clients/${restricted.id}`).set(t.as(role, purpose));
        expect([purpose, res.status, res.body.restricted]).toEqual([purpose, 200, true]);
      }
      for (const [role, purpose] of hidden) {
        const res = await t.http.get(`/api/clients/${restricted.id}`).set(t.as(role, purpose));
        expect([purpose, res.status]).toEqual([purpose, 404]);
      }
    });
  });

  describe('consent makes a client appear, withdrawal makes it disappear', () => {
    it('appears with only the consented channel the moment consent is granted, and vanishes on withdrawal', async () => {
      const c = await createClient(t);
      const mk = t.as('marketing', 'marketing');
      expect((await t.http.get(`/api/clients/${c.id}`).set(mk)).status).toBe(404);
      expect(await listIds(t, mk)).not.toContain(c.id);

      await grantConsent(t, c.id, 'marketing', 'phone');
      const phoneOnly = await t.http.get(`/api/clients/${c.id}`).set(mk);
      expect(phoneOnly.status).toBe(200);
      expect(Object.keys(phoneOnly.body).sort()).toEqual([...ALWAYS, ...NAMES, 'phone'].sort());
      expect(phoneOnly.body.email).toBeUndefined();
      expect(await listIds(t, mk)).toContain(c.id);

      await grantConsent(t, c.id, 'marketing', 'post');
      const withPost = await t.http.get(`/api/clients/${c.id}`).set(mk);
      expect(Object.keys(withPost.body).sort()).toEqual([...ALWAYS, ...NAMES, 'address', 'phone'].sort());

      for (const channel of ['phone', 'post']) {
        const w = await t.http
          .post(`/api/clients/${c.id}/consents/withdraw`)
          .set(mk)
          .send({ purpose: 'marketing', channel, source: 'phone_call' });
        expect(w.status).toBe(200);
        expect(w.body.withdrawn).toBe(true);
      }
      expect((await t.http.get(`/api/clients/${c.id}`).set(mk)).status).toBe(404);
      expect(await listIds(t, mk)).not.toContain(c.id);

      const state = await t.http
        .get(`/api/clients/${c.id}/consents`)
        .set(t.as('broker', 'offer_preparation'));
      expect(state.status).toBe(200);
      expect(state.body.active).toHaveLength(0);
      expect(state.body.history.map((h: { event: string }) => h.event).sort()).toEqual([
        'granted',
        'granted',
        'withdrawn',
        'withdrawn',
      ]);
    });

    it('marketing may not record a consent; a granted consent cannot be granted twice', async () => {
      const mk = await t.http
        .post(`/api/clients/${a.id}/consents`)
        .set(t.as('marketing', 'marketing'))
        .send({ purpose: 'marketing', channel: 'phone', source: 'x', noticeVersion: '1' });
      expect(mk.status).toBe(403);
      const twice = await t.http
        .post(`/api/clients/${a.id}/consents`)
        .set(t.as('broker', 'offer_preparation'))
        .send({ purpose: 'marketing', channel: 'email', source: 'x', noticeVersion: '1' });
      expect(twice.status).toBe(409);
    });
  });

  describe('lists', () => {
    it('marketing lists only clients with an active marketing consent, each projected', async () => {
      const res = await t.http.get('/api/clients?limit=500').set(t.as('marketing', 'marketing'));
      expect(res.status).toBe(200);
      const ids = res.body.items.map((i: { id: string }) => i.id);
      expect(ids).toContain(a.id);
      expect(ids).not.toContain(b.id);
      expect(ids).not.toContain(restricted.id);
      for (const item of res.body.items) {
        expect(item.pesel).toBeUndefined();
        expect(item.dateOfBirth).toBeUndefined();
      }
    });

    it('security_audit lists nothing personal', async () => {
      const res = await t.http.get('/api/clients').set(t.as('manager', 'security_audit'));
      expect(res.status).toBe(200);
      expect(res.body.items).toEqual([]);
    });

    it('pages with a keyset cursor without repeating or skipping', async () => {
      for (let i = 0; i < 5; i++) await createClient(t);
      const seen: string[] = [];
      let cursor: string | null = null;
      do {
        const res: { body: { items: Array<{ id: string }>; nextCursor: string | null }; status: number } =
          await t.http
            .get(`/api/clients?limit=2${cursor ? `&cursor=${cursor}` : ''}`)
            .set(t.as('broker', 'offer_preparation'));
        expect(res.status).toBe(200);
        seen.push(...res.body.items.map((i) => i.id));
        cursor = res.body.nextCursor;
      } while (cursor);
      const [{ count }] = await t.db.query(
        `SELECT count(*)::int AS count FROM client WHERE restricted = false`,
      );
      expect(seen).toHaveLength(count);
      expect(new Set(seen).size).toBe(count);
      const sorted = await t.http
        .get('/api/clients?limit=500&sort=lastName')
        .set(t.as('broker', 'offer_preparation'));
      const names = sorted.body.items.map((i: { lastName: string }) => i.lastName.toLowerCase());
      expect(names).toEqual([...names].sort());
    });

    it.each([
      ['broker', 'offer_preparation', `email=${encodeURIComponent('x@example.com')}`, 200],
      ['broker', 'offer_preparation', 'pesel=PESEL', 200],
      ['marketing', 'marketing', `email=${encodeURIComponent('x@example.com')}`, 200],
      ['marketing', 'marketing', 'pesel=PESEL', 403],
      ['marketing', 'marketing', 'q=Zof', 200],
      ['accountant', 'legal_obligation', `email=${encodeURIComponent('x@example.com')}`, 403],
      ['accountant', 'legal_obligation', 'q=Zof', 200],
      ['accountant', 'legal_obligation', 'pesel=PESEL', 403],
      ['manager', 'security_audit', 'q=Zof', 403],
      ['manager', 'security_audit', 'sort=lastName', 403],
    ] as Array<[Role, string, string, number]>)(
      '%s under %s filtering by %s → %s',
      async (role, purpose, query, status) => {
        const res = await t.http
          .get(`/api/clients?${query.replace('PESEL', String(a.body.pesel))}`)
          .set(t.as(role, purpose));
        expect(res.status).toBe(status);
        if (status === 403) expect(res.body.fields.length).toBeGreaterThan(0);
      },
    );

    it('finds a client by PESEL through the blind index, and by e-mail only where that field is visible', async () => {
      const byPesel = await t.http.get(`/api/clients?pesel=${a.body.pesel}`).set(t.as('broker', 'claims'));
      expect(byPesel.body.items.map((i: { id: string }) => i.id)).toEqual([a.id]);
      const bEmail = encodeURIComponent(String(b.body.email));
      const brokerFinds = await t.http
        .get(`/api/clients?email=${bEmail}`)
        .set(t.as('broker', 'offer_preparation'));
      expect(brokerFinds.body.items).toHaveLength(1);
      // b has no marketing consent: marketing's e-mail filter must not reveal that the address exists.
      const marketingFinds = await t.http
        .get(`/api/clients?email=${bEmail}`)
        .set(t.as('marketing', 'marketing'));
      expect(marketingFinds.status).toBe(200);
      expect(marketingFinds.body.items).toHaveLength(0);
      const [{ pesel_cipher }] = await t.db.query(`SELECT pesel_cipher FROM client WHERE id = $1`, [a.id]);
      expect(pesel_cipher).not.toContain(String(a.body.pesel));
    });
  });

  describe('writes', () => {
    it.each([
      ['broker', 'offer_preparation', 200],
      ['broker', 'contract_performance', 200],
      ['dpo', 'data_subject_rights', 200],
      ['broker', 'claims', 403],
      ['accountant', 'legal_obligation', 403],
      ['marketing', 'marketing', 403],
      ['broker', 'client_contact', 403],
    ] as Array<[Role, string, number]>)('%s under %s PATCHing a name → %s', async (role, purpose, status) => {
      const res = await t.http
        .patch(`/api/clients/${a.id}`)
        .set(t.as(role, purpose))
        .send({ firstName: 'Zuzanna' });
      expect(res.status).toBe(status);
      if (status === 403) expect(res.body.fields).toEqual(['firstName']);
      if (status === 200) expect(res.body.firstName).toBe('Zuzanna');
    });

    it('refuses a write touching any forbidden field whole, naming the fields, and changes nothing', async () => {
      const before = await t.db.query(`SELECT * FROM client WHERE id = $1`, [a.id]);
      const res = await t.http
        .patch(`/api/clients/${a.id}`)
        .set(t.as('marketing', 'marketing'))
        .send({ email: 'new@example.com', phone: '600700800' });
      expect(res.status).toBe(403);
      expect(res.body.fields.sort()).toEqual(['email', 'phone']);
      expect(await t.db.query(`SELECT * FROM client WHERE id = $1`, [a.id])).toEqual(before);
      const [entry] = await auditEntriesOf(t, res.headers['x-request-id']);
      expect(entry).toMatchObject({ outcome: 'denied', action: 'update', fields: ['email', 'phone'] });
    });

    it('a PATCH on a client the purpose cannot see is 404, not 403', async () => {
      const res = await t.http
        .patch(`/api/clients/${b.id}`)
        .set(t.as('marketing', 'marketing'))
        .send({ email: 'x@example.com' });
      expect(res.status).toBe(404);
    });

    it('rectifies PESEL only when it agrees with the date of birth', async () => {
      const c = await createClient(t);
      const wrong = await t.http
        .patch(`/api/clients/${c.id}`)
        .set(t.as('dpo', 'data_subject_rights'))
        .send({ dateOfBirth: '1999-12-31' });
      expect(wrong.status).toBe(400);
      expect(wrong.body.code).toBe('PESEL_BIRTH_DATE_MISMATCH');
      const cleared = await t.http
        .patch(`/api/clients/${c.id}`)
        .set(t.as('dpo', 'data_subject_rights'))
        .send({ pesel: null, dateOfBirth: '1999-12-31' });
      expect(cleared.status).toBe(200);
      expect(cleared.body.pesel).toBeNull();
    });
  });

  describe('bad input gets a 4xx with the reason and stores nothing', () => {
    const broker = () => t.as('broker', 'offer_preparation');
    const cases: Array<[string, () => Record<string, unknown> | string, number, string]> = [
      [
        'invalid PESEL check digit',
        () => clientBody({ pesel: '85031412345', dateOfBirth: undefined }),
        400,
        'pesel',
      ],
      ['PESEL of another birth date', () => clientBody({ dateOfBirth: '2001-01-01' }), 400, 'pesel'],
      ['unknown property', () => clientBody({ nickname: 'Zosia' }), 400, 'nickname'],
      ['wrong type', () => clientBody({ firstName: 42 }), 400, 'firstName'],
      ['bad e-mail', () => clientBody({ email: 'not-an-email' }), 400, 'email'],
      ['bad phone', () => clientBody({ phone: '12' }), 400, 'phone'],
      [
        'bad Polish postal code',
        () => clientBody({ address: { street: 'a', postalCode: '00950', city: 'W', country: 'PL' } }),
        400,
        'address.postalCode',
      ],
      [
        'impossible date',
        () => clientBody({ dateOfBirth: '1990-02-30', pesel: undefined }),
        400,
        'dateOfBirth',
      ],
      ['missing last name', () => clientBody({ lastName: undefined }), 400, 'lastName'],
      ['malformed JSON', () => '{"firstName": ', 400, ''],
    ];
    it.each(cases)('%s', async (_name, makeBody, status, field) => {
      const [{ count: before }] = await t.db.query(`SELECT count(*)::int AS count FROM client`);
      const body = makeBody();
      const req = t.http.post('/api/clients').set(broker());
      const res =
        typeof body === 'string'
          ? await req.set('content-type', 'application/json').send(body)
          : await req.send(body);
      expect(res.status).toBe(status);
      expect(typeof res.body.message).toBe('string');
      if (field) expect(res.body.fields).toContain(field);
      const [{ count: after }] = await t.db.query(`SELECT count(*)::int AS count FROM client`);
      expect(after).toBe(before);
    });

    it('a non-UUID id, an out-of-range limit and a forged cursor are 400', async () => {
      expect((await t.http.get('/api/clients/not-a-uuid').set(broker())).status).toBe(400);
      expect((await t.http.get('/api/clients?limit=501').set(broker())).status).toBe(400);
      expect((await t.http.get('/api/clients?limit=abc').set(broker())).status).toBe(400);
      expect((await t.http.get('/api/clients?cursor=%%%').set(broker())).status).toBe(400);
      expect((await t.http.get('/api/clients?sort=pesel').set(broker())).status).toBe(400);
    });

    it('a duplicate PESEL is a conflict', async () => {
      const res = await t.http
        .post('/api/clients')
        .set(broker())
        .send(clientBody({ pesel: a.body.pesel, dateOfBirth: a.body.dateOfBirth }));
      expect(res.status).toBe(409);
    });
  });
});

function expectStored(body: Record<string, unknown>, field: string): unknown {
  if (field === 'phone') return `+48${String(body.phone)}`;
  if (field === 'firstName' || field === 'lastName') return expect.any(String);
  return body[field];
}

async function listIds(t: TestApp, headers: Record<string, string>): Promise<string[]> {
  const res = await t.http.get('/api/clients?limit=500').set(headers);
  expect(res.status).toBe(200);
  return res.body.items.map((i: { id: string }) => i.id);
}
