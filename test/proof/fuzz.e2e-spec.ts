import fc from 'fast-check';
import { makeNip } from '@app/common/validation/nip';
import { makePesel } from '@app/common/validation/pesel';
import { PURPOSES, ROLES, Role } from '@app/privacy';
import { DOCUMENT_STORE, DocumentStore } from '../../src/documents';
import { createClient, createCompanyAndHousehold, grantConsent } from '../support/fixtures';
import { SmtpSink, startSmtpSink } from '../support/smtp-sink';
import { startTestApp, TestApp } from '../support/test-app';

/**
 * Generated requests for every endpoint of the OpenAPI document: bodies shaped after each DTO's
 * schema with right and wrong values, random query strings, path ids (existing, unknown, garbage),
 * and headers with every role, purpose and broken tokens. The values include NUL bytes, control
 * and bidirectional-override characters in every string, null for required properties, birth
 * dates and PESELs from the future, the NIP 0000000000, crafted list cursors and JSON bodies nested
 * far too deep. No response may be a 500, and a refused request must leave the database exactly
 * as it was.
 */
const RUNS = Number(process.env.FUZZ_RUNS ?? 1000);

const FUTURE_DAY = new Date(Date.now() + 400 * 86_400_000).toISOString().slice(0, 10);

/** NUL, other C0 and C1 controls, bidirectional overrides and isolates, line breaks, inside and around text. */
const HOSTILE_CHARACTERS = [
  '\u0000',
  '\u0001',
  '\u0007',
  '\u001b',
  '\u007f',
  '\u0085',
  '\u009b',
  '\u202a',
  '\u202e',
  '\u2066',
  '\u2069',
  '\n',
  '\r\n',
  '\t',
];
const hostileTextArb = fc
  .tuple(fc.string({ maxLength: 12 }), fc.constantFrom(...HOSTILE_CHARACTERS), fc.string({ maxLength: 12 }))
  .map(([before, hostile, after]) => `${before}${hostile}${after}`);

/** Values that cannot be real: a birth date or PESEL from the future, the all-zero NIP. */
const IMPOSSIBLE_VALUES = [FUTURE_DAY, makePesel(FUTURE_DAY, 1234), '0000000000', '000-000-00-00'];

const base64url = (text: string) => Buffer.from(text, 'utf8').toString('base64url');
/** Cursors of every malformed kind: not base64url, not JSON, not an array, the wrong arity or kinds of values. */
const craftedCursorArb = fc.oneof(
  fc.constantFrom(
    '!!!',
    base64url('{{{'),
    base64url('{"a":1}'),
    base64url('["\u0000","\u0000"]'),
    base64url('["\u0000"]'),
    base64url('[[1,2],{"x":1}]'),
    base64url('["yesterday","not-a-uuid"]'),
    base64url('["2026-13-45T99:99:99.000000Z","00000000-0000-4000-8000-000000000000"]'),
    base64url('[1e308,1e308]'),
    base64url('[null,null]'),
    base64url('["a","b","c"]'),
    `${base64url('["a","b"]')}==`,
  ),
  fc.jsonValue({ maxDepth: 2 }).map((v) => base64url(JSON.stringify(v))),
  fc
    .array(fc.oneof(fc.string({ maxLength: 8 }), fc.integer(), fc.constant(null), hostileTextArb), {
      minLength: 1,
      maxLength: 3,
    })
    .map((v) => base64url(JSON.stringify(v))),
  fc.string({ maxLength: 40 }),
);

/** A JSON body nested far deeper than any request needs (the depth limit is 32). */
const deepJsonArb = fc
  .tuple(
    fc.integer({ min: 33, max: 3000 }),
    fc.constantFrom('[', '{"a":'),
    fc.constantFrom('email', 'firstName', 'reason', 'needs'),
  )
  .map(
    ([depth, open, field]) =>
      `{"${field}":${open.repeat(depth)}1${(open === '[' ? ']' : '}').repeat(depth)}}`,
  );

