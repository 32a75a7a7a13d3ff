import { BrokerClock } from '@app/common/clock/broker-clock';
import { makeNip } from '@app/common/validation/nip';
import { toPositional } from '@app/common/database/sql';
import { CONSENT_PURPOSES, REGISTRY } from '@app/privacy';
import { MessagingAudience } from '../src/mailings';
import { addCalendarMonths } from '../src/retention';
import { createClient, grantConsent } from './support/fixtures';
import { startTestApp, TestApp } from './support/test-app';

/**
 * Art. 17(3): a client with a contract in force who asks for erasure is refused on the grounds the
 * contract and the law give. The result lists each ground (legal basis, purpose, end date); the
 * person stays visible under the purposes those grounds serve (contract performance, legal
 * obligation, claims, data-subject rights), disappears from every other (offers, contact,
 * marketing, reminders) and is not restricted (art. 18); the sweep erases them when the last
 * ground ends. Each check runs against a control client in the same situation without the request.
 */
describe('an erasure refused on grounds keeps the live policy serviced', () => {
  let t: TestApp;
  let today: string;
  let endDate: string;
  /** A yearly policy in its last month: reminders go only to policies longer than their notice. */
  let startDate: string;
  const money = (amount: number) => ({ amount, currency: 'PLN' });
  const people = {} as Record<
    'kept' | 'other',
    { id: string; email: string; contractId: string; offerRequestId: string }
  >;
  let outcome: Record<string, unknown>;

  const dpo = () => t.as('dpo', 'data_subject_rights');
  const performer = () => t.as('broker', 'contract_performance');

  async function clientWithPolicy(insurerId: string) {
    const client = await createClient(t);
    const broker = t.as('broker', 'offer_preparation');
    const request = await t.http
      .post('/api/offer-requests')
      .set(broker)
      .send({
        clientId: client.id,
        lineOfBusiness: 'home',
        needs: { requiredCoverages: ['fire'], notes: 'a flat' },
      });
    expect(request.status).toBe(201);
    const quote = await t.http
      .post(`/api/offer-requests/${request.body.id}/quotes`)
      .set(broker)
      .send({
        insurerId,
        productName: 'Dom',
        premium: money(60_000),
        sumInsured: money(50_000_000),
        deductible: money(0),
        coverages: [{ code: 'fire', limit: money(50_000_000) }],
        validUntil: endDate,
        commissionRate: 0.1,
      });
    expect(quote.status).toBe(201);
    const contract = await t.http
      .post(`/api/offer-requests/${request.body.id}/conclude`)
      .set(performer())
      .send({
        quoteId: quote.body.id,
        policyNumber: `GR/${client.id}`,
        startDate,
        endDate,
        recommendation: 'Meets the needs.',
      });
    expect(contract.status).toBe(201);
    for (const purpose of CONSENT_PURPOSES) await grantConsent(t, client.id, purpose, 'email');
    return {
      id: client.id,
      email: client.body.email as string,
      contractId: contract.body.id as string,
      offerRequestId: request.body.id as string,
    };
  }

  /** Active consents entered again after the refusal: the consent gate alone no longer explains an exclusion. */
  async function consentAgain(clientId: string) {
    for (const purpose of CONSENT_PURPOSES) {
      await t.db.query(
        `INSERT INTO consent (client_id, purpose, channel, source, notice_version) VALUES ($1, $2, 'email', 'test', '1')`,
        [clientId, purpose],
      );
    }
  }

  async function listedIds(url: string, headers: Record<string, string>): Promise<string[]> {
    const res = await t.http.get(url).set(headers);
    expect(res.status).toBe(200);
    return (res.body.items as Array<{ id: string }>).map((i) => i.id);
  }

  beforeAll(async () => {
    t = await startTestApp();
    // Contracts and reminders count days on the broker's calendar.
    [{ today, startDate, endDate }] = await t.db.query(
      `SELECT to_char(${t.app.get(BrokerClock).todaySql}, 'YYYY-MM-DD') AS today,
              to_char(${t.app.get(BrokerClock).todaySql} - 335, 'YYYY-MM-DD') AS "startDate",
              to_char(${t.app.get(BrokerClock).todaySql} + 30, 'YYYY-MM-DD') AS "endDate"`,
    );
    const insurer = await t.http
      .post('/api/insurers')
      .set(t.as('admin'))
      .send({ name: 'Grounds TU', nip: makeNip(733_100_000), dsrContactEmail: 'iod@grounds-tu.pl' });
    expect(insurer.status).toBe(201);
    people.kept = await clientWithPolicy(insurer.body.id);
    people.other = await clientWithPolicy(insurer.body.id);

    const req = await t.http
      .post('/api/data-subject-requests')
      .set(dpo())
      .send({ clientId: people.kept.id, type: 'erasure' });
    expect(req.status).toBe(201);
    await t.http
      .post(`/api/data-subject-requests/${req.body.id}/verify-identity`)
      .set(dpo())
      .send({ method: 'in_person' });
    const executed = await t.http
      .post(`/api/data-subject-requests/${req.body.id}/execute`)
      .set(dpo())
      .send({});
    expect(executed.status).toBe(200);
    outcome = executed.body.outcome;
  });
  afterAll(async () => {
    await t?.close();
  });

  it('refuses the erasure and lists each ground with its legal basis, purpose and end date', async () => {
    const contractUntil = addCalendarMonths(endDate, REGISTRY.contract_performance.retention.months);
    const accountingUntil = addCalendarMonths(
      `${Number(endDate.slice(0, 4)) + 1}-01-01`,
      REGISTRY.legal_obligation.retention.months,
    );
    expect(outcome).toMatchObject({
      action: 'erasure_refused',
      erasure: 'deferred',
      grounds: [
        {
          basis: 'art. 6(1)(b) GDPR',
          basisPl: 'art. 6 ust. 1 lit. b RODO',
          purpose: 'contract_performance',
          until: contractUntil,
        },
        {
          basis: 'art. 6(1)(c) GDPR',
          basisPl: 'art. 6 ust. 1 lit. c RODO',
          purpose: 'legal_obligation',
          until: accountingUntil,
        },
      ],
      visibleUnder: ['contract_performance', 'claims', 'legal_obligation', 'data_subject_rights'],
      erasureDueAfter: contractUntil,
    });
    for (const ground of outcome.grounds as Array<{ basis: string; purpose: keyof typeof REGISTRY }>) {
      expect(ground.basis).toBe(REGISTRY[ground.purpose].legalBasis.article);
    }
    // Not an art. 18 restriction: a state of its own.
    const rows = await t.db.query(
      `SELECT id, restricted, erasure_refused, status FROM client WHERE id = ANY($1::uuid[]) ORDER BY id`,
      [[people.kept.id, people.other.id]],
    );
    expect(rows.find((r: { id: string }) => r.id === people.kept.id)).toMatchObject({
      restricted: false,
      erasure_refused: true,
      status: 'active',
    });
    expect(rows.find((r: { id: string }) => r.id === people.other.id)).toMatchObject({
      restricted: false,
      erasure_refused: false,
    });
  });

  it('the broker under contract_performance still gets the client and the contract, alone and in lists', async () => {
    const client = await t.http.get(`/api/clients/${people.kept.id}`).set(performer());
    expect(client.status).toBe(200);
    expect(client.body).toMatchObject({ id: people.kept.id, email: people.kept.email, restricted: false });
    const contract = await t.http.get(`/api/contracts/${people.kept.contractId}`).set(performer());
    expect(contract.status).toBe(200);
    expect(contract.body).toMatchObject({ id: people.kept.contractId, endDate });
    expect(await listedIds('/api/clients?limit=500', performer())).toEqual(
      expect.arrayContaining([people.kept.id, people.other.id]),
    );
    expect(await listedIds(`/api/contracts?clientId=${people.kept.id}`, performer())).toEqual([
      people.kept.contractId,
    ]);
    // Servicing the policy includes keeping the address current.
    const moved = await t.http
      .patch(`/api/clients/${people.kept.id}`)
      .set(performer())
      .send({ address: { street: 'ul. Nowa 1', postalCode: '15-001', city: 'Białystok', country: 'PL' } });
    expect(moved.status).toBe(200);
  });

  it('offer preparation and client contact no longer see the person (404, absent from lists) while contract performance does', async () => {
    await consentAgain(people.kept.id);
    expect((await t.http.get(`/api/clients/${people.kept.id}`).set(performer())).status).toBe(200);
    const offers = t.as('broker', 'offer_preparation');
    expect((await t.http.get(`/api/clients/${people.kept.id}`).set(offers)).status).toBe(404);
    expect((await t.http.get(`/api/offer-requests/${people.kept.offerRequestId}`).set(offers)).status).toBe(
      404,
    );
    expect((await t.http.get(`/api/contracts/${people.kept.contractId}`).set(offers)).status).toBe(404);
    const clients = await listedIds('/api/clients?limit=500', offers);
    expect(clients).toContain(people.other.id);
    expect(clients).not.toContain(people.kept.id);
    const requests = await listedIds('/api/offer-requests?limit=500', offers);
    expect(requests).toContain(people.other.offerRequestId);
    expect(requests).not.toContain(people.kept.offerRequestId);
    expect((await t.http.get(`/api/offer-requests/${people.other.offerRequestId}`).set(offers)).status).toBe(
      200,
    );

    const contact = t.as('broker', 'client_contact');
    expect((await t.http.get(`/api/clients/${people.kept.id}`).set(contact)).status).toBe(404);
    expect((await t.http.get(`/api/clients/${people.other.id}`).set(contact)).status).toBe(200);
    const contacts = await listedIds('/api/clients?limit=500', contact);
    expect(contacts).toContain(people.other.id);
    expect(contacts).not.toContain(people.kept.id);
  });

  it('contract performance serves the policy in force but opens no renewal offer for the person (409), while it does for the control client', async () => {
    const performer = t.as('broker', 'contract_performance');
    const kept = await t.http
      .post(`/api/contracts/${people.kept.contractId}/renewal`)
      .set(performer)
      .send({});
    expect(kept.status).toBe(409);
    expect(kept.body.code).toBe('ERASURE_REFUSED_NO_NEW_OFFER');
    const [{ count }] = await t.db.query(
      `SELECT count(*)::int AS count FROM offer_request WHERE renews_contract_id = $1`,
      [people.kept.contractId],
    );
    expect(count).toBe(0);
    const other = await t.http
      .post(`/api/contracts/${people.other.contractId}/renewal`)
      .set(performer)
      .send({});
    expect(other.status).toBe(201);
  });

  it('marketing and renewal reminders do not reach the person, who is neither restricted nor without consent', async () => {
    const [state] = await t.db.query(
      `SELECT restricted, (SELECT count(*)::int FROM consent k WHERE k.client_id = c.id AND k.withdrawn_at IS NULL) AS active_consents
         FROM client c WHERE id = $1`,
      [people.kept.id],
    );
    expect(state).toEqual({ restricted: false, active_consents: CONSENT_PURPOSES.length });

    for (const purpose of ['marketing', 'renewal_reminders'] as const) {
      const ids = await listedIds('/api/clients?limit=500', t.as('marketing', purpose));
      expect([purpose, ids.includes(people.other.id), ids.includes(people.kept.id)]).toEqual([
        purpose,
        true,
        false,
      ]);
      expect(
        (await t.http.get(`/api/clients/${people.kept.id}`).set(t.as('marketing', purpose))).status,
      ).toBe(404);
      // The audience of a campaign or a reminder, as the mailing code selects it.
      const audience = t.app.get(MessagingAudience).eligibleSql(purpose, 'email', 'c');
      const { sql, params } = toPositional(
        `SELECT c.id FROM client c WHERE c.id = ANY(:ids::uuid[]) AND ${audience.sql} ORDER BY c.id`,
        { ...audience.params, ids: [people.kept.id, people.other.id] },
      );
      expect((await t.db.query(sql, params)).map((r: { id: string }) => r.id)).toEqual([people.other.id]);
    }

    // The reminder scan of today: both contracts end in 30 days; only the control client is reminded.
    const scan = await t.http.post('/api/reminders/run').set(t.as('admin')).send({ date: today });
    expect(scan.status).toBe(200);
    const reminded = await t.db.query(
      `SELECT client_id::text AS id FROM contract_reminder WHERE client_id = ANY($1::uuid[])`,
      [[people.kept.id, people.other.id]],
    );
    expect(reminded.map((r: { id: string }) => r.id)).toEqual([people.other.id]);
  });

  it('the accountant, claims and the DPO still see the person, each with the fields of the purpose', async () => {
    const accountant = await t.http
      .get(`/api/clients/${people.kept.id}`)
      .set(t.as('accountant', 'legal_obligation'));
    expect(accountant.status).toBe(200);
    expect(Object.keys(accountant.body).sort()).toEqual([
      'address',
      'createdAt',
      'firstName',
      'id',
      'kind',
      'lastName',
      'restricted',
      'status',
      'teamId',
    ]);
    expect(accountant.body.restricted).toBe(false);
    const books = await t.http
      .get(`/api/contracts/${people.kept.contractId}`)
      .set(t.as('accountant', 'legal_obligation'));
    expect(books.status).toBe(200);
    expect(books.body).toHaveProperty('premium');
    expect(books.body).not.toHaveProperty('recommendation');

    const claims = await t.http.get(`/api/clients/${people.kept.id}`).set(t.as('broker', 'claims'));
    expect(claims.status).toBe(200);
    const dpoView = await t.http.get(`/api/clients/${people.kept.id}`).set(dpo());
    expect(dpoView.status).toBe(200);
    expect(dpoView.body).toMatchObject({ email: people.kept.email, restricted: false });
  });

  it('the sweep keeps the person while the grounds run, and erases them once the last ground has ended', async () => {
    const sweep = async () => {
      const res = await t.http.post('/api/retention/sweep').set(dpo()).send({ dryRun: false });
      expect(res.status).toBe(200);
      return res.body as {
        anonymised: { clientIds: string[] };
        kept: { items: Array<{ clientId: string; duties: Array<{ purpose: string; until: string }> }> };
      };
    };
    const running = await sweep();
    expect(running.anonymised.clientIds).not.toContain(people.kept.id);
    const kept = running.kept.items.find((k) => k.clientId === people.kept.id)!;
    const grounds = outcome.grounds as Array<{ purpose: string; until: string }>;
    expect(kept.duties.map(({ purpose, until }) => ({ purpose, until }))).toEqual(
      grounds.map(({ purpose, until }) => ({ purpose, until })),
    );

    // The contract ended long ago: its retention and the accounting term are over.
    await t.db.query(
      `UPDATE contract SET start_date = '2012-01-01', end_date = '2012-12-31' WHERE client_id = $1`,
      [people.kept.id],
    );
    const ended = await sweep();
    expect(ended.anonymised.clientIds).toContain(people.kept.id);
    expect(ended.anonymised.clientIds).not.toContain(people.other.id);
    const [client] = await t.db.query(
      `SELECT status, email, first_name, erasure_refused FROM client WHERE id = $1`,
      [people.kept.id],
    );
    expect(client).toEqual({ status: 'anonymised', email: null, first_name: null, erasure_refused: false });
    const [pending] = await t.db.query(
      `SELECT erased_at IS NOT NULL AS erased FROM erasure_pending WHERE client_id = $1`,
      [people.kept.id],
    );
    expect(pending.erased).toBe(true);
  });
});
