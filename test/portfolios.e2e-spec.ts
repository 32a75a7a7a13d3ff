import { BrokerClock } from '@app/common/clock/broker-clock';
import { makeNip } from '@app/common/validation/nip';
import { StaffService } from '../src/auth';
import { PortfolioAccess } from '../src/portfolios';
import { clientBody } from './support/fixtures';
import { OtherTeamBroker, brokerOfAnotherTeam } from './support/other-team';
import { TEST_PASSWORD, TestApp, startTestApp } from './support/test-app';

type Body = Record<string, unknown>;
const pln = (amount: number) => ({ amount, currency: 'PLN' });

/**
 * Need-to-know inside the office: a broker sees the clients of their own team's portfolio, under
 * every portfolio-bound purpose, by every way of looking; another team's clients are "not found"
 * until a transfer or a break-glass grant, which ends at its expiry.
 */
describe('portfolios', () => {
  let t: TestApp;
  let warszawa: string;
  let broker2: OtherTeamBroker;
  let theirs: { id: string; body: Body };
  let theirContract: string;
  let policySerial = 0;
  const as2 = (purpose: string) => ({ authorization: `Bearer ${broker2.token}`, 'x-purpose': purpose });

  async function day(offset: number): Promise<string> {
    const [row] = await t.db.query(
      `SELECT to_char(${t.app.get(BrokerClock).todaySql} + $1::int, 'YYYY-MM-DD') AS d`,
      [offset],
    );
    return row.d;
  }

  /** Broker 2 (Warszawa) registers a client and concludes a contract ending in 20 days. */
  async function clientOfWarszawa(overrides: Body = {}): Promise<{ id: string; body: Body }> {
    const body = clientBody(overrides);
    const res = await t.http.post('/api/clients').set(as2('offer_preparation')).send(body);
    expect(res.status).toBe(201);
    return { id: res.body.id, body };
  }

  async function contractFor(clientId: string, insurerId: string): Promise<string> {
    const request = await t.http
      .post('/api/offer-requests')
      .set(as2('offer_preparation'))
      .send({ clientId, lineOfBusiness: 'motor', needs: { requiredCoverages: ['oc'] } });
    expect(request.status).toBe(201);
    const quote = await t.http
      .post(`/api/offer-requests/${request.body.id}/quotes`)
      .set(as2('offer_preparation'))
      .send({
        insurerId,
        productName: 'Auto Komfort',
        premium: pln(150_000),
        sumInsured: pln(6_000_000),
        deductible: pln(50_000),
        coverages: [{ code: 'oc', limit: pln(529_000_000) }],
        validUntil: await day(14),
        commissionRate: 0.12,
      });
    expect(quote.status).toBe(201);
    const concluded = await t.http
      .post(`/api/offer-requests/${request.body.id}/conclude`)
      .set(as2('contract_performance'))
      .send({
        quoteId: quote.body.id,
        policyNumber: `WAW/${++policySerial}`,
        startDate: await day(-345),
        endDate: await day(20),
        recommendation: 'Najlepsza relacja ceny do zakresu.',
      });
    expect(concluded.status).toBe(201);
    return concluded.body.id;
  }

  beforeAll(async () => {
    t = await startTestApp();
    broker2 = await brokerOfAnotherTeam(t);
    warszawa = broker2.teamId;
    const insurer = await t.http
      .post('/api/insurers')
      .set(t.as('admin'))
      .send({ name: 'Alfa TU S.A.', nip: makeNip(526_000_100), dsrContactEmail: 'iod@alfa.example' });
    theirs = await clientOfWarszawa({ lastName: 'Wiśniewska', phone: '+48601234567' });
    theirContract = await contractFor(theirs.id, insurer.body.id);
  });
  afterAll(async () => {
    await t?.close();
  });

  it('places a new client in the creating broker’s team, and shows the team on the client', async () => {
    const res = await t.http.get(`/api/clients/${theirs.id}`).set(as2('offer_preparation'));
    expect(res.status).toBe(200);
    expect(res.body.teamId).toBe(warszawa);
    expect(res.body.pesel).toBe(theirs.body.pesel);
  });

  it('hides another team’s client from every way a broker looks, under every portfolio-bound purpose', async () => {
    for (const purpose of ['offer_preparation', 'contract_performance', 'client_contact', 'claims']) {
      const broker = t.as('broker', purpose);
      expect((await t.http.get(`/api/clients/${theirs.id}`).set(broker)).status).toBe(404);
      const list = await t.http.get('/api/clients?limit=100').set(broker);
      expect(list.status).toBe(200);
      expect(list.body.items.map((c: Body) => c.id)).not.toContain(theirs.id);
    }
    const broker = t.as('broker', 'offer_preparation');
    for (const query of [
      `q=${encodeURIComponent('Wiś')}`,
      `pesel=${theirs.body.pesel}`,
      `email=${encodeURIComponent(String(theirs.body.email))}`,
      `phone=${encodeURIComponent('601 234 567')}`,
    ]) {
      const res = await t.http.get(`/api/clients?${query}`).set(broker);
      expect(res.status).toBe(200);
      expect(res.body.items).toEqual([]);
    }
    // The same searches find the client for its own team's broker (the control).
    const byPhone = await t.http
      .get(`/api/clients?phone=${encodeURIComponent('+48 601-234-567')}`)
      .set(as2('offer_preparation'));
    expect(byPhone.body.items.map((c: Body) => c.id)).toEqual([theirs.id]);
    const performer = t.as('broker', 'contract_performance');
    expect((await t.http.get(`/api/contracts/${theirContract}`).set(performer)).status).toBe(404);
    const renewals = await t.http.get('/api/contracts/renewals?withinDays=60').set(performer);
    expect(renewals.status).toBe(200);
    expect(renewals.body.items.map((c: Body) => c.id)).not.toContain(theirContract);
    const offer = await t.http
      .post('/api/offer-requests')
      .set(broker)
      .send({ clientId: theirs.id, lineOfBusiness: 'motor', needs: { requiredCoverages: ['oc'] } });
    expect(offer.status).toBe(404);
    expect((await t.http.get(`/api/clients/${theirs.id}/consents`).set(broker)).status).toBe(404);
    // The other team's broker sees all of it (the control).
    expect(
      (await t.http.get(`/api/contracts/${theirContract}`).set(as2('contract_performance'))).status,
    ).toBe(200);
    const theirRenewals = await t.http
      .get('/api/contracts/renewals?withinDays=60')
      .set(as2('contract_performance'));
    expect(theirRenewals.body.items.map((c: Body) => c.id)).toContain(theirContract);
  });

  it('pages through the own portfolio only: every page full, the other team never counted', async () => {
    const broker = t.as('broker', 'offer_preparation');
    for (let i = 0; i < 3; i++) {
      const own = await t.http.post('/api/clients').set(broker).send(clientBody());
      expect(own.status).toBe(201);
    }
    // The other team's newest clients come first in the table's order: the SQL must skip them.
    for (let i = 0; i < 3; i++) await clientOfWarszawa();
    const page = await t.http.get('/api/clients?limit=2').set(broker);
    expect(page.body.items).toHaveLength(2);
    expect(page.body.nextCursor).not.toBeNull();
  });

  it('keeps the purposes that are not portfolio-bound as wide as their purpose', async () => {
    expect(
      (await t.http.get(`/api/clients/${theirs.id}`).set(t.as('dpo', 'data_subject_rights'))).status,
    ).toBe(200);
    expect(
      (await t.http.get(`/api/clients/${theirs.id}`).set(t.as('accountant', 'legal_obligation'))).status,
    ).toBe(200);
  });

  it('refuses a client in a team the broker is not in, and a broker in no team', async () => {
    const foreign = await t.http
      .post('/api/clients')
      .set(t.as('broker', 'offer_preparation'))
      .send({ ...clientBody(), teamId: warszawa });
    expect(foreign.status).toBe(403);
    expect(foreign.body.code).toBe('TEAM_NOT_YOURS');
    const loner = await t.app.get(StaffService).upsert({
      email: 'broker3@demo.local',
      fullName: 'Lech Samotny',
      role: 'broker',
      password: TEST_PASSWORD,
    });
    const login = await t.http
      .post('/api/auth/login')
      .send({ email: 'broker3@demo.local', password: TEST_PASSWORD });
    const headers = { authorization: `Bearer ${login.body.accessToken}`, 'x-purpose': 'offer_preparation' };
    const res = await t.http.post('/api/clients').set(headers).send(clientBody());
    expect(res.status).toBe(409);
    expect(res.body.code).toBe('NO_TEAM');
    const list = await t.http.get('/api/clients?limit=100').set(headers);
    expect(list.body.items).toEqual([]);
    expect(loner.id).toBeTruthy();
  });

  it('opens a client by break-glass only with a reason, at once, marks what is read, and ends it at expiry', async () => {
    const broker = t.as('broker', 'offer_preparation');
    const without = await t.http.post(`/api/clients/${theirs.id}/break-glass`).set(broker).send({});
    expect(without.status).toBe(400);
    expect((await t.http.get(`/api/clients/${theirs.id}`).set(broker)).status).toBe(404);
    const marketer = await t.http
      .post(`/api/clients/${theirs.id}/break-glass`)
      .set(t.as('marketing', 'marketing'))
      .send({ reason: 'Klient dzwoni w sprawie szkody' });
    expect(marketer.status).toBe(403);

    const grant = await t.http
      .post(`/api/clients/${theirs.id}/break-glass`)
      .set(broker)
      .send({ reason: 'Klient dzwoni w sprawie szkody, opiekunka na urlopie', minutes: 5 });
    expect(grant.status).toBe(201);
    expect(Date.parse(grant.body.expiresAt)).toBeGreaterThan(Date.now() + 4 * 60_000);
    const read = await t.http.get(`/api/clients/${theirs.id}`).set(broker);
    expect(read.status).toBe(200);
    expect(read.body.lastName).toBe('Wiśniewska');
    const [entry] = await t.db.query(
      `SELECT reason, action, outcome FROM audit_entry WHERE request_id = $1 AND action = 'read'`,
      [read.headers['x-request-id']],
    );
    expect(entry).toEqual({ reason: 'break_glass', action: 'read', outcome: 'allowed' });
    // Managers see the grant among the anomalies: who, whom, why, and what was done through it.
    const anomalies = await t.http.get('/api/access-logs/anomalies').set(t.as('manager', 'security_audit'));
    expect(anomalies.status).toBe(200);
    const finding = anomalies.body.findings.find(
      (f: Body) => f.kind === 'break_glass' && f.clientId === theirs.id,
    );
    expect(finding).toMatchObject({
      actorId: t.staff.broker.id,
      reason: 'Klient dzwoni w sprawie szkody, opiekunka na urlopie',
      entryCount: 1,
      actions: ['read:client'],
    });
    expect(anomalies.body.summary.break_glass).toBe(1);
    // Only that client: the rest of the other team stays hidden.
    const other = await clientOfWarszawa();
    expect((await t.http.get(`/api/clients/${other.id}`).set(broker)).status).toBe(404);
    const again = await t.http
      .post(`/api/clients/${theirs.id}/break-glass`)
      .set(t.as('broker', 'contract_performance'))
      .send({ reason: 'Drugi raz' });
    expect(again.status).toBe(201);

    // Expiry: the grant ends by the clock, even with the portfolio still cached.
    await t.db.query(
      `UPDATE break_glass_grant SET expires_at = now() - interval '1 second', granted_at = now() - interval '1 hour'`,
    );
    await t.app.get(PortfolioAccess).forget(t.staff.broker.id);
    expect((await t.http.get(`/api/clients/${theirs.id}`).set(broker)).status).toBe(404);
  });

  it('moves a client between portfolios with a reason (admins and managers only), effective at once', async () => {
    const moved = await clientOfWarszawa({ lastName: 'Przeniesiona' });
    const [ours] = await t.db.query(`SELECT team_id::text FROM staff_team WHERE staff_id = $1`, [
      t.staff.broker.id,
    ]);
    const body = { teamId: ours.team_id, reason: 'Klientka przeprowadziła się do Białegostoku' };
    expect(
      (await t.http.post(`/api/clients/${moved.id}/transfer`).set(t.as('broker')).send(body)).status,
    ).toBe(403);
    expect(
      (
        await t.http
          .post(`/api/clients/${moved.id}/transfer`)
          .set(t.as('manager'))
          .send({ teamId: ours.team_id })
      ).status,
    ).toBe(400);
    const res = await t.http.post(`/api/clients/${moved.id}/transfer`).set(t.as('manager')).send(body);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ clientId: moved.id, fromTeamId: warszawa, teamId: ours.team_id });
    expect(
      (await t.http.get(`/api/clients/${moved.id}`).set(t.as('broker', 'offer_preparation'))).status,
    ).toBe(200);
    expect((await t.http.get(`/api/clients/${moved.id}`).set(as2('offer_preparation'))).status).toBe(404);
    const [entry] = await t.db.query(
      `SELECT resource, fields, client_ids::text[] AS client_ids, reason FROM audit_entry WHERE request_id = $1`,
      [res.headers['x-request-id']],
    );
    expect(entry).toEqual({
      resource: 'client_transfer',
      fields: ['teamId'],
      client_ids: [moved.id],
      reason: null,
    });
  });

  it('takes the portfolio away on the next request when a broker leaves the team', async () => {
    const mine = await clientOfWarszawa();
    expect((await t.http.get(`/api/clients/${mine.id}`).set(as2('offer_preparation'))).status).toBe(200);
    const removed = await t.http.delete(`/api/teams/${warszawa}/members/${broker2.id}`).set(t.as('admin'));
    expect(removed.status).toBe(204);
    expect((await t.http.get(`/api/clients/${mine.id}`).set(as2('offer_preparation'))).status).toBe(404);
    const list = await t.http.get('/api/teams').set(t.as('manager'));
    expect(list.body.items.find((team: Body) => team.id === warszawa).members).toEqual([]);
    expect((await t.http.post('/api/teams').set(t.as('manager')).send({ name: 'Kraków' })).status).toBe(403);
  });
});