interface Operation {
  method: 'GET' | 'POST' | 'PATCH' | 'DELETE' | 'PUT';
  path: string;
  query: Array<{ name: string; schema: Schema }>;
  body: Schema | null;
  /** An upload's fields and file (multipart/form-data). */
  multipart: Schema | null;
}

interface Schema {
  type?: string;
  properties?: Record<string, Schema>;
  items?: Schema;
  enum?: unknown[];
  $ref?: string;
  allOf?: Schema[];
  oneOf?: Schema[];
  required?: string[];
  format?: string;
}

/**
 * Left out: sign-in and password change (each well-formed request runs argon2id, seconds apiece
 * here), and the routes that end sessions (sign-out, deactivation, role change, password reset),
 * which would end the fuzzer's own tokens. test/staff-lifecycle.e2e-spec.ts sends those malformed
 * input.
 */
const EXCLUDED = new Set([
  'POST /api/auth/login',
  'POST /api/auth/password',
  'POST /api/auth/logout',
  'PATCH /api/staff/:id',
  'POST /api/staff/:id/deactivate',
  'POST /api/staff/:id/password-reset',
]);

describe('fuzzing every endpoint', () => {
  let t: TestApp;
  // A campaign's test mail is sent while the request waits: a mail server must be there to take it.
  let sink: SmtpSink;
  let operations: Operation[];
  let ids: string[];
  let doc: {
    paths: Record<
      string,
      Record<
        string,
        {
          parameters?: Array<{ in: string; name: string; schema: Schema }>;
          requestBody?: { content: Record<string, { schema: Schema }> };
        }
      >
    >;
    components: { schemas: Record<string, Schema> };
  };

  beforeAll(async () => {
    sink = await startSmtpSink();
    t = await startTestApp({ SMTP_URL: sink.url });
    const clientIds: string[] = [];
    for (let i = 0; i < 3; i++) {
      const { id } = await createClient(t);
      await grantConsent(t, id, 'marketing', 'email');
      clientIds.push(id);
    }
    await seedBook(t, clientIds);
    await contractWithSchedule(t, clientIds[0]);
    await createCompanyAndHousehold(t, clientIds[1]);
    await serviceRecords(t, clientIds[0]);
    const document = await t.http
      .post('/api/documents')
      .set(t.as('broker', 'contract_performance'))
      .field('clientId', clientIds[0])
      .field('category', 'policy')
      .attach('file', PDF, { filename: 'polisa.pdf', contentType: 'application/pdf' });
    if (document.status !== 201) throw new Error(`fuzz seed: document ${document.status}`);
    const server = t.app.getHttpAdapter().getInstance();
    doc = (await server.inject({ method: 'GET', url: '/docs/openapi.json' })).json();
    operations = [];
    for (const [path, methods] of Object.entries(doc.paths)) {
      for (const [method, op] of Object.entries(methods)) {
        const key = `${method.toUpperCase()} ${path.replace(/\{(\w+)\}/g, ':$1')}`;
        if (!path.startsWith('/api/') || EXCLUDED.has(key)) continue;
        operations.push({
          method: method.toUpperCase() as Operation['method'],
          path,
          query: (op.parameters ?? [])
            .filter((p) => p.in === 'query')
            .map((p) => ({ name: p.name, schema: p.schema ?? {} })),
          body: op.requestBody?.content?.['application/json']?.schema ?? null,
          multipart: op.requestBody?.content?.['multipart/form-data']?.schema ?? null,
        });
      }
    }
    ids = await collectIds(t);
  });
  afterAll(async () => {
    await t?.close();
    await sink?.close();
  });

  it('has endpoints to fuzz', () => {
    expect(operations.length).toBeGreaterThan(10);
  });

  it('answers every generated request without a 500, and a refused one changes nothing', async () => {
    const server = t.app.getHttpAdapter().getInstance();
    const failures: string[] = [];
    let total = 0;
    for (const op of operations) {
      const arbitrary = requestArbitrary(op, ids, doc.components.schemas);
      let before = op.method === 'GET' ? null : await fingerprint(t);
      await fc.assert(
        fc.asyncProperty(arbitrary, async (req) => {
          total += 1;
          const res = await server.inject({
            method: op.method,
            url: req.url,
            headers: req.headers,
            payload: req.payload,
          });
          if (res.statusCode >= 500) {
            failures.push(
              `${op.method} ${req.url} ${JSON.stringify(String(req.payload).slice(0, 300))} -> ${res.statusCode} ${res.body.slice(0, 200)}`,
            );
            return;
          }
          if (op.method !== 'GET') {
            const after = await fingerprint(t);
            if (res.statusCode >= 400 && after !== before) {
              failures.push(
                `${op.method} ${req.url} refused with ${res.statusCode} but changed the database`,
              );
            }
            before = after;
          }
        }),
        { numRuns: RUNS, seed: 20261125, endOnFailure: true },
      );
      if (failures.length > 0) break;
    }
    expect(failures.slice(0, 5)).toEqual([]);
    expect(total).toBe(operations.length * RUNS);
    // A thousand cases for each of some 120 operations, each write followed by a fingerprint of the
    // database: about 12 minutes on two cores shared with the rest of the suite.
  }, 1_800_000);

  it('answers crafted cursors on every list endpoint without a 500, under every role and purpose', async () => {
    const server = t.app.getHttpAdapter().getInstance();
    const lists = operations.filter((op) => op.method === 'GET' && op.query.some((q) => q.name === 'cursor'));
    expect(lists.length).toBeGreaterThanOrEqual(11);
    const failures: string[] = [];
    for (const op of lists) {
      const arbitrary = fc.tuple(
        requestArbitrary({ ...op, query: [] }, ids, doc.components.schemas),
        craftedCursorArb,
        fc.constantFrom(...ROLES),
        fc.constantFrom(...PURPOSES),
      );
      await fc.assert(
        fc.asyncProperty(arbitrary, async ([req, cursor, role, purpose]) => {
          const url = `${req.url}${req.url.includes('?') ? '&' : '?'}cursor=${encodeURIComponent(cursor)}`;
          const res = await server.inject({ method: 'GET', url, headers: headersFor(role, purpose, false) });
          if (res.statusCode >= 500)
            failures.push(`GET ${url} as ${role}/${purpose} -> ${res.statusCode} ${res.body.slice(0, 200)}`);
        }),
        { numRuns: Math.max(50, Math.floor(RUNS / 4)), seed: 20261203, endOnFailure: true },
      );
    }
    expect(failures.slice(0, 5)).toEqual([]);
  }, 300_000);

  it('answers hostile sign-in bodies (deep nesting, control characters, nulls) with a 4xx', async () => {
    const server = t.app.getHttpAdapter().getInstance();
    const body = fc.oneof(
      deepJsonArb,
      fc
        .record({
          email: fc.oneof(hostileTextArb, fc.constant(null), fc.jsonValue()),
          password: fc.oneof(hostileTextArb, fc.string(), fc.constant(null)),
        })
        .map((b) => JSON.stringify(b)),
    );
    const statuses: number[] = [];
    await fc.assert(
      fc.asyncProperty(body, async (payload) => {
        const res = await server.inject({
          method: 'POST',
          url: '/api/auth/login',
          headers: { 'content-type': 'application/json' },
          payload,
        });
        statuses.push(res.statusCode);
      }),
      { numRuns: 200, seed: 20261203 },
    );
    expect(statuses.filter((s) => s < 400 || s >= 500)).toEqual([]);
  }, 120_000);
});

