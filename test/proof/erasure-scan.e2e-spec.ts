import { BrokerClock } from '@app/common/clock/broker-clock';
import { randomInt } from 'node:crypto';
import { FieldCipher } from '@app/common/crypto/field-cipher';
import { makeNip } from '@app/common/validation/nip';
import { makePesel } from '@app/common/validation/pesel';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DOCUMENT_STORE, LocalDirectoryStore } from '../../src/documents';
import { CampaignDelivery } from '../../src/mailings';
import { CapturingLogger, pgDump, redisDump } from '../support/dump';
import { startTestApp, TestApp } from '../support/test-app';

/**
 * How a person's data came about. Every kind but `current_contract` and `held` can be erased at
 * once: prospects and consent-only clients have no legal duty, and a contract that ended years ago
 * is past both its 6 years (contract_performance) and the 5 years after the end of its calendar
 * year (legal_obligation, accounting).
 */
type Kind = 'consent_only' | 'prospect' | 'old_contract' | 'current_contract' | 'held';

interface Person {
  index: number;
  kind: Kind;
  firstName: string;
  lastName: string;
  email: string;
  phone: string;
  pesel: string;
  dateOfBirth: string;
  street: string;
  clientId: string;
  requestId: string;
  contractIds: string[];
}

/** The values that identify a person; none may survive erasure anywhere. */
const SEARCHED = ['email', 'phone', 'pesel', 'lastName', 'street'] as const;

const ERASED = 100;
const pln = (amount: number) => ({ amount, currency: 'PLN' });

function kindOf(index: number): Kind {
  if (index >= ERASED) return index === ERASED + 3 ? 'held' : 'current_contract';
  if (index % 5 === 0) return 'old_contract';
  if (index % 5 === 1) return 'prospect';
  return 'consent_only';
}

/** Runs `fn` over the items with at most `limit` at a time. */
async function eachLimited<T>(items: T[], limit: number, fn: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(limit, items.length) }, async () => {
      while (next < items.length) await fn(items[next++]);
    }),
  );
}

function expectStatus(res: { status: number; body: unknown }, status: number, what: string): void {
  if (res.status !== status) throw new Error(`${what}: ${res.status} ${JSON.stringify(res.body)}`);
}

type Needle = { who: number; key: string; value: string };

/** The needles that occur in the haystack, as `person:key`: `[]` when none does. */
function occurrences(haystack: string, needles: Needle[]): string[] {
  return [
    ...new Set(needles.filter((n) => haystack.includes(n.value)).map(({ who, key }) => `${who}:${key}`)),
  ];
}

/** Each needle also as a URL would carry it (percent-encoded, or with `+` for spaces), the form request lines log. */
function withUrlForms(needles: Needle[]): Needle[] {
  return needles.flatMap((n) => {
    const encoded = encodeURIComponent(n.value);
    const forms = new Set([n.value, encoded, encoded.replace(/%20/g, '+')]);
    return [...forms].map((value) => ({ ...n, value }));
  });
}

/**
 * Issue 8, part 6: the erasure scan over 100 persons erased at once. Each person is created and
 * used over HTTP the way the broker's staff would (consents with evidence, offer requests whose
 * notes hold the phone, quotes declined for reasons that name them, contracts, released legal
 * holds, reads and searches under several purposes, failing requests carrying their values,
 * queued campaign mail, access requests); then the dpo files, verifies and executes an erasure
 * request for each. Afterwards the whole database (pg_dump), every Redis key and value of the
 * deployment and all log output hold none of the 100 persons' e-mails, phones, PESELs (plain,
 * encrypted or as blind index), last names or streets, while contracts still add up and the
 * record of operations still verifies.
 *
 * Four more persons have a legal duty that blocks erasure (a running contract, an active legal
 * hold): their erasure is refused on those grounds, as designed, so their values stay; they are the control
 * that the scan over the very same dump still finds what is there, and a sweep past their duties
 * then finishes their erasure too.
 */
