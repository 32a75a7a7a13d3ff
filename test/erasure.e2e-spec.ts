import { BrokerClock } from '@app/common/clock/broker-clock';
import { randomInt } from 'node:crypto';
import { FieldCipher } from '@app/common/crypto/field-cipher';
import { makeNip } from '@app/common/validation/nip';
import { makePesel } from '@app/common/validation/pesel';
import { CampaignDelivery } from '../src/mailings';
import { CapturingLogger, pgDump, redisDump } from './support/dump';
import { companyBody } from './support/fixtures';
import { startTestApp, TestApp } from './support/test-app';

const pln = (amount: number) => ({ amount, currency: 'PLN' });

/**
 * R6 and art. 17: after an erasure request is executed, none of the person's identifying values is
 * left anywhere the product stores data: the whole database (pg_dump), every Redis key of the
 * deployment, and the application's logs. The person's contracts stay and still add up.
 */
describe('erasure leaves no trace', () => {
  let t: TestApp;
  const logLines: string[] = [];

  beforeAll(async () => {
    t = await startTestApp();
    t.app.useLogger(new CapturingLogger(logLines));
  });
  afterAll(async () => {
    await t?.close();
  });

  it('finds none of e-mail, phone, PESEL, last name or street in the database, Redis or the logs; contracts still add up', async () => {
    const n = randomInt(100_000, 999_999);
    const person = {
      email: `wanda.wymazana.${n}@example.com`,
      phone: `609${String(n).slice(0, 6)}`,
      pesel: makePesel('1979-11-23', n % 10_000),
      lastName: `Wymazywalska${n}`,
      street: `ul. Zapomniana ${n}`,
    };
    const broker = t.as('broker', 'offer_preparation');
    const performer = t.as('broker', 'contract_performance');
    const dpo = t.as('dpo', 'data_subject_rights');

    // The person: client, consents (evidence names her), a needs analysis (notes hold her phone),
    // a contract, reads under several purposes, a released legal hold, queued campaign mail.
    const created = await t.http
      .post('/api/clients')
      .set(broker)
      .send({
        firstName: 'Wanda',
        lastName: person.lastName,
        email: person.email,
        phone: person.phone,
        dateOfBirth: '1979-11-23',
        pesel: person.pesel,
        address: { street: person.street, postalCode: '15-001', city: 'Białystok', country: 'PL' },
      });
    expect(created.status).toBe(201);
    const clientId: string = created.body.id;
    for (const [purpose, channel] of [
      ['marketing', 'email'],
      ['renewal_reminders', 'email'],
      ['client_contact', 'phone'],
    ]) {
      const res = await t.http
        .post(`/api/clients/${clientId}/consents`)
        .set(broker)
        .send({
          purpose,
          channel,
          source: 'paper_form',
          evidence: `form signed by ${person.lastName}, ${person.street}`,
          noticeVersion: '2026-01',
        });
      expect(res.status).toBe(201);
    }
    const insurer = await t.http
      .post('/api/insurers')
      .set(t.as('admin'))
      .send({ name: 'Alfa TU S.A.', nip: makeNip(526_100_000), dsrContactEmail: 'iod@alfa.example' });
    expect(insurer.status).toBe(201);
    const request = await t.http
      .post('/api/offer-requests')
      .set(broker)
      .send({
        clientId,
        lineOfBusiness: 'motor',
        needs: {
          requiredCoverages: ['oc'],
          notes: `call her on ${person.phone} or write to ${person.email}`,
        },
      });
    expect(request.status).toBe(201);
    const [{ d: validUntil }] = await t.db.query(
      `SELECT to_char(${t.app.get(BrokerClock).todaySql} + 14, 'YYYY-MM-DD') AS d`,
    );
    const quote = await t.http
      .post(`/api/offer-requests/${request.body.id}/quotes`)
      .set(broker)
      .send({
        insurerId: insurer.body.id,
        productName: 'Auto Komfort',
        premium: pln(123_456),
        sumInsured: pln(5_000_000),
        deductible: pln(50_000),
        coverages: [{ code: 'oc', limit: pln(529_000_000) }],
        validUntil,
        commissionRate: 0.1,
      });
    expect(quote.status).toBe(201);
    const [{ s: start, e: end }] = await t.db.query(
      `SELECT to_char(${t.app.get(BrokerClock).todaySql}, 'YYYY-MM-DD') AS s, to_char(${t.app.get(BrokerClock).todaySql} + 365, 'YYYY-MM-DD') AS e`,
    );
    const contract = await t.http
      .post(`/api/offer-requests/${request.body.id}/conclude`)
      .set(performer)
      .send({
        quoteId: quote.body.id,
        policyNumber: `PL/${n}`,
        startDate: start,
        endDate: end,
        recommendation: `${person.lastName} at ${person.street} chose the cheapest`,
      });
    expect(contract.status).toBe(201);
    // The contract ended long ago: neither its 6 years nor the accounting years keep the data now.
    await t.db.query(`UPDATE contract SET start_date = '2013-03-01', end_date = '2014-02-28' WHERE id = $1`, [
      contract.body.id,
    ]);
    const [{ total: premiumsBefore, count: contractsBefore }] = await t.db.query(
      `SELECT sum(premium)::text AS total, count(*)::int AS count FROM contract`,
    );

    for (const headers of [
      broker,
      performer,
      t.as('broker', 'claims'),
      t.as('accountant', 'legal_obligation'),
    ]) {
      expect((await t.http.get(`/api/clients/${clientId}`).set(headers)).status).toBe(200);
    }
    expect(
      (await t.http.get(`/api/clients?email=${encodeURIComponent(person.email)}`).set(broker)).status,
    ).toBe(200);
    expect((await t.http.get(`/api/clients?q=${person.lastName}`).set(broker)).status).toBe(200);
    const hold = await t.http
      .post(`/api/clients/${clientId}/legal-holds`)
      .set(t.as('dpo', 'claims'))
      .send({ reason: `Claim by ${person.lastName} (${person.email})` });
    expect(hold.status).toBe(201);
    expect(
      (await t.http.delete(`/api/clients/${clientId}/legal-holds/${hold.body.id}`).set(t.as('dpo', 'claims')))
        .status,
    ).toBe(200);

    // The person represents a company and heads a household named after them.
    const company = await t.http
      .post('/api/clients')
      .set(broker)
      .send(companyBody({ companyName: `Spółka ${n} sp. z o.o.` }));
    expect(company.status).toBe(201);
    const represents = await t.http
      .post(`/api/clients/${company.body.id}/representatives`)
      .set(broker)
      .send({ personId: clientId, role: 'prezes zarządu' });
    expect(represents.status).toBe(201);
    const household = await t.http
      .post('/api/households')
      .set(broker)
      .send({ name: `Rodzina ${person.lastName}`, memberIds: [clientId] });
    expect(household.status).toBe(201);

    const campaign = await t.http.post('/api/campaigns').set(t.as('marketing', 'marketing')).send({
      name: 'Spring',
      channel: 'email',
      subject: 'Hello {{firstName}}',
      body: '<p>Dear {{firstName}} {{lastName}}</p>',
    });
    expect(campaign.status).toBe(201);
    expect(
      (await t.http.post(`/api/campaigns/${campaign.body.id}/launch`).set(t.as('marketing', 'marketing')))
        .status,
    ).toBe(202);
    // No worker runs here: the fan-out runs in-process and leaves the send job waiting in Redis.
    await t.app.get(CampaignDelivery).fanOut(campaign.body.id);
    const queued = await redisDump(t.config.REDIS_URL, t.config.REDIS_PREFIX);
    expect(queued.some((k) => k.key.includes(clientId))).toBe(true);

    const cipher = t.app.get(FieldCipher);
    const [{ pesel_cipher: peselCipher }] = await t.db.query(
      `SELECT pesel_cipher FROM client WHERE id = $1`,
      [clientId],
    );
    const peselIndex = cipher.blindIndex('pesel', person.pesel);
    const searched = { ...person, peselCipher, peselIndex };

    // The search finds the values while they are held (so it would find them afterwards too).
    const before = await pgDump(t.databaseUrl);
    for (const key of ['email', 'phone', 'lastName', 'street', 'peselCipher', 'peselIndex'] as const) {
      expect({ key, found: before.includes(searched[key]) }).toEqual({ key, found: true });
    }

    // The request: received, identity verified, executed.
    const dsr = await t.http
      .post('/api/data-subject-requests')
      .set(dpo)
      .send({ clientId, type: 'erasure', notes: `e-mail from ${person.email}` });
    expect(dsr.status).toBe(201);
    const verified = await t.http
      .post(`/api/data-subject-requests/${dsr.body.id}/verify-identity`)
      .set(dpo)
      .send({
        method: 'id_document_in_person',
        notes: `ID card shown by ${person.lastName}, PESEL ${person.pesel}`,
      });
    expect(verified.status).toBe(200);
    const executed = await t.http.post(`/api/data-subject-requests/${dsr.body.id}/execute`).set(dpo).send({});
    expect(executed.status).toBe(200);
    expect(executed.body).toMatchObject({ status: 'done', outcome: { action: 'anonymised' } });
    await t.sealNow();

    // The client is still there, anonymised, without a personal value.
    const after = await t.http.get(`/api/clients/${clientId}`).set(dpo);
    expect(after.status).toBe(200);
    expect(after.body).toMatchObject({
      status: 'anonymised',
      firstName: null,
      lastName: null,
      email: null,
      phone: null,
      address: null,
      pesel: null,
      dateOfBirth: null,
    });

    // The links go whole (the household with its only member); the company and its register data stay.
    const [links] = await t.db.query(
      `SELECT (SELECT count(*)::int FROM client_representative WHERE person_id = $1) AS represents,
              (SELECT count(*)::int FROM household_member WHERE client_id = $1) AS memberships,
              (SELECT count(*)::int FROM household WHERE id = $2) AS households`,
      [clientId, household.body.id],
    );
    expect(links).toEqual({ represents: 0, memberships: 0, households: 0 });
    const companyAfter = await t.http.get(`/api/clients/${company.body.id}`).set(broker);
    expect(companyAfter.body).toMatchObject({ status: 'active', companyName: `Spółka ${n} sp. z o.o.` });

    const dump = await pgDump(t.databaseUrl);
    const redis = await redisDump(t.config.REDIS_URL, t.config.REDIS_PREFIX);
    const redisText = redis.map((k) => `${k.key} ${k.value}`).join('\n');
    const logs = [...t.requestLog.map((l) => JSON.stringify(l)), ...logLines].join('\n');
    expect(dump.length).toBeGreaterThan(10_000);
    expect(redis.length).toBeGreaterThan(0);
    expect(t.requestLog.length).toBeGreaterThan(10);
    for (const [key, value] of Object.entries(searched)) {
      expect({ key, where: 'database', found: dump.includes(value) }).toEqual({
        key,
        where: 'database',
        found: false,
      });
      expect({ key, where: 'redis', found: redisText.includes(value) }).toEqual({
        key,
        where: 'redis',
        found: false,
      });
      expect({ key, where: 'logs', found: logs.includes(value) }).toEqual({
        key,
        where: 'logs',
        found: false,
      });
    }
    // The person's queued mail is gone from Redis, and its recipient row says why.
    expect(redis.filter((k) => k.key.includes(clientId))).toEqual([]);
    const [recipient] = await t.db.query(
      `SELECT status, reason FROM campaign_recipient WHERE client_id = $1`,
      [clientId],
    );
    expect(recipient).toEqual({ status: 'skipped', reason: 'erased' });

    // Accounting: the contracts remain, with their amounts.
    const [{ total: premiumsAfter, count: contractsAfter }] = await t.db.query(
      `SELECT sum(premium)::text AS total, count(*)::int AS count FROM contract`,
    );
    expect({ premiumsAfter, contractsAfter }).toEqual({
      premiumsAfter: premiumsBefore,
      contractsAfter: contractsBefore,
    });
    const [kept] = await t.db.query(`SELECT premium::int AS premium, client_id FROM contract WHERE id = $1`, [
      contract.body.id,
    ]);
    expect(kept).toEqual({ premium: 123_456, client_id: clientId });

    // The record of operations is untouched and still verifies; it names the erasure.
    const erasure = await t.db.query(
      `SELECT action, fields FROM audit_entry WHERE client_ids @> ARRAY[$1]::uuid[] AND action = 'erase'`,
      [clientId],
    );
    expect(erasure).toEqual([
      {
        action: 'erase',
        fields: ['address', 'dateOfBirth', 'email', 'firstName', 'language', 'lastName', 'pesel', 'phone'],
      },
    ]);
    const verify = await t.http.get('/api/access-logs/verify').set(t.as('manager', 'security_audit'));
    expect(verify.status).toBe(200);
    expect(verify.body.valid).toBe(true);
  });
});