/**
 * An insurer, an open offer request with a quote, and a registered policy (a vehicle, insured
 * under another client) with an annex, so that their routes are reached past "not found".
 */
async function seedBook(t: TestApp, clientIds: string[]): Promise<void> {
  const pln = (amount: number) => ({ amount, currency: 'PLN' });
  const broker = t.as('broker', 'offer_preparation');
  const insurer = await t.http
    .post('/api/insurers')
    .set(t.as('admin'))
    .send({ name: 'Fuzz TU', nip: makeNip(919_000_000), dsrContactEmail: 'iod@fuzz.example' });
  const request = await t.http
    .post('/api/offer-requests')
    .set(broker)
    .send({ clientId: clientIds[0], lineOfBusiness: 'motor', needs: { requiredCoverages: ['oc'] } });
  const quote = await t.http
    .post(`/api/offer-requests/${request.body.id}/quotes`)
    .set(broker)
    .send({
      insurerId: insurer.body.id,
      productName: 'OC',
      premium: pln(90_000),
      sumInsured: pln(1_000_000),
      deductible: pln(0),
      coverages: [{ code: 'oc', limit: pln(529_000_000) }],
      validUntil: '2099-12-31',
      commissionRate: 0.1,
    });
  const contract = await t.http
    .post('/api/contracts')
    .set(t.as('broker', 'contract_performance'))
    .send({
      policyholderId: clientIds[0],
      insuredId: clientIds[1],
      insurerId: insurer.body.id,
      lineOfBusiness: 'motor',
      policyNumber: 'FUZZ/1',
      productName: 'OC',
      startDate: '2026-01-01',
      endDate: '2099-12-31',
      premium: pln(90_000),
      commissionRate: 0.1,
      source: 'transferred',
      insuredObject: {
        kind: 'vehicle',
        vin: '1M8GDM9AXKP042788',
        registrationNumber: 'BI12345',
        make: 'Fiat',
        model: 'Panda',
        year: 2015,
      },
    });
  const annex = await t.http
    .post(`/api/contracts/${contract.body.id}/annexes`)
    .set(t.as('broker', 'contract_performance'))
    .send({ effectiveDate: '2026-06-01', reason: 'Fuzz', changes: { premium: pln(95_000) } });
  for (const res of [insurer, request, quote, contract, annex])
    if (res.status !== 201) throw new Error(`fuzz seed: ${res.status} ${JSON.stringify(res.body)}`);
  // A commission agreement and a reconciled statement, so that their routes are reached past "not found".
  const agreement = await t.http
    .post('/api/commission-agreements')
    .set(t.as('admin'))
    .send({ insurerId: insurer.body.id, lineOfBusiness: 'motor', firstYearRate: 0.12, renewalRate: 0.08 });
  const statement = await t.http
    .post('/api/commission-statements')
    .set(t.as('accountant', 'legal_obligation'))
    .send({
      insurerId: insurer.body.id,
      format: 'csv',
      content: 'policyNumber;commission\nFUZZ/1;9,00\nFUZZ/9;1,00\n',
    });
  if (agreement.status !== 201 || statement.status !== 202)
    throw new Error(`fuzz seed: commissions ${agreement.status} ${statement.status}`);
}

