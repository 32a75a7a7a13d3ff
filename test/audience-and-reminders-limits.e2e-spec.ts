import { BrokerClock } from '@app/common/clock/broker-clock';
import { makeNip } from '@app/common/validation/nip';
import { addDays } from '../src/reminders/reminder-dates';
import { createClient, grantConsent } from './support/fixtures';
import { startTestApp, TestApp } from './support/test-app';

/**
 * Audience filters and reminder views use only what the registry gives the purpose: marketing may
 * not select an audience by a line that reveals health data (life, health), and the reminder view
 * under renewal_reminders does not give away the contract's end date.
 */
describe('audience filters and reminder views within the registry', () => {
  let t: TestApp;
  const marketing = () => t.as('marketing', 'marketing');
  const draft = (audience: Record<string, unknown>) =>
    t.http.post('/api/campaigns').set(marketing()).send({
      name: 'Offers',
      channel: 'email',
      subject: 'Offers for {{firstName}}',
      body: '<p>Dear {{firstName}}</p>',
      audience,
    });

  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(async () => {
    await t?.close();
  });

  describe('a campaign audience', () => {
    it('refuses a filter on life or health insurance with 403 naming the field and stores nothing; accepts a line marketing may use', async () => {
      const [{ n: before }] = await t.db.query(`SELECT count(*)::int AS n FROM campaign`);
      for (const line of ['life', 'health']) {
        const res = await draft({ lineOfBusiness: line });
        expect(res.status).toBe(403);
        expect(res.body.code).toBe('AUDIENCE_FILTER_NOT_ALLOWED');
        expect(res.body.fields).toEqual(['audience.lineOfBusiness']);
      }
      const [{ n: after }] = await t.db.query(`SELECT count(*)::int AS n FROM campaign`);
      expect(after).toBe(before);
      const denied = await t.db.query(
        `SELECT fields FROM audit_entry WHERE resource = 'campaign' AND outcome = 'denied' AND reason = 'AUDIENCE_FILTER_NOT_ALLOWED'`,
      );
      expect(denied).toHaveLength(2);
      expect(denied[0].fields).toEqual(['audience.lineOfBusiness']);
      // The other side: a line the registry gives marketing, and no filter at all.
      const motor = await draft({ lineOfBusiness: 'motor' });
      expect(motor.status).toBe(201);
      expect(motor.body.audience).toEqual({ lineOfBusiness: 'motor' });
      expect((await draft({})).status).toBe(201);
    });

    it('neither launches a campaign drafted with a forbidden filter nor lists its recipients', async () => {
      const client = await createClient(t);
      await grantConsent(t, client.id, 'marketing', 'email');
      const [{ id }] = await t.db.query(
        `INSERT INTO campaign (name, channel, subject, body, line_of_business, created_by)
         VALUES ('Old', 'email', 'Hi', '<p>Hi</p>', 'life', $1) RETURNING id::text`,
        [t.staff.marketing.id],
      );
      await t.db.query(
        `INSERT INTO campaign_recipient (campaign_id, client_id, status) VALUES ($1, $2, 'sent')`,
        [id, client.id],
      );
      const launch = await t.http.post(`/api/campaigns/${id}/launch`).set(marketing());
      expect(launch.status).toBe(403);
      expect(launch.body).toMatchObject({
        code: 'AUDIENCE_FILTER_NOT_ALLOWED',
        fields: ['audience.lineOfBusiness'],
      });
      const [{ status }] = await t.db.query(`SELECT status FROM campaign WHERE id = $1`, [id]);
      expect(status).toBe('draft');
      const recipients = await t.http.get(`/api/campaigns/${id}/recipients`).set(marketing());
      expect(recipients.status).toBe(403);
      expect(JSON.stringify(recipients.body)).not.toContain(client.id);
    });

    it('shows recipients of an allowed audience with ids and statuses, never a restriction marketing may not know of', async () => {
      const motor = await draft({ lineOfBusiness: 'motor' });
      const kept = await createClient(t);
      const restricted = await createClient(t);
      await t.db.query(
        `INSERT INTO campaign_recipient (campaign_id, client_id, status, reason) VALUES ($1, $2, 'sent', NULL), ($1, $3, 'skipped', 'restricted')`,
        [motor.body.id, kept.id, restricted.id],
      );
      const res = await t.http.get(`/api/campaigns/${motor.body.id}/recipients`).set(marketing());
      expect(res.status).toBe(200);
      const byId = new Map(res.body.items.map((i: { clientId: string }) => [i.clientId, i]));
      expect(byId.get(kept.id)).toEqual({ clientId: kept.id, status: 'sent' });
      expect(byId.get(restricted.id)).toEqual({
        clientId: restricted.id,
        status: 'skipped',
        reason: 'not_eligible',
      });
    });

    it('is described in the privacy notice from the registry: what marketing selects by, and never life or health', async () => {
      const en = await t.http.get('/api/privacy/notice?lang=en');
      expect(en.status).toBe(200);
      const selection = en.body.sections.find((s: { key: string }) => s.key === 'selection');
      const marketingLine = selection.paragraphs.find((p: string) =>
        p.startsWith('Informing about new insurance offers'),
      );
      expect(marketingLine).toContain('lines of business');
      expect(marketingLine).toContain('motor');
      expect(marketingLine).toMatch(/never: life, health/);
      const pl = await t.http.get('/api/privacy/notice?lang=pl');
      expect(pl.body.text).toContain('nigdy: na życie, zdrowotne');
      const purposes = await t.http.get('/api/privacy/purposes').set(t.as('dpo'));
      const marketingPurpose = purposes.body.items.find(
        (p: { purpose: string }) => p.purpose === 'marketing',
      );
      expect(marketingPurpose.audienceSelection.lineOfBusiness).not.toContain('life');
      expect(marketingPurpose.audienceSelection.lineOfBusiness).toContain('motor');
    });
  });

  describe('the reminders of a contract', () => {
    let contractId: string;
    let endDate: string;
    let dueOn: string;

    beforeAll(async () => {
      const today = t.app.get(BrokerClock).today();
      endDate = addDays(today, 30);
      dueOn = today;
      const insurer = await t.http
        .post('/api/insurers')
        .set(t.as('admin'))
        .send({ name: 'Limits TU', nip: makeNip(733_000_100), dsrContactEmail: 'iod@limits.example' });
      expect(insurer.status).toBe(201);
      const client = await createClient(t);
      await grantConsent(t, client.id, 'renewal_reminders', 'email');
      const broker = t.as('broker', 'offer_preparation');
      const request = await t.http
        .post('/api/offer-requests')
        .set(broker)
        .send({ clientId: client.id, lineOfBusiness: 'motor', needs: { requiredCoverages: ['oc'] } });
      const money = (amount: number) => ({ amount, currency: 'PLN' });
      const quote = await t.http
        .post(`/api/offer-requests/${request.body.id}/quotes`)
        .set(broker)
        .send({
          insurerId: insurer.body.id,
          productName: 'Auto',
          premium: money(100_000),
          sumInsured: money(5_000_000),
          deductible: money(0),
          coverages: [{ code: 'oc', limit: money(500_000_000) }],
          validUntil: addDays(today, 10),
          commissionRate: 0.1,
        });
      const contract = await t.http
        .post(`/api/offer-requests/${request.body.id}/conclude`)
        .set(t.as('broker', 'contract_performance'))
        .send({
          quoteId: quote.body.id,
          policyNumber: 'LIM/1',
          startDate: addDays(today, -335),
          endDate,
          recommendation: 'Renewal.',
        });
      expect(contract.status).toBe(201);
      contractId = contract.body.id;
      await t.db.query(
        `INSERT INTO contract_reminder (contract_id, client_id, lead_days, end_date, due_on, scan_date, status, finished_at)
         VALUES ($1, $2, 30, $3, $4, $4, 'sent', now())`,
        [contractId, client.id, endDate, dueOn],
      );
    });

    it('under renewal_reminders shows the status and sent time but nothing that gives away the end date; contract_performance sees it', async () => {
      const res = await t.http
        .get(`/api/contracts/${contractId}/reminders`)
        .set(t.as('marketing', 'renewal_reminders'));
      expect(res.status).toBe(200);
      expect(res.body.items).toHaveLength(1);
      expect(Object.keys(res.body.items[0]).sort()).toEqual(['finishedAt', 'status']);
      expect(res.body.items[0].status).toBe('sent');
      expect(JSON.stringify(res.body)).not.toContain(endDate);
      const [entry] = await t.db.query(
        `SELECT fields FROM audit_entry WHERE resource = 'contract_reminder' AND action = 'list' AND purpose = 'renewal_reminders' AND outcome = 'allowed'`,
      );
      expect(entry.fields).toEqual([]);
      // The other side: contract_performance may read the end date, and sees it with the lead time and due day.
      const broker = await t.http
        .get(`/api/contracts/${contractId}/reminders`)
        .set(t.as('broker', 'contract_performance'));
      expect(broker.status).toBe(200);
      expect(broker.body.items[0]).toMatchObject({ leadDays: 30, dueOn, endDate, status: 'sent' });
    });
  });
});