describe('erasure scan over 100 persons erased at once', () => {
  let t: TestApp;
  const logLines: string[] = [];
  const people: Person[] = [];
  const erased = () => people.filter((p) => p.index < ERASED);
  const blocked = () => people.filter((p) => p.index >= ERASED);
  let accountingBefore: { totals: unknown; perClient: unknown };
  let holdOfHeld = '';
  let needles: Needle[] = [];

  const broker = () => t.as('broker', 'offer_preparation');
  const performer = () => t.as('broker', 'contract_performance');
  const dpo = () => t.as('dpo', 'data_subject_rights');

  async function accounting() {
    const [totals] = await t.db.query(
      `SELECT count(*)::int AS contracts, sum(premium)::text AS premiums, sum(commission)::text AS commissions,
              sum(sum_insured)::text AS insured
         FROM contract`,
    );
    const perClient = await t.db.query(
      `SELECT client_id, count(*)::int AS contracts, sum(premium)::text AS premiums, sum(commission)::text AS commissions
         FROM contract GROUP BY client_id ORDER BY client_id`,
    );
    return { totals, perClient };
  }

  /** Every searched value of every person, plus the two forms the database holds PESEL in (read while held). */
  async function readNeedles(): Promise<Needle[]> {
    const cipher = t.app.get(FieldCipher);
    const rows: Array<{ id: string; pesel_cipher: string }> = await t.db.query(
      `SELECT id, pesel_cipher FROM client WHERE id = ANY($1::uuid[])`,
      [people.map((p) => p.clientId)],
    );
    const ciphers = new Map(rows.map((r) => [r.id, r.pesel_cipher]));
    return people.flatMap((p) => [
      ...SEARCHED.map((key) => ({ who: p.index, key, value: p[key] })),
      { who: p.index, key: 'peselIndex', value: cipher.blindIndex('pesel', p.pesel) },
      { who: p.index, key: 'peselCipher', value: ciphers.get(p.clientId)! },
    ]);
  }
  const needlesOf = (persons: Person[]) => {
    const who = new Set(persons.map((p) => p.index));
    return needles.filter((n) => who.has(n.who));
  };

  async function stores() {
    const dump = await pgDump(t.databaseUrl);
    const redis = await redisDump(t.config.REDIS_URL, t.config.REDIS_PREFIX);
    const redisText = redis.map((k) => `${k.key} ${k.value}`).join('\n');
    const logs = [...t.requestLog.map((l) => JSON.stringify(l)), ...logLines].join('\n');
    // The document store: every file's key and content.
    const store = t.app.get<LocalDirectoryStore>(DOCUMENT_STORE);
    const files = await store.list();
    const filesText = files
      .map((key) => `${key} ${readFileSync(join(store.root, key), 'latin1')}`)
      .join('\n');
    return { dump, redis, redisText, logs, files, filesText };
  }

  beforeAll(async () => {
    t = await startTestApp({ DATABASE_POOL_SIZE: '10' });
    t.app.useLogger(new CapturingLogger(logLines));

    const tag = randomInt(1000, 10_000);
    for (let index = 0; index < ERASED + 4; index++) {
      const n = String(index).padStart(3, '0');
      const dateOfBirth = `19${50 + (index % 50)}-${String((index % 12) + 1).padStart(2, '0')}-${String((index % 28) + 1).padStart(2, '0')}`;
      people.push({
        index,
        kind: kindOf(index),
        firstName: 'Ewa',
        lastName: `Wymazywalska${tag}n${n}`,
        email: `ewa.${tag}.n${n}@wymazana.example`,
        phone: `51${tag}${n}`,
        pesel: makePesel(dateOfBirth, (tag * 7 + index) % 10_000),
        dateOfBirth,
        street: `ul. Zapomniana ${tag}-${n}`,
        clientId: '',
        requestId: '',
        contractIds: [],
      });
    }
    // The controls' values must not contain an erased person's value, or finding them would look
    // like a trace.
    for (const control of blocked())
      for (const p of erased())
        for (const key of SEARCHED)
          expect({ key, clash: control[key].includes(p[key]) }).toEqual({ key, clash: false });

    const insurers: string[] = [];
    for (const [name, nip] of [
      ['Alfa TU S.A.', 526_100_001],
      ['Beta TUiR S.A.', 526_100_002],
    ] as const) {
      const res = await t.http
        .post('/api/insurers')
        .set(t.as('admin'))
        .send({
          name,
          nip: makeNip(nip),
          dsrContactEmail: `iod@${name.split(' ')[0].toLowerCase()}.example`,
        });
      expectStatus(res, 201, 'insurer');
      insurers.push(res.body.id);
    }
    const [{ valid_until: validUntil, today, next_year: nextYear }] = await t.db.query(
      `SELECT to_char(${t.app.get(BrokerClock).todaySql} + 14, 'YYYY-MM-DD') AS valid_until, to_char(${t.app.get(BrokerClock).todaySql}, 'YYYY-MM-DD') AS today,
              to_char(${t.app.get(BrokerClock).todaySql} + 365, 'YYYY-MM-DD') AS next_year`,
    );

    await eachLimited(people, 8, async (p) => {
      const created = await t.http
        .post('/api/clients')
        .set(broker())
        .send({
          firstName: p.firstName,
          lastName: p.lastName,
          email: p.email,
          phone: p.phone,
          dateOfBirth: p.dateOfBirth,
          pesel: p.pesel,
          address: { street: p.street, postalCode: '15-001', city: 'Białystok', country: 'PL' },
        });
      expectStatus(created, 201, `client ${p.index}`);
      p.clientId = created.body.id;

      const consents: Array<[string, string]> =
        p.kind === 'prospect'
          ? []
          : [
              ['marketing', 'email'],
              ['client_contact', 'phone'],
              ...(p.index % 2 === 0 ? ([['renewal_reminders', 'email']] as Array<[string, string]>) : []),
            ];
      for (const [purpose, channel] of consents) {
        const res = await t.http
          .post(`/api/clients/${p.clientId}/consents`)
          .set(broker())
          .send({
            purpose,
            channel,
            source: 'paper_form',
            evidence: `form signed by ${p.firstName} ${p.lastName}, ${p.street}, ${p.email}`,
            noticeVersion: '2026-01',
          });
        expectStatus(res, 201, `consent ${p.index}`);
      }

      const request = await t.http
        .post('/api/offer-requests')
        .set(broker())
        .send({
          clientId: p.clientId,
          lineOfBusiness: 'motor',
          needs: {
            requiredCoverages: ['oc'],
            notes: `call ${p.lastName} on ${p.phone} (+48${p.phone}) or ${p.email}`,
          },
        });
      expectStatus(request, 201, `offer request ${p.index}`);

      if (p.kind === 'old_contract' || p.kind === 'current_contract') {
        const declined = await t.http
          .post(`/api/offer-requests/${request.body.id}/quotes`)
          .set(broker())
          .send({
            insurerId: insurers[1],
            declined: true,
            declineReason: `${p.lastName} of ${p.street}: claims history`,
          });
        expectStatus(declined, 201, `declined quote ${p.index}`);
        const quote = await t.http
          .post(`/api/offer-requests/${request.body.id}/quotes`)
          .set(broker())
          .send({
            insurerId: insurers[0],
            productName: 'Auto Komfort',
            premium: pln(100_000 + p.index * 137),
            sumInsured: pln(5_000_000),
            deductible: pln(50_000),
            coverages: [{ code: 'oc', limit: pln(529_000_000) }],
            validUntil,
            commissionRate: 0.1,
          });
        expectStatus(quote, 201, `quote ${p.index}`);
        // A policy recorded from the broker's files: it ended in 2013-2016, so its contract (6 years
        // after the end) and accounting (5 years after the end of that year) duties are over.
        const year = 2012 + (p.index % 4);
        const [startDate, endDate] =
          p.kind === 'old_contract' ? [`${year}-03-01`, `${year + 1}-02-28`] : [today, nextYear];
        const contract = await t.http
          .post(`/api/offer-requests/${request.body.id}/conclude`)
          .set(performer())
          .send({
            quoteId: quote.body.id,
            policyNumber: `PL/${p.index}/${p.email.length}`,
            startDate,
            endDate,
            recommendation: `${p.firstName} ${p.lastName}, ${p.street}, tel. ${p.phone}: cheapest meeting the needs`,
          });
        expectStatus(contract, 201, `contract ${p.index}`);
        p.contractIds.push(contract.body.id);
      }

      // A claim on the contract, the broker's tasks and the client's timeline, each naming the person.
      if (p.contractIds.length > 0) {
        const [{ start }] = await t.db.query(
          `SELECT to_char(start_date, 'YYYY-MM-DD') AS start FROM contract WHERE id = $1`,
          [p.contractIds[0]],
        );
        const claim = await t.http
          .post('/api/claims')
          .set(t.as('broker', 'claims'))
          .send({
            contractId: p.contractIds[0],
            dateOfLoss: start,
            insurerClaimNumber: `SZ/${p.phone}`,
            description: `${p.firstName} ${p.lastName} (${p.street}) zgłasza szkodę, tel. ${p.phone}`,
          });
        expectStatus(claim, 201, `claim ${p.index}`);
        expectStatus(
          await t.http
            .patch(`/api/claims/${claim.body.id}`)
            .set(t.as('broker', 'claims'))
            .send({ status: 'in_assessment', note: `Oględziny u ${p.lastName}, ${p.street}` }),
          200,
          `claim note ${p.index}`,
        );
      }
      expectStatus(
        await t.http
          .post('/api/tasks')
          .set(broker())
          .send({
            clientId: p.clientId,
            title: `Oddzwonić: ${p.lastName}, ${p.phone}`,
            description: p.email,
          }),
        201,
        `task ${p.index}`,
      );
      expectStatus(
        await t.http
          .post(`/api/clients/${p.clientId}/activities`)
          .set(p.kind === 'prospect' ? broker() : t.as('broker', 'client_contact'))
          .send({
            kind: 'call',
            at: new Date().toISOString(),
            summary: `Rozmowa z ${p.lastName} (${p.email})`,
          }),
        201,
        `activity ${p.index}`,
      );

      // Reads and searches under several purposes, each recorded by field name only.
      const reads: Array<Record<string, string>> = [
        broker(),
        performer(),
        t.as('broker', 'claims'),
        t.as('accountant', 'legal_obligation'),
        t.as('dpo', 'claims'),
        ...(p.kind === 'prospect' ? [] : [t.as('broker', 'client_contact'), t.as('marketing', 'marketing')]),
      ];
      for (const headers of reads)
        expectStatus(await t.http.get(`/api/clients/${p.clientId}`).set(headers), 200, `read ${p.index}`);
      for (const query of [
        `email=${encodeURIComponent(p.email)}`,
        `q=${encodeURIComponent(p.lastName)}`,
        `pesel=${p.pesel}`,
      ]) {
        const found = await t.http
          .get(`/api/clients?${query}`)
          .set({ ...broker(), referer: `https://crm.example/clients?${query}` });
        expectStatus(found, 200, `search ${p.index}`);
        expect(found.body.items.map((c: { id: string }) => c.id)).toEqual([p.clientId]);
      }
      expectStatus(
        await t.http.get(`/api/clients/${p.clientId}/consents`).set(broker()),
        200,
        `consents ${p.index}`,
      );
      // A signed consent form, scanned: its name and content name the person.
      const form = await t.http
        .post('/api/documents')
        .set(broker())
        .field('clientId', p.clientId)
        .field('category', 'consent_form')
        .attach(
          'file',
          Buffer.from(
            `%PDF-1.4\n% ${p.firstName} ${p.lastName}, ${p.street}, ${p.email}, tel. ${p.phone}\n%%EOF\n`,
            'latin1',
          ),
          { filename: `zgoda ${p.lastName} ${p.pesel}.pdf`, contentType: 'application/pdf' },
        );
      expectStatus(form, 201, `document ${p.index}`);
      expectStatus(
        await t.http.get(`/api/documents/${form.body.id}/content`).set(broker()),
        200,
        `document download ${p.index}`,
      );
      if (p.contractIds.length > 0)
        expectStatus(
          await t.http.get(`/api/contracts/${p.contractIds[0]}`).set(performer()),
          200,
          `contract read ${p.index}`,
        );

      // Requests that fail while carrying the person's values: logged with their error, never the values.
      if (p.index % 10 === 5) {
        const twice = await t.http.post('/api/clients').set(broker()).send({
          firstName: 'Ewa',
          lastName: p.lastName,
          email: p.email,
          dateOfBirth: p.dateOfBirth,
          pesel: p.pesel,
        });
        expect(twice.status).toBe(409);
        const forbidden = await t.http
          .patch(`/api/clients/${p.clientId}`)
          .set(t.as('broker', 'claims'))
          .send({ phone: p.phone });
        expect(forbidden.status).toBe(403);
        const filter = await t.http
          .get(`/api/clients?pesel=${p.pesel}`)
          .set(t.as('accountant', 'legal_obligation'));
        expect(filter.status).toBe(403);
        const invalid = await t.http
          .post('/api/clients')
          .set(broker())
          .send({ firstName: 'Ewa', lastName: p.lastName, email: `${p.street}` });
        expect(invalid.status).toBe(400);
      }

      // A claim that needed the data for a while; released, so it no longer keeps it (the control keeps its hold).
      if (p.index % 10 === 3 || p.kind === 'held') {
        const hold = await t.http
          .post(`/api/clients/${p.clientId}/legal-holds`)
          .set(t.as('dpo', 'claims'))
          .send({ reason: `Claim by ${p.lastName} (${p.email}, ${p.phone})` });
        expectStatus(hold, 201, `hold ${p.index}`);
        if (p.kind === 'held') holdOfHeld = hold.body.id;
        else
          expectStatus(
            await t.http
              .delete(`/api/clients/${p.clientId}/legal-holds/${hold.body.id}`)
              .set(t.as('dpo', 'claims')),
            200,
            `release ${p.index}`,
          );
      }

      // An earlier access request, answered with the report: its notes name the person too.
      if (p.index % 10 === 7) {
        const access = await t.http
          .post('/api/data-subject-requests')
          .set(dpo())
          .send({ clientId: p.clientId, type: 'access', notes: `letter from ${p.lastName}, ${p.street}` });
        expectStatus(access, 201, `access request ${p.index}`);
        expectStatus(
          await t.http
            .post(`/api/data-subject-requests/${access.body.id}/verify-identity`)
            .set(dpo())
            .send({ method: 'id_document_in_person', notes: `ID card of ${p.lastName}, PESEL ${p.pesel}` }),
          200,
          `access verify ${p.index}`,
        );
        expectStatus(
          await t.http.get(`/api/data-subject-requests/${access.body.id}/report`).set(dpo()),
          200,
          `report ${p.index}`,
        );
      }
    });

    // A campaign launched while no worker runs: the fan-out runs in-process and its send jobs wait in Redis.
    const marketing = t.as('marketing', 'marketing');
    const campaign = await t.http.post('/api/campaigns').set(marketing).send({
      name: 'Wiosna',
      channel: 'email',
      subject: 'Hello {{firstName}}',
      body: '<p>Dear {{firstName}} {{lastName}}</p>',
    });
    expectStatus(campaign, 201, 'campaign');
    expectStatus(
      await t.http.post(`/api/campaigns/${campaign.body.id}/launch`).set(marketing),
      202,
      'launch',
    );
    const fanned = await t.app.get(CampaignDelivery).fanOut(campaign.body.id);
    expect(fanned?.enqueued).toBe(people.filter((p) => p.kind !== 'prospect').length);

    // The erasure requests: received with notes, identity verified (the notes name the person).
    await eachLimited(people, 8, async (p) => {
      const dsr = await t.http
        .post('/api/data-subject-requests')
        .set(dpo())
        .send({ clientId: p.clientId, type: 'erasure', notes: `e-mail from ${p.email}, phone ${p.phone}` });
      expectStatus(dsr, 201, `erasure request ${p.index}`);
      p.requestId = dsr.body.id;
      expectStatus(
        await t.http
          .post(`/api/data-subject-requests/${p.requestId}/verify-identity`)
          .set(dpo())
          .send({
            method: 'id_document_in_person',
            notes: `ID card shown by ${p.lastName}, PESEL ${p.pesel}, ${p.street}`,
          }),
        200,
        `verify ${p.index}`,
      );
    });
    accountingBefore = await accounting();
    needles = await readNeedles();
  });

  afterAll(async () => {
    await t?.close();
  });

  it('finds every value while it is held, so the scan can fail', async () => {
    const { dump, redis, redisText, logs, files, filesText } = await stores();
    // Every person's consent form is in the document store under their client id, naming them.
    expect(
      people.filter((p) => !files.some((k) => k.startsWith(`${p.clientId}/`))).map((p) => p.index),
    ).toEqual([]);
    expect(
      people
        .filter((p) => !filesText.includes(p.email) || !filesText.includes(p.lastName))
        .map((p) => p.index),
    ).toEqual([]);
    expect(needles).toHaveLength(people.length * 7);
    expect(needles.every((n) => typeof n.value === 'string' && n.value.length >= 9)).toBe(true);
    // The database holds every value of every person, PESEL in all three forms.
    const inDatabase = new Set(occurrences(dump, needles));
    expect(
      needles.filter((n) => !inDatabase.has(`${n.who}:${n.key}`)).map((n) => `${n.who}:${n.key}`),
    ).toEqual([]);
    // Redis holds a queued send job of every consenting person, keyed by client id (jobs carry ids only).
    const queued = people.filter((p) => p.kind !== 'prospect');
    expect(redis.length).toBeGreaterThan(queued.length);
    expect(redisText.length).toBeGreaterThan(10_000);
    expect(queued.filter((p) => !redis.some((k) => k.key.includes(p.clientId))).map((p) => p.index)).toEqual(
      [],
    );
    // The logs the scan reads name every person's client id in request lines.
    expect(t.requestLog.length).toBeGreaterThan(people.length * 10);
    expect(people.filter((p) => !logs.includes(p.clientId)).map((p) => p.index)).toEqual([]);
  });

  it('erases the 100 and refuses, on grounds, the erasure of the 4 whom a legal duty keeps', async () => {
    const outcomes = new Map<number, { status: string; outcome: Record<string, unknown> }>();
    await eachLimited(people, 8, async (p) => {
      const executed = await t.http
        .post(`/api/data-subject-requests/${p.requestId}/execute`)
        .set(dpo())
        .send({});
      expectStatus(executed, 200, `execute ${p.index}`);
      outcomes.set(p.index, executed.body);
    });
    await t.sealNow();

    for (const p of erased())
      expect({ who: p.index, ...outcomes.get(p.index) }).toMatchObject({
        who: p.index,
        status: 'done',
        outcome: { action: 'anonymised' },
      });
    const rows: Array<Record<string, unknown>> = await t.db.query(
      `SELECT status, first_name, last_name, email, phone, address, date_of_birth, pesel_cipher, pesel_index
         FROM client WHERE id = ANY($1::uuid[])`,
      [erased().map((p) => p.clientId)],
    );
    expect(rows).toHaveLength(ERASED);
    expect(new Set(rows.map((r) => JSON.stringify(r)))).toEqual(
      new Set([
        JSON.stringify({
          status: 'anonymised',
          first_name: null,
          last_name: null,
          email: null,
          phone: null,
          address: null,
          date_of_birth: null,
          pesel_cipher: null,
          pesel_index: null,
        }),
      ]),
    );

    // Art. 17(3)(b),(e): a contract within its retention or an active legal hold keeps the data;
    // the erasure is refused on those grounds and deferred to the sweep. The person is not
    // restricted: only the purposes the grounds serve still see them.
    for (const p of blocked()) {
      const body = outcomes.get(p.index)!;
      const kinds = (body.outcome.blockedBy as Array<{ kind: string }>).map((d) => d.kind).sort();
      expect({ who: p.index, status: body.status, action: body.outcome.action, kinds }).toEqual({
        who: p.index,
        status: 'done',
        action: 'erasure_refused',
        kinds: p.kind === 'held' ? ['legal_hold'] : ['accounting', 'contract'],
      });
      const seen = await t.http.get(`/api/clients/${p.clientId}`).set(dpo());
      expect(seen.body).toMatchObject({ status: 'active', restricted: false, email: p.email });
      expect((await t.http.get(`/api/clients/${p.clientId}`).set(broker())).status).toBe(404);
    }
  });

  it('leaves none of the 100 persons’ values in the database, Redis, the logs or the document store', async () => {
    const { dump, redis, redisText, logs, files, filesText } = await stores();
    expect(dump.length).toBeGreaterThan(100_000);
    expect(redis.length).toBeGreaterThan(0);
    const searched = withUrlForms(needlesOf(erased()));
    expect(searched.length).toBeGreaterThan(ERASED * 7);
    expect({
      database: occurrences(dump, searched),
      redis: occurrences(redisText, searched),
      logs: occurrences(logs, searched),
      documents: occurrences(filesText, searched),
    }).toEqual({
      database: [],
      redis: [],
      logs: [],
      documents: [],
    });
    // No file of an erased person is left in the store; the persons kept on grounds keep theirs.
    expect(
      erased()
        .filter((p) => files.some((k) => k.startsWith(`${p.clientId}/`)))
        .map((p) => p.index),
    ).toEqual([]);
    expect(
      blocked()
        .filter((p) => !files.some((k) => k.startsWith(`${p.clientId}/`)))
        .map((p) => p.index),
    ).toEqual([]);
    // Their queued jobs are gone from Redis, and their recipient rows say why. (BullMQ's capped event
    // stream still names the removed job ids, which hold the client id only: an id the anonymised
    // client row keeps too, and which no longer leads to a person.)
    expect(
      erased()
        .filter((p) => redis.some((k) => k.key.includes(p.clientId)))
        .map((p) => p.index),
    ).toEqual([]);
    const recipients = await t.db.query(
      `SELECT status, reason, count(*)::int AS n FROM campaign_recipient WHERE client_id = ANY($1::uuid[]) GROUP BY 1, 2`,
      [erased().map((p) => p.clientId)],
    );
    expect(recipients).toEqual([
      { status: 'skipped', reason: 'erased', n: erased().filter((p) => p.kind !== 'prospect').length },
    ]);

    // The persons kept on grounds are excluded from this scan on purpose: the refused erasure keeps
    // their values (art. 17(3)), and this same dump still holds them, which shows the scan finds what is there.
    const kept = needlesOf(blocked());
    const inDump = new Set(occurrences(dump, kept));
    for (const p of blocked()) for (const key of SEARCHED) expect(inDump.has(`${p.index}:${key}`)).toBe(true);
  });

  it('keeps the contracts adding up and the record of operations verifying', async () => {
    expect(await accounting()).toEqual(accountingBefore);
    const totals = accountingBefore.totals as { contracts: number };
    expect(totals.contracts).toBe(people.filter((p) => p.contractIds.length > 0).length);
    // The accountant still reads the erased persons' contracts, amounts included.
    const old = erased().find((p) => p.kind === 'old_contract')!;
    const contract = await t.http
      .get(`/api/contracts/${old.contractIds[0]}`)
      .set(t.as('accountant', 'legal_obligation'));
    expect(contract.status).toBe(200);
    expect(contract.body.premium).toEqual(pln(100_000 + old.index * 137));

    // One erase entry per person, naming fields only; the record is untouched and still verifies.
    const entries: Array<{ client_id: string; n: number }> = await t.db.query(
      `SELECT unnest(client_ids)::text AS client_id, count(*)::int AS n FROM audit_entry
        WHERE action = 'erase' AND reason = 'ERASURE_REQUEST' GROUP BY 1`,
    );
    expect(new Map(entries.map((e) => [e.client_id, e.n]))).toEqual(
      new Map(erased().map((p) => [p.clientId, 1])),
    );
    const verify = await t.http.get('/api/access-logs/verify').set(t.as('manager', 'security_audit'));
    expect(verify.status).toBe(200);
    expect(verify.body).toMatchObject({ valid: true, firstInvalidId: null });
    expect(verify.body.checked).toBeGreaterThan(people.length * 10);
  });

  it('lets the sweep finish the deferred erasures once the duties end: then no person of the 104 leaves a trace', async () => {
    expectStatus(
      await t.http
        .delete(
          `/api/clients/${blocked().find((p) => p.kind === 'held')!.clientId}/legal-holds/${holdOfHeld}`,
        )
        .set(t.as('dpo', 'claims')),
      200,
      'release of the control hold',
    );
    const early = await t.http.post('/api/retention/sweep').set(dpo()).send({ dryRun: false });
    expect(early.status).toBe(200);
    // Today the contracts still keep three of them; the released hold no longer keeps the fourth.
    expect(early.body.anonymised.clientIds).toEqual(
      blocked()
        .filter((p) => p.kind === 'held')
        .map((p) => p.clientId),
    );
    // A sweep that erases decides as of today: nine years pass for the contracts instead (their
    // dates move back), after which neither the contract nor the accounting duty keeps anyone.
    await t.db.query(
      `UPDATE contract SET start_date = start_date - 365 * 9, end_date = end_date - 365 * 9
        WHERE client_id = ANY($1::uuid[])`,
      [
        blocked()
          .filter((p) => p.kind === 'current_contract')
          .map((p) => p.clientId),
      ],
    );
    const sweep = await t.http.post('/api/retention/sweep').set(dpo()).send({ dryRun: false });
    expect(sweep.status).toBe(200);
    expect([...sweep.body.anonymised.clientIds].sort()).toEqual(
      blocked()
        .filter((p) => p.kind === 'current_contract')
        .map((p) => p.clientId)
        .sort(),
    );
    await t.sealNow();

    const { dump, redis, redisText, logs, files, filesText } = await stores();
    const searched = withUrlForms(needles);
    expect({
      database: occurrences(dump, searched),
      redis: occurrences(redisText, searched),
      logs: occurrences(logs, searched),
      documents: occurrences(filesText, searched),
    }).toEqual({
      database: [],
      redis: [],
      logs: [],
      documents: [],
    });
    expect(files).toEqual([]);
    expect(people.filter((p) => redis.some((k) => k.key.includes(p.clientId))).map((p) => p.index)).toEqual(
      [],
    );
    expect(await accounting()).toEqual(accountingBefore);
    const verify = await t.http.get('/api/access-logs/verify').set(t.as('manager', 'security_audit'));
    expect(verify.body).toMatchObject({ valid: true });
  });
});
