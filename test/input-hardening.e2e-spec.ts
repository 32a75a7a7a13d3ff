import { makeNip } from '@app/common/validation/nip';
import { makePesel } from '@app/common/validation/pesel';
import { clientBody, createClient } from './support/fixtures';
import { startTestApp, TestApp } from './support/test-app';

type Headers = Record<string, string>;
interface TextField {
  name: string;
  method: 'post' | 'patch';
  url: () => string;
  headers: () => Headers;
  body: (text: string) => Record<string, unknown>;
}

const cursorOf = (value: unknown) => Buffer.from(JSON.stringify(value), 'utf8').toString('base64url');

/**
 * Hostile input gets a 400 and changes nothing: NUL bytes and control or bidirectional-override
 * characters in free text, cursors that do not decode, deeply nested JSON, null for a required
 * value, identification numbers that cannot be real.
 */
describe('input that used to end in a 500 or be stored', () => {
  let t: TestApp;
  let clientId: string;
  let insurerId: string;
  let mandateId: string;
  let subjectId: string;
  let requestId: string;
  let quoteId: string;
  let contractId: string;
  let campaignId: string;
  let nipSerial = (process.pid % 1000) * 100_000 + 50_000;

  const broker = () => t.as('broker', 'offer_preparation');
  const performer = () => t.as('broker', 'contract_performance');
  const member = () => t.as('broker', 'insurer_mandate');
  const marketing = () => t.as('marketing', 'marketing');
  const admin = () => t.as('admin');
  const pln = (amount: number) => ({ amount, currency: 'PLN' });
  const today = () => new Date().toISOString().slice(0, 10);
  const inDays = (n: number) => new Date(Date.now() + n * 86_400_000).toISOString().slice(0, 10);

  async function createInsurer(name: string): Promise<string> {
    nipSerial += 17;
    const res = await t.http
      .post('/api/insurers')
      .set(admin())
      .send({ name, nip: makeNip(nipSerial), dsrContactEmail: 'iod@insurer.example' });
    expect(res.status).toBe(201);
    return res.body.id;
  }

  async function offerRequest(): Promise<string> {
    const res = await t.http
      .post('/api/offer-requests')
      .set(broker())
      .send({ clientId, lineOfBusiness: 'motor', needs: { requiredCoverages: ['oc'] } });
    expect(res.status).toBe(201);
    return res.body.id;
  }

  function quoteBody(overrides: Record<string, unknown> = {}) {
    return {
      insurerId,
      productName: 'Auto Komfort',
      premium: pln(150_000),
      sumInsured: pln(6_000_000),
      deductible: pln(50_000),
      coverages: [{ code: 'oc', limit: pln(529_000_000) }],
      validUntil: inDays(14),
      ...overrides,
    };
  }

  beforeAll(async () => {
    t = await startTestApp();
    clientId = (await createClient(t)).id;
    insurerId = await createInsurer('Hardening TU S.A.');
    const mandate = await t.http
      .post('/api/mandates')
      .set(admin())
      .send({
        insurerId,
        reference: 'UP/H/1',
        validFrom: inDays(-10),
        validTo: inDays(365),
        fields: ['firstName', 'lastName', 'email', 'address', 'dateOfBirth', 'pesel'],
        endAction: 'delete',
      });
    expect(mandate.status).toBe(201);
    mandateId = mandate.body.id;
    expect(
      (
        await t.http
          .post(`/api/mandates/${mandateId}/members`)
          .set(admin())
          .send({ staffId: t.staff.broker.id })
      ).status,
    ).toBe(201);
    const subject = await t.http
      .post(`/api/mandates/${mandateId}/subjects`)
      .set(member())
      .send({ firstName: 'Jan', lastName: 'Nowak' });
    expect(subject.status).toBe(201);
    subjectId = subject.body.id;
    requestId = await offerRequest();
    const quote = await t.http
      .post(`/api/offer-requests/${requestId}/quotes`)
      .set(broker())
      .send(quoteBody());
    expect(quote.status).toBe(201);
    quoteId = quote.body.id;
    const concluded = await t.http
      .post(`/api/offer-requests/${requestId}/conclude`)
      .set(performer())
      .send({
        quoteId,
        policyNumber: 'POL/H/1',
        startDate: today(),
        endDate: inDays(364),
        recommendation: 'Covers the needs.',
      });
    expect(concluded.status).toBe(201);
    contractId = concluded.body.id;
    const campaign = await t.http
      .post('/api/campaigns')
      .set(marketing())
      .send({ name: 'Spring', channel: 'email', subject: 'Hello', body: '<p>Hi</p>' });
    expect(campaign.status).toBe(201);
    campaignId = campaign.body.id;
  });
  afterAll(async () => {
    await t?.close();
  });

  const address = (street: string, city = 'Warszawa', postalCode = '00-950', country = 'PL') => ({
    street,
    postalCode,
    city,
    country,
  });

  /** Every free-text field a request body carries, each with a body that is valid but for it. */
  const textFields: TextField[] = [
    {
      name: 'client firstName',
      method: 'post',
      url: () => '/api/clients',
      headers: () => broker(),
      body: (s) => clientBody({ firstName: s }),
    },
    {
      name: 'client lastName',
      method: 'post',
      url: () => '/api/clients',
      headers: () => broker(),
      body: (s) => clientBody({ lastName: s }),
    },
    {
      name: 'client address.street',
      method: 'post',
      url: () => '/api/clients',
      headers: () => broker(),
      body: (s) => clientBody({ address: address(s) }),
    },
    {
      name: 'client address.city',
      method: 'post',
      url: () => '/api/clients',
      headers: () => broker(),
      body: (s) => clientBody({ address: address('ul. Lipowa 1', s) }),
    },
    {
      name: 'client address.postalCode abroad',
      method: 'post',
      url: () => '/api/clients',
      headers: () => broker(),
      body: (s) => clientBody({ address: address('Hauptstr. 1', 'Berlin', `10${s}15`, 'DE') }),
    },
    {
      name: 'client change lastName',
      method: 'patch',
      url: () => `/api/clients/${clientId}`,
      headers: () => broker(),
      body: (s) => ({ lastName: s }),
    },
    {
      name: 'consent source',
      method: 'post',
      url: () => `/api/clients/${clientId}/consents`,
      headers: () => broker(),
      body: (s) => ({ purpose: 'marketing', channel: 'email', source: s, noticeVersion: '2026-01' }),
    },
    {
      name: 'consent evidence',
      method: 'post',
      url: () => `/api/clients/${clientId}/consents`,
      headers: () => broker(),
      body: (s) => ({
        purpose: 'marketing',
        channel: 'email',
        source: 'paper_form',
        evidence: s,
        noticeVersion: '2026-01',
      }),
    },
    {
      name: 'consent noticeVersion',
      method: 'post',
      url: () => `/api/clients/${clientId}/consents`,
      headers: () => broker(),
      body: (s) => ({ purpose: 'marketing', channel: 'email', source: 'paper_form', noticeVersion: s }),
    },
    {
      name: 'consent withdrawal source',
      method: 'post',
      url: () => `/api/clients/${clientId}/consents/withdraw`,
      headers: () => broker(),
      body: (s) => ({ purpose: 'marketing', channel: 'email', source: s }),
    },
    {
      name: 'insurer name',
      method: 'post',
      url: () => '/api/insurers',
      headers: () => admin(),
      body: (s) => ({ name: s, nip: makeNip((nipSerial += 17)), dsrContactEmail: 'iod@x.example' }),
    },
    {
      name: 'staff fullName',
      method: 'post',
      url: () => '/api/staff',
      headers: () => admin(),
      body: (s) => ({
        email: `x${Date.now()}@staff.test`,
        password: 'long-enough-password',
        fullName: s,
        role: 'broker',
      }),
    },
    {
      name: 'mandate reference',
      method: 'post',
      url: () => '/api/mandates',
      headers: () => admin(),
      body: (s) => ({
        insurerId,
        reference: s,
        validFrom: inDays(-1),
        validTo: inDays(30),
        fields: ['firstName'],
        endAction: 'delete',
      }),
    },
    {
      name: 'mandate subject firstName',
      method: 'post',
      url: () => `/api/mandates/${mandateId}/subjects`,
      headers: () => member(),
      body: (s) => ({ firstName: s }),
    },
    {
      name: 'mandate subject address.street',
      method: 'post',
      url: () => `/api/mandates/${mandateId}/subjects`,
      headers: () => member(),
      body: (s) => ({ address: address(s) }),
    },
    {
      name: 'mandate contract productName',
      method: 'post',
      url: () => `/api/mandates/${mandateId}/subjects/${subjectId}/contracts`,
      headers: () => member(),
      body: (s) => ({ lineOfBusiness: 'motor', productName: s, startDate: today(), endDate: inDays(300) }),
    },
    {
      name: 'mandate contract policyNumber',
      method: 'post',
      url: () => `/api/mandates/${mandateId}/subjects/${subjectId}/contracts`,
      headers: () => member(),
      body: (s) => ({
        lineOfBusiness: 'motor',
        productName: 'OC',
        policyNumber: s,
        startDate: today(),
        endDate: inDays(300),
      }),
    },
    {
      name: 'needs notes',
      method: 'post',
      url: () => '/api/offer-requests',
      headers: () => broker(),
      body: (s) => ({ clientId, lineOfBusiness: 'motor', needs: { requiredCoverages: ['oc'], notes: s } }),
    },
    {
      name: 'quote productName',
      method: 'post',
      url: () => `/api/offer-requests/${requestId}/quotes`,
      headers: () => broker(),
      body: (s) => quoteBody({ productName: s }),
    },
    {
      name: 'quote declineReason',
      method: 'post',
      url: () => `/api/offer-requests/${requestId}/quotes`,
      headers: () => broker(),
      body: (s) => ({ insurerId, declined: true, declineReason: s }),
    },
    {
      name: 'contract recommendation',
      method: 'post',
      url: () => `/api/offer-requests/${requestId}/conclude`,
      headers: () => performer(),
      body: (s) => ({
        quoteId,
        policyNumber: 'POL/H/2',
        startDate: today(),
        endDate: inDays(300),
        recommendation: s,
      }),
    },
    {
      name: 'contract cancellation reason',
      method: 'post',
      url: () => `/api/contracts/${contractId}/cancel`,
      headers: () => performer(),
      body: (s) => ({ reason: s }),
    },
    {
      name: 'renewal needs notes',
      method: 'post',
      url: () => `/api/contracts/${contractId}/renewal`,
      headers: () => broker(),
      body: (s) => ({ needs: { requiredCoverages: ['oc'], notes: s } }),
    },
    {
      name: 'campaign name',
      method: 'post',
      url: () => '/api/campaigns',
      headers: () => marketing(),
      body: (s) => ({ name: s, channel: 'email', subject: 'Hello', body: '<p>Hi</p>' }),
    },
    {
      name: 'campaign subject',
      method: 'post',
      url: () => '/api/campaigns',
      headers: () => marketing(),
      body: (s) => ({ name: 'Spring', channel: 'email', subject: s, body: '<p>Hi</p>' }),
    },
    {
      name: 'campaign body',
      method: 'post',
      url: () => '/api/campaigns',
      headers: () => marketing(),
      body: (s) => ({ name: 'Spring', channel: 'email', subject: 'Hello', body: s }),
    },
    {
      name: 'legal hold reason',
      method: 'post',
      url: () => `/api/clients/${clientId}/legal-holds`,
      headers: () => t.as('dpo', 'claims'),
      body: (s) => ({ reason: s }),
    },
    {
      name: 'data-subject request notes',
      method: 'post',
      url: () => '/api/data-subject-requests',
      headers: () => t.as('dpo', 'data_subject_rights'),
      body: (s) => ({ clientId, type: 'access', notes: s }),
    },
    {
      name: 'login email',
      method: 'post',
      url: () => '/api/auth/login',
      headers: () => ({}),
      body: (s) => ({ email: s, password: 'whatever-password' }),
    },
  ];

  async function send(field: TextField, text: string) {
    return t.http[field.method](field.url()).set(field.headers()).send(field.body(text));
  }

  it.each(textFields.map((f) => [f.name, f] as const))(
    'refuses a NUL byte in %s with 400',
    async (_name, field) => {
      const res = await send(field, 'Ab\u0000c');
      expect({ status: res.status, code: res.body.code }).toEqual({
        status: 400,
        code: expect.not.stringMatching(/^INTERNAL$/),
      });
    },
  );

  it.each(textFields.filter((f) => f.name !== 'login email').map((f) => [f.name, f] as const))(
    'refuses control and bidirectional-override characters in %s with 400',
    async (_name, field) => {
      for (const text of ['Ab\u0007c', 'Ab\u009bc', 'Ab\u202Ec', 'Ab\u2066c', 'Ab\u001bc']) {
        const res = await send(field, text);
        expect({ text: JSON.stringify(text), status: res.status }).toEqual({
          text: JSON.stringify(text),
          status: 400,
        });
      }
    },
  );

  it('allows line breaks and tabs in multi-line text but not in a name', async () => {
    const notes = await t.http
      .post('/api/offer-requests')
      .set(broker())
      .send({
        clientId,
        lineOfBusiness: 'motor',
        needs: { requiredCoverages: ['oc'], notes: 'Line one\n\tLine two' },
      });
    expect(notes.status).toBe(201);
    const name = await t.http
      .post('/api/clients')
      .set(broker())
      .send(clientBody({ lastName: 'Nowak\nKowalski' }));
    expect(name.status).toBe(400);
    expect(name.body.fields).toEqual(['lastName']);
  });

  it('refuses NUL bytes in query filters with 400', async () => {
    expect((await t.http.get('/api/clients').query({ q: 'Ko\u0000w' }).set(broker())).status).toBe(400);
    expect((await t.http.get('/api/clients').query({ email: 'a\u0000@b.pl' }).set(broker())).status).toBe(
      400,
    );
  });

  const LIST_ENDPOINTS: Array<[string, () => string, () => Headers]> = [
    ['clients', () => '/api/clients', () => broker()],
    ['clients by last name', () => '/api/clients?sort=lastName', () => broker()],
    ['offer requests', () => '/api/offer-requests', () => broker()],
    ['contracts', () => '/api/contracts', () => performer()],
    ['renewals', () => '/api/contracts/renewals', () => broker()],
    ['insurers', () => '/api/insurers', () => admin()],
    ['staff', () => '/api/staff', () => admin()],
    ['mandates', () => '/api/mandates', () => admin()],
    ['mandate subjects', () => `/api/mandates/${mandateId}/subjects`, () => member()],
    ['campaign recipients', () => `/api/campaigns/${campaignId}/recipients`, () => marketing()],
    ['data-subject requests', () => '/api/data-subject-requests', () => t.as('dpo', 'data_subject_rights')],
    ['record of operations', () => '/api/access-logs', () => t.as('dpo', 'security_audit')],
  ];

  const CRAFTED_CURSORS: Array<[string, string]> = [
    ['not base64', '!!!not*base64'],
    ['base64 of no JSON', Buffer.from('{{{').toString('base64url')],
    ['a JSON object', cursorOf({ a: 1 })],
    ['wrong arity', cursorOf(['a', 'b', 'c'])],
    ['NUL bytes', cursorOf(['\u0000', '\u0000'])],
    ['NUL byte alone', cursorOf(['\u0000'])],
    ['nested values', cursorOf([[1, 2], { x: 1 }])],
    ['a word for a timestamp and id', cursorOf(['yesterday', 'not-a-uuid'])],
    [
      'a timestamp that is not a date',
      cursorOf(['2026-13-45T99:99:99.000000Z', '00000000-0000-4000-8000-000000000000']),
    ],
    ['a number for every value', cursorOf([123, 456])],
    ['a number for a sort key', cursorOf([123, '00000000-0000-4000-8000-000000000000'])],
    ['a huge number', cursorOf([1e308, 1e308])],
    ['padding', `${cursorOf(['a', 'b'])}==`],
  ];

  /** Lists sorted by a name or e-mail first: any text is a sort key there, even one that looks like a timestamp. */
  const TEXT_KEYED = new Set(['clients by last name', 'insurers']);

  it.each(LIST_ENDPOINTS)('answers crafted cursors on the %s list with 400', async (name, url, headers) => {
    const crafted = CRAFTED_CURSORS.filter(
      ([label]) => !(TEXT_KEYED.has(name) && label === 'a timestamp that is not a date'),
    );
    const answers: Array<[string, number]> = [];
    for (const [label, cursor] of crafted) {
      const res = await t.http.get(url()).query({ cursor }).set(headers());
      answers.push([label, res.status]);
    }
    expect(answers).toEqual(crafted.map(([label]) => [label, 400]));
  });

  it('still follows the cursors it hands out', async () => {
    for (const [name, url, headers] of LIST_ENDPOINTS) {
      const first = await t.http.get(url()).query({ limit: 1 }).set(headers());
      expect({ name, status: first.status }).toEqual({ name, status: 200 });
      if (first.body.nextCursor) {
        const next = await t.http
          .get(url())
          .query({ limit: 1, cursor: first.body.nextCursor })
          .set(headers());
        expect({ name, status: next.status }).toEqual({ name, status: 200 });
      }
    }
  });

  it('refuses a body nested 3,000 arrays deep with 400, before validation', async () => {
    const deep = `{"email":${'['.repeat(3000)}${']'.repeat(3000)},"password":"x"}`;
    const res = await t.http.post('/api/auth/login').set('content-type', 'application/json').send(deep);
    expect(res.status).toBe(400);
    expect(res.body.code).toBe('JSON_TOO_DEEP');
    const objects = `${'{"a":'.repeat(100)}1${'}'.repeat(100)}`;
    expect(
      (await t.http.post('/api/clients').set(broker()).set('content-type', 'application/json').send(objects))
        .status,
    ).toBe(400);
  });

  it('accepts a body of ordinary depth', async () => {
    const res = await t.http.post('/api/clients').set(broker()).send(clientBody());
    expect(res.status).toBe(201);
  });

  it('refuses null for a required name and leaves the client as it was', async () => {
    for (const field of ['firstName', 'lastName']) {
      const res = await t.http
        .patch(`/api/clients/${clientId}`)
        .set(broker())
        .send({ [field]: null });
      expect({ field, status: res.status }).toEqual({ field, status: 400 });
    }
    const nulls = await t.http.patch(`/api/clients/${clientId}`).set(broker()).send({ email: null });
    expect(nulls.status).toBe(200);
    const read = await t.http.get(`/api/clients/${clientId}`).set(broker());
    expect(read.body.firstName).toBe('Zofia');
  });

  it('refuses a date of birth in the future and a PESEL whose date lies in the future', async () => {
    const future = inDays(400);
    const futureBirth = await t.http
      .post('/api/clients')
      .set(broker())
      .send(clientBody({ dateOfBirth: future, pesel: undefined }));
    expect(futureBirth.status).toBe(400);
    expect(futureBirth.body.fields).toEqual(['dateOfBirth']);
    const futurePesel = await t.http
      .post('/api/clients')
      .set(broker())
      .send(clientBody({ dateOfBirth: undefined, pesel: makePesel(future, 123) }));
    expect(futurePesel.status).toBe(400);
    expect(futurePesel.body.fields).toEqual(['pesel']);
    const subject = await t.http
      .post(`/api/mandates/${mandateId}/subjects`)
      .set(member())
      .send({ dateOfBirth: future });
    expect(subject.status).toBe(400);
    const change = await t.http
      .patch(`/api/clients/${clientId}`)
      .set(broker())
      .send({ dateOfBirth: future, pesel: makePesel(future, 7) });
    expect(change.status).toBe(400);
    expect(
      (
        await t.http
          .post('/api/clients')
          .set(broker())
          .send(clientBody({ dateOfBirth: undefined, pesel: makePesel('1985-03-14', 12) }))
      ).status,
    ).toBe(201);
  });

  it('refuses the NIP 0000000000', async () => {
    const res = await t.http
      .post('/api/insurers')
      .set(admin())
      .send({ name: 'Zero S.A.', nip: '0000000000', dsrContactEmail: 'iod@zero.example' });
    expect(res.status).toBe(400);
    expect(res.body.fields).toEqual(['nip']);
  });
});