function resolveSchema(schema: Schema, components: Record<string, Schema>): Schema {
  if (schema.$ref) return resolveSchema(components[schema.$ref.split('/').pop()!] ?? {}, components);
  if (schema.allOf?.length) return resolveSchema(schema.allOf[0], components);
  return schema;
}

function valueArbitrary(
  schema: Schema,
  components: Record<string, Schema>,
  depth = 0,
): fc.Arbitrary<unknown> {
  const s = resolveSchema(schema, components);
  // A union (the insured object: a vehicle, a property or a person): any of its shapes.
  if (s.oneOf?.length) return fc.oneof(...s.oneOf.map((one) => valueArbitrary(one, components, depth)));
  const wrong = fc.oneof(
    fc.constant(null),
    fc.integer(),
    fc.string(),
    fc.boolean(),
    fc.constant({}),
    fc.constant([]),
    fc.double(),
  );
  let right: fc.Arbitrary<unknown>;
  if (s.enum) right = fc.constantFrom(...s.enum);
  else if (s.type === 'object' && s.properties && depth < 3)
    right = objectArbitrary(s, components, depth + 1);
  else if (s.type === 'array')
    right = fc.array(s.items ? valueArbitrary(s.items, components, depth + 1) : fc.string(), {
      maxLength: 4,
    });
  else if (s.type === 'integer' || s.type === 'number')
    right = fc.oneof(
      fc.integer({ min: -5, max: 100000 }),
      fc.constant(0),
      fc.constant(Number.MAX_SAFE_INTEGER),
      fc.double({ noNaN: true }),
    );
  else if (s.type === 'boolean') right = fc.boolean();
  else
    right = fc.oneof(
      fc.string({ maxLength: 40 }),
      fc.uuid(),
      fc.constantFrom(
        '2026-12-31',
        '1999-02-29',
        '2027-01-01',
        'jan@example.com',
        '44051401359',
        '00-950',
        'PL',
        'motor',
        'vehicle',
        'property',
        'person',
        'transferred',
        '1M8GDM9AXKP042788',
        '1M8GDM9A1KP042788',
        'BI 12345',
        'email',
        'marketing',
        "'; DROP TABLE client; --",
        '\u0000',
        'a'.repeat(5000),
      ),
      fc
        .date({ min: new Date('1900-01-01'), max: new Date('2100-01-01'), noInvalidDate: true })
        .map((d) => d.toISOString().slice(0, 10)),
      hostileTextArb,
      fc.constantFrom(...IMPOSSIBLE_VALUES),
    );
  return fc.oneof({ weight: 4, arbitrary: right }, { weight: 1, arbitrary: wrong });
}

