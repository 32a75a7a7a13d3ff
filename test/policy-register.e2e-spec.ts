import { BrokerClock } from '@app/common/clock/broker-clock';
import { makeNip } from '@app/common/validation/nip';
import { makeVin } from '@app/common/validation/vehicle';
import { ContractsService } from '../src/contracts';
import { ErasureService } from '../src/retention/erasure.service';
import { auditEntriesOf, clientBody, createClient } from './support/fixtures';
import { brokerOfAnotherTeam } from './support/other-team';
import { TestApp, startTestApp } from './support/test-app';

type Body = Record<string, unknown>;
const pln = (amount: number) => ({ amount, currency: 'PLN' });

/**
 * The policy register over HTTP on a real database: a policy entered directly, with a policyholder
 * and an insured who may be two clients, and the insured object checked (VIN check digit, Polish
 * plate, years, dates); what is refused changes nothing; another team's client is not found.
 */
describe('policy register', () => {
  let t: TestApp;
  let insurerId: string;
  let otherInsurerId: string;
  let holder: { id: string };
  let insured: { id: string };
  let theirs: string;
  let broker2Token: string;
  let serial = 0;
  const performer = () => t.as('broker', 'contract_performance');

  async function day(offset: number): Promise<string> {
    const [row] = await t.db.query(
      `SELECT to_char(${t.app.get(BrokerClock).todaySql} + $1::int, 'YYYY-MM-DD') AS d`,
      [offset],
    );
    return row.d;
  }

  async function count(): Promise<number> {
    const [row] = await t.db.query(`SELECT count(*)::int AS n FROM contract`);
    return row.n;
  }

  async function policy(overrides: Body = {}): Promise<Body> {
    return {
      policyholderId: holder.id,
      insurerId,
      lineOfBusiness: 'motor',
      policyNumber: `REG/${++serial}`,
      productName: 'Auto Komfort',
      startDate: await day(-100),
      endDate: await day(265),
      premium: pln(187_654),
      source: 'transferred',
      insuredObject: {
        kind: 'vehicle',
        vin: makeVin('TMBJJ7NE5L01234' + String(serial % 10)),
        registrationNumber: 'bi 12345',
        make: 'Škoda',
        model: 'Octavia',
        year: 2020,
      },
      ...overrides,
    };
  }

  beforeAll(async () => {
    t = await startTestApp();
    const ids: string[] = [];
    for (const [i, name] of ['Register TU S.A.', 'Drugie TU'].entries()) {
      const res = await t.http
        .post('/api/insurers')
        .set(t.as('admin'))
        .send({ name, nip: makeNip(615_000_100 + i * 1000), dsrContactEmail: `iod@reg${i}.example` });
      expect(res.status).toBe(201);
      ids.push(res.body.id);
    }
    [insurerId, otherInsurerId] = ids;
    holder = await createClient(t, { lastName: 'Posiadacz' });
    insured = await createClient(t, { lastName: 'Ubezpieczona' });

    // Another team's broker and client (team Warszawa).
    broker2Token = (await brokerOfAnotherTeam(t)).token;
    const their = await t.http
      .post('/api/clients')
      .set({ authorization: `Bearer ${broker2Token}`, 'x-purpose': 'offer_preparation' })
      .send(clientBody({ lastName: 'Warszawska' }));
    expect(their.status).toBe(201);
    theirs = their.body.id;
  });
  afterAll(async () => {
    await t?.close();
  });

  it('registers a policy whose insured differs from its policyholder, with the vehicle normalised', async () => {
    const body = await policy({ insuredId: insured.id, commissionRate: 0.1 });
    const res = await t.http.post('/api/contracts').set(performer()).send(body);
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({
      clientId: holder.id,
      insuredId: insured.id,
      source: 'transferred',
      offerRequestId: null,
      quoteId: null,
      status: 'active',
      policyNumber: body.policyNumber,
      premium: pln(187_654),
      commissionRate: 0.1,
      // 10 % of 1 876,54 zł = 187,654 zł → 187,65 zł.
      commission: pln(18_765),
      sumInsured: pln(0),
      insuredObject: {
        kind: 'vehicle',
        vin: (body.insuredObject as Body).vin,
        registrationNumber: 'BI12345',
        make: 'Škoda',
        model: 'Octavia',
        year: 2020,
      },
    });
    const [row] = await t.db.query(`SELECT client_id, insured_id, source FROM contract WHERE id = $1`, [
      res.body.id,
    ]);
    expect(row).toEqual({ client_id: holder.id, insured_id: insured.id, source: 'transferred' });

    // Reachable through the policyholder, and listed on the insured's card too.
    const byHolder = await t.http.get(`/api/contracts?clientId=${holder.id}`).set(performer());
    expect(byHolder.body.items.map((c: Body) => c.id)).toContain(res.body.id);
    const byInsured = await t.http.get(`/api/contracts?clientId=${insured.id}`).set(performer());
    expect(byInsured.body.items.map((c: Body) => c.id)).toEqual([res.body.id]);

    // One entry in the record, naming both clients and the fields written, no values.
    const entries = await auditEntriesOf(t, res.headers['x-request-id']);
    expect(entries).toHaveLength(1);
    expect(entries[0]).toMatchObject({ action: 'create', resource: 'contract', resource_id: res.body.id });
    expect([...entries[0].client_ids].sort()).toEqual([holder.id, insured.id].sort());
    expect(entries[0].fields).toEqual(expect.arrayContaining(['insuredId', 'insuredObject', 'premium']));
    expect(JSON.stringify(entries[0])).not.toContain('BI12345');
  });

  it('registers a property (sum insured taken from it) and a person insured in a life policy', async () => {
    const property = await t.http
      .post('/api/contracts')
      .set(performer())
      .send(
        await policy({
          lineOfBusiness: 'home',
          productName: 'Dom Plus',
          source: 'own',
          insuredObject: {
            kind: 'property',
            address: { street: 'ul. Lipowa 3', postalCode: '15-001', city: 'Białystok', country: 'PL' },
            constructionYear: 1998,
            sumInsured: pln(45_000_000),
          },
        }),
      );
    expect(property.status).toBe(201);
    expect(property.body).toMatchObject({
      insuredId: holder.id,
      sumInsured: pln(45_000_000),
      insuredObject: { kind: 'property', constructionYear: 1998, sumInsured: pln(45_000_000) },
    });
    const life = await t.http
      .post('/api/contracts')
      .set(performer())
      .send(
        await policy({
          lineOfBusiness: 'life',
          productName: 'Życie Plus',
          insuredObject: { kind: 'person', clientId: insured.id },
        }),
      );
    expect(life.status).toBe(201);
    expect(life.body).toMatchObject({
      insuredId: insured.id,
      insuredObject: { kind: 'person', clientId: insured.id },
    });
  });

  it('refuses a VIN with a wrong check digit, naming the field, and stores nothing', async () => {
    const vin = makeVin('1M8GDM9AKP042788');
    const wrong = `${vin.slice(0, 8)}${vin[8] === '1' ? '2' : '1'}${vin.slice(9)}`;
    const before = await count();
    const body = await policy();
    const res = await t.http
      .post('/api/contracts')
      .set(performer())
      .send({ ...body, insuredObject: { ...(body.insuredObject as Body), vin: wrong } });
    expect(res.status).toBe(400);
    expect(res.body.fields).toEqual(['insuredObject.vin']);
    expect(res.body.message).toContain('check digit');
    expect(await count()).toBe(before);
    // The same VIN with its check digit passes.
    const ok = await t.http
      .post('/api/contracts')
      .set(performer())
      .send({ ...body, insuredObject: { ...(body.insuredObject as Body), vin } });
    expect(ok.status).toBe(201);
  });

  it.each([
    ['a VIN with an O', { insuredObject: { vin: 'WVWZZZ1JZ3W38675O' } }, 'insuredObject.vin'],
    ['a short VIN', { insuredObject: { vin: 'WVWZZZ1JZ3W3867' } }, 'insuredObject.vin'],
    [
      'a German plate',
      { insuredObject: { registrationNumber: 'M 12345' } },
      'insuredObject.registrationNumber',
    ],
    ['a vehicle from 1850', { insuredObject: { year: 1850 } }, 'insuredObject.year'],
    ['a vehicle from the future', { insuredObject: { year: 2999 } }, 'insuredObject.year'],
    ['an unknown kind', { insuredObject: { kind: 'boat' } }, 'insuredObject.kind'],
    ['a premium in złote', { premium: { amount: 1876.54, currency: 'PLN' } }, 'premium.amount'],
    ['an unknown source', { source: 'imported' }, 'source'],
    ['an impossible date', { startDate: '2026-02-30' }, 'startDate'],
  ])('refuses %s (400, the field named)', async (_what, change, field) => {
    const body = await policy();
    const merged = {
      ...body,
      ...change,
      ...('insuredObject' in change
        ? { insuredObject: { ...(body.insuredObject as Body), ...(change.insuredObject as Body) } }
        : {}),
    };
    const before = await count();
    const res = await t.http.post('/api/contracts').set(performer()).send(merged);
    expect(res.status).toBe(400);
    expect(res.body.fields).toContain(field);
    expect(await count()).toBe(before);
  });

  it('refuses an end not after the start, a vehicle on a home policy, and an insured named twice differently', async () => {
    const before = await count();
    const ends = await t.http
      .post('/api/contracts')
      .set(performer())
      .send(await policy({ endDate: await day(-100) }));
    expect(ends.status).toBe(400);
    expect(ends.body.code).toBe('END_NOT_AFTER_START');
    const line = await t.http
      .post('/api/contracts')
      .set(performer())
      .send(await policy({ lineOfBusiness: 'home' }));
    expect(line.status).toBe(400);
    expect(line.body.code).toBe('INSURED_OBJECT_NOT_OF_LINE');
    const twice = await t.http
      .post('/api/contracts')
      .set(performer())
      .send(
        await policy({
          lineOfBusiness: 'life',
          insuredId: holder.id,
          insuredObject: { kind: 'person', clientId: insured.id },
        }),
      );
    expect(twice.status).toBe(400);
    expect(twice.body.code).toBe('INSURED_MISMATCH');
    expect(await count()).toBe(before);
  });

  it('refuses a policy number the insurer already has (409); another insurer may have it', async () => {
    const body = await policy({ policyNumber: 'DUP/2026/1' });
    expect((await t.http.post('/api/contracts').set(performer()).send(body)).status).toBe(201);
    const before = await count();
    const again = await t.http
      .post('/api/contracts')
      .set(performer())
      .send({ ...body, productName: 'Inny produkt' });
    expect(again.status).toBe(409);
    expect(again.body.code).toBe('POLICY_NUMBER_TAKEN');
    expect(await count()).toBe(before);
    const elsewhere = await t.http
      .post('/api/contracts')
      .set(performer())
      .send({ ...body, insurerId: otherInsurerId });
    expect(elsewhere.status).toBe(201);
  });

  it("answers 404 for another team's client as policyholder or as insured, and stores nothing", async () => {
    const before = await count();
    const asHolder = await t.http
      .post('/api/contracts')
      .set(performer())
      .send(await policy({ policyholderId: theirs }));
    expect(asHolder.status).toBe(404);
    const asInsured = await t.http
      .post('/api/contracts')
      .set(performer())
      .send(await policy({ insuredId: theirs }));
    expect(asInsured.status).toBe(404);
    const asPerson = await t.http
      .post('/api/contracts')
      .set(performer())
      .send(await policy({ lineOfBusiness: 'life', insuredObject: { kind: 'person', clientId: theirs } }));
    expect(asPerson.status).toBe(404);
    expect(await count()).toBe(before);
    // Their own broker registers it.
    const own = await t.http
      .post('/api/contracts')
      .set({ authorization: `Bearer ${broker2Token}`, 'x-purpose': 'contract_performance' })
      .send(await policy({ policyholderId: theirs }));
    expect(own.status).toBe(201);
  });

  it('refuses marketing (403) and purposes other than contract performance, storing nothing', async () => {
    const before = await count();
    const body = await policy();
    for (const headers of [
      t.as('marketing', 'marketing'),
      t.as('marketing', 'contract_performance'),
      t.as('broker', 'offer_preparation'),
      t.as('accountant', 'legal_obligation'),
    ]) {
      const res = await t.http.post('/api/contracts').set(headers).send(body);
      expect(res.status).toBe(403);
    }
    expect(await count()).toBe(before);
  });

  it('erases the VIN and the plate when the insured is erased, and the access report lists the policy', async () => {
    const person = await createClient(t, { lastName: 'Doerasure' });
    const body = await policy({ insuredId: person.id });
    const created = await t.http.post('/api/contracts').set(performer()).send(body);
    expect(created.status).toBe(201);
    const vin = (body.insuredObject as Body).vin as string;
    const summaries = await t.app.get(ContractsService).forClientWithoutPurpose(person.id);
    expect(summaries).toEqual([
      expect.objectContaining({
        id: created.body.id,
        role: 'insured',
        insuredObject: expect.objectContaining({ vin }),
      }),
    ]);
    await t.db.transaction((manager) => t.app.get(ErasureService).anonymise([person.id], manager));
    const [row] = await t.db.query(`SELECT insured_object, policy_number FROM contract WHERE id = $1`, [
      created.body.id,
    ]);
    expect(row.insured_object).toMatchObject({
      kind: 'vehicle',
      vin: null,
      registrationNumber: null,
      make: 'Škoda',
    });
    // The policy belongs to the policyholder, who was not erased: its number stays.
    expect(row.policy_number).toBe(body.policyNumber);
  });
});