function objectArbitrary(
  schema: Schema,
  components: Record<string, Schema>,
  depth = 0,
): fc.Arbitrary<Record<string, unknown>> {
  const s = resolveSchema(schema, components);
  const props = Object.entries(s.properties ?? {});
  const record: Record<string, fc.Arbitrary<unknown>> = {};
  for (const [name, prop] of props) record[name] = valueArbitrary(prop, components, depth);
  const known = props.length ? fc.record(record, { requiredKeys: [] }) : fc.constant({});
  // Now and then null for a required property (clearing a required name, say).
  const nulled = s.required?.length
    ? fc.option(fc.constantFrom(...s.required), { freq: 3 })
    : fc.constant(null);
  return fc
    .tuple(
      known,
      fc.option(fc.dictionary(fc.string({ minLength: 1, maxLength: 12 }), fc.jsonValue(), { maxKeys: 2 }), {
        freq: 4,
      }),
      nulled,
    )
    .map(([k, extra, nullName]) => ({ ...k, ...(extra ?? {}), ...(nullName ? { [nullName]: null } : {}) }));
}

function requestArbitrary(op: Operation, ids: string[], components: Record<string, Schema>) {
  const idArb = fc.oneof(
    { weight: 3, arbitrary: fc.constantFrom(...ids) },
    { weight: 1, arbitrary: fc.uuid() },
    { weight: 1, arbitrary: fc.string({ maxLength: 20 }) },
  );
  const paramNames = [...op.path.matchAll(/\{(\w+)\}/g)].map((m) => m[1]);
  const pathArb = fc.tuple(...paramNames.map(() => idArb)).map((values) => {
    let p = op.path;
    paramNames.forEach((n, i) => (p = p.replace(`{${n}}`, encodeURIComponent(String(values[i])))));
    return p;
  });
  const queryArb = fc
    .tuple(
      fc.record(
        Object.fromEntries(
          op.query.map((q) => [
            q.name,
            q.name === 'cursor'
              ? fc.oneof(craftedCursorArb, valueArbitrary(q.schema, components))
              : valueArbitrary(q.schema, components),
          ]),
        ),
        { requiredKeys: [] },
      ),
      fc.option(
        fc.dictionary(fc.string({ minLength: 1, maxLength: 8 }), fc.string({ maxLength: 12 }), {
          maxKeys: 2,
        }),
        { freq: 5 },
      ),
    )
    .map(([known, extra]) => {
      const params = new URLSearchParams();
      for (const [k, v] of Object.entries({ ...known, ...(extra ?? {}) }))
        params.append(k, typeof v === 'string' ? v : JSON.stringify(v));
      const text = params.toString();
      return text ? `?${text}` : '';
    });
  const roleArb = fc.constantFrom<Role | 'none' | 'garbage'>(...ROLES, ...ROLES, 'none', 'garbage');
  const purposeArb = fc.oneof(
    { weight: 6, arbitrary: fc.constantFrom<string | null>(...PURPOSES) },
    { weight: 1, arbitrary: fc.constant(null) },
    { weight: 1, arbitrary: fc.string({ maxLength: 20 }) },
  );
  const bodyArb: fc.Arbitrary<string | Upload | undefined> = op.multipart
    ? fc.oneof(
        { weight: 8, arbitrary: multipartArbitrary(op.multipart, components, ids) },
        { weight: 1, arbitrary: fc.jsonValue().map((v) => JSON.stringify(v)) },
      )
    : op.body
      ? fc.oneof(
          { weight: 8, arbitrary: objectArbitrary(op.body, components).map((b) => JSON.stringify(b)) },
          { weight: 1, arbitrary: fc.jsonValue().map((v) => JSON.stringify(v)) },
          { weight: 1, arbitrary: fc.string({ maxLength: 50 }) },
          { weight: 1, arbitrary: deepJsonArb },
        )
      : fc.constant(undefined);
  return fc
    .tuple(pathArb, queryArb, roleArb, purposeArb, bodyArb)
    .map(([path, query, role, purpose, body]) => {
      const upload = typeof body === 'object' ? body : null;
      const headers = headersFor(role, purpose, body !== undefined);
      if (upload) headers['content-type'] = upload.contentType;
      return { url: `${path}${query}`, role, payload: upload ? upload.payload : body, headers };
    });
}

const PDF = Buffer.from('%PDF-1.4\n% fuzz\n%%EOF\n', 'latin1');
const PNG = Buffer.from('89504e470d0a1a0a0000000d49484452', 'hex');

interface Upload {
  payload: Buffer;
  contentType: string;
}

/**
 * Multipart uploads: the schema's fields (right and wrong values, now and then a real client id
 * and category), unknown fields, a file that is a PDF, a PNG, random bytes or empty, declared as
 * any type, named anything (control characters, paths), placed before, between or after the
 * fields, sometimes twice or missing; and now and then a broken boundary.
 */
function multipartArbitrary(
  schema: Schema,
  components: Record<string, Schema>,
  ids: string[],
): fc.Arbitrary<Upload> {
  const s = resolveSchema(schema, components);
  const text = (v: unknown) => (typeof v === 'string' ? v : JSON.stringify(v));
  const fieldArb = fc.oneof(
    ...Object.entries(s.properties ?? {})
      .filter(([name]) => name !== 'file')
      .map(([name, prop]) =>
        fc
          .oneof(
            valueArbitrary(prop, components),
            prop.format === 'uuid' ? fc.constantFrom(...ids) : fc.string(),
          )
          .map((v): [string, string] => [name, text(v)]),
      ),
    fc.tuple(fc.string({ minLength: 1, maxLength: 10 }), fc.string({ maxLength: 20 })),
  );
  const fileArb = fc.record({
    type: fc.constantFrom(
      'application/pdf',
      'image/png',
      'image/jpeg',
      'text/plain',
      'application/octet-stream',
      '',
    ),
    content: fc.oneof(
      fc.constant(PDF),
      fc.constant(PNG),
      fc.constant(Buffer.alloc(0)),
      fc.uint8Array({ maxLength: 300 }).map((a) => Buffer.from(a)),
    ),
    name: fc.oneof(fc.string({ maxLength: 30 }), hostileTextArb, fc.constant('../../etc/passwd')),
  });
  return fc
    .tuple(
      fc.array(fieldArb, { maxLength: 6 }),
      fc.array(fileArb, { maxLength: 2 }),
      fc.integer({ min: 0, max: 6 }),
      fc.boolean(),
      fc.option(fc.constantFrom(...ids), { freq: 2 }),
      fc.option(fc.constantFrom('policy', 'consent_form', 'claim', 'identity', 'other'), { freq: 2 }),
    )
    .map(([fields, files, at, brokenBoundary, clientId, category]) => {
      const boundary = 'fuzzboundary';
      const all: Array<[string, string]> = [
        ...(clientId ? ([['clientId', clientId]] as Array<[string, string]>) : []),
        ...(category ? ([['category', category]] as Array<[string, string]>) : []),
        ...fields,
      ];
      const parts: Buffer[] = all.map(([name, value]) =>
        Buffer.from(`--${boundary}\r\ncontent-disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`),
      );
      const fileParts = files.map((f) =>
        Buffer.concat([
          Buffer.from(
            `--${boundary}\r\ncontent-disposition: form-data; name="file"; filename="${f.name}"\r\ncontent-type: ${f.type}\r\n\r\n`,
          ),
          f.content,
          Buffer.from('\r\n'),
        ]),
      );
      parts.splice(Math.min(at, parts.length), 0, ...fileParts);
      const payload = Buffer.concat([
        ...parts,
        Buffer.from(brokenBoundary ? `--other--\r\n` : `--${boundary}--\r\n`),
      ]);
      return { payload, contentType: `multipart/form-data; boundary=${boundary}` };
    });
}

/** A claim on the client's contract, a task and an activity, so that their routes are reached past "not found". */
async function serviceRecords(t: TestApp, clientId: string): Promise<void> {
  const today = new Date().toISOString().slice(0, 10);
  const [{ id: contractId }] = await t.db.query(
    `SELECT id::text FROM contract WHERE client_id = $1 AND start_date <= $2::date ORDER BY created_at LIMIT 1`,
    [clientId, today],
  );
  const claim = await t.http
    .post('/api/claims')
    .set(t.as('broker', 'claims'))
    .send({ contractId, dateOfLoss: today, description: 'Fuzz szkoda' });
  const task = await t.http
    .post('/api/tasks')
    .set(t.as('broker', 'contract_performance'))
    .send({ clientId, contractId, title: 'Fuzz zadanie' });
  const activity = await t.http
    .post(`/api/clients/${clientId}/activities`)
    .set(t.as('broker', 'contract_performance'))
    .send({ kind: 'call', at: new Date().toISOString(), summary: 'Fuzz rozmowa' });
  for (const res of [claim, task, activity])
    if (res.status !== 201)
      throw new Error(`fuzz service records: ${res.status} ${JSON.stringify(res.body)}`);
}

/** A contract concluded 100 days ago with a quarterly schedule: ids of contracts and instalments to aim at. */
async function contractWithSchedule(t: TestApp, clientId: string): Promise<void> {
  const money = (amount: number) => ({ amount, currency: 'PLN' });
  const day = (offset: number) => new Date(Date.now() + offset * 86_400_000).toISOString().slice(0, 10);
  const insurer = await t.http
    .post('/api/insurers')
    .set(t.as('admin'))
    .send({ name: 'Fuzz TU', nip: makeNip(814_000_000), dsrContactEmail: 'iod@fuzz-tu.pl' });
  const request = await t.http
    .post('/api/offer-requests')
    .set(t.as('broker', 'offer_preparation'))
    .send({ clientId, lineOfBusiness: 'motor', needs: { requiredCoverages: ['oc'] } });
  const quote = await t.http
    .post(`/api/offer-requests/${request.body.id}/quotes`)
    .set(t.as('broker', 'offer_preparation'))
    .send({
      insurerId: insurer.body.id,
      productName: 'OC',
      premium: money(90_000),
      sumInsured: money(1_000_000),
      deductible: money(0),
      coverages: [{ code: 'oc', limit: money(529_000_000) }],
      validUntil: day(14),
      commissionRate: 0.1,
    });
  const contract = await t.http
    .post(`/api/offer-requests/${request.body.id}/conclude`)
    .set(t.as('broker', 'contract_performance'))
    .send({
      quoteId: quote.body.id,
      policyNumber: 'FUZZ/1',
      startDate: day(-100),
      endDate: day(264),
      recommendation: 'Jedyna oferta.',
    });
  const schedule = await t.http
    .post(`/api/contracts/${contract.body.id}/instalments`)
    .set(t.as('broker', 'contract_performance'))
    .send({ count: 4 });
  if (schedule.status !== 201)
    throw new Error(`schedule ${schedule.status} ${JSON.stringify(schedule.body)}`);
}

let tokens: Record<string, string> = {};
function headersFor(
  role: Role | 'none' | 'garbage',
  purpose: string | null,
  hasBody: boolean,
): Record<string, string> {
  const headers: Record<string, string> = {};
  if (role === 'garbage') headers.authorization = 'Bearer not.a.token';
  else if (role !== 'none') headers.authorization = `Bearer ${tokens[role]}`;
  if (purpose !== null) headers['x-purpose'] = purpose;
  if (hasBody) headers['content-type'] = 'application/json';
  return headers;
}

async function collectIds(t: TestApp): Promise<string[]> {
  tokens = Object.fromEntries(Object.entries(t.staff).map(([role, s]) => [role, s.token]));
  const tables: Array<{ table_name: string }> = await t.db.query(
    `SELECT c.table_name FROM information_schema.columns c
      WHERE c.table_schema = 'public' AND c.column_name = 'id' AND c.data_type = 'uuid'`,
  );
  const ids: string[] = [];
  for (const { table_name } of tables) {
    const rows = await t.db.query(`SELECT id::text FROM "${table_name}" LIMIT 5`).catch(() => []);
    ids.push(...rows.map((r: { id: string }) => r.id));
  }
  return ids.length ? ids : ['00000000-0000-4000-8000-000000000000'];
}

/**
 * A cheap digest of every application table: its row count and the newest row version (xmin).
 * Any insert or update writes a new row version and any delete changes the count. The record of
 * operations grows by design and is left out.
 */
let fingerprintSql: string | null = null;
async function fingerprint(t: TestApp): Promise<string> {
  if (!fingerprintSql) {
    const tables: Array<{ table_name: string }> = await t.db.query(
      `SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' AND table_type = 'BASE TABLE'
         AND table_name NOT IN ('audit_entry', 'audit_seal', 'audit_sealer_state', 'schema_migrations')`,
    );
    fingerprintSql = tables
      .map(
        ({ table_name }) =>
          `SELECT '${table_name}' AS t, count(*)::text || ':' || coalesce(max(x.xmin::text::bigint), 0)::text AS h FROM "${table_name}" x`,
      )
      .join(' UNION ALL ');
  }
  const rows: Array<{ t: string; h: string }> = await t.db.query(fingerprintSql);
  // The document store too: a refused upload leaves no file behind.
  const files = await t.app.get<DocumentStore>(DOCUMENT_STORE).list();
  return [...rows.map((r) => `${r.t}:${r.h}`), `files:${files.join(',')}`].sort().join('|');
}
