import { INestApplicationContext } from '@nestjs/common';
import { auditEntriesOf, createClient, grantConsent } from './support/fixtures';
import { clearRedisPrefix, startWorker, waitFor } from './support/messaging';
import { SmtpSink, startSmtpSink } from './support/smtp-sink';
import { startTestApp, TestApp } from './support/test-app';

/**
 * What the marketing screens need around a campaign: the list, the audience of a draft counted as
 * the launch selects it, a preview for one recipient and a test mail to the staff member only. The
 * API and a worker on their own database and Redis keys, a real SMTP server as the sink.
 */
type Client = { id: string; body: Record<string, unknown> };

describe('campaigns for the workplace: list, audience, preview, test mail', () => {
  let t: TestApp;
  let sink: SmtpSink;
  let worker: INestApplicationContext | null = null;
  const marketing = () => t.as('marketing', 'marketing');

  async function createCampaign(name: string, body: Record<string, unknown> = {}): Promise<string> {
    const res = await t.http
      .post('/api/campaigns')
      .set(marketing())
      .send({
        name,
        channel: 'email',
        subject: 'Oferty dla {{firstName}}',
        body: '<p>Dzień dobry {{firstName}} {{lastName}},</p><p>nowe oferty.</p>',
        ...body,
      });
    expect(res.status).toBe(201);
    return res.body.id;
  }

  async function recipientRows(campaignId: string): Promise<number> {
    const [{ n }] = await t.db.query(
      `SELECT count(*)::int AS n FROM campaign_recipient WHERE campaign_id = $1`,
      [campaignId],
    );
    return n;
  }

  beforeAll(async () => {
    sink = await startSmtpSink();
    t = await startTestApp({
      SMTP_URL: sink.url,
      MAIL_RETRY_DELAY_MS: '100',
      MAIL_SEND_ATTEMPTS: '3',
      PUBLIC_BASE_URL: 'https://crm.example.test',
    });
  });
  afterAll(async () => {
    await worker?.close();
    await t?.close();
    await sink?.close();
    if (t) await clearRedisPrefix(t.config);
  });

  it('describes the new routes in the OpenAPI document: summary, answer type, uuid ids', async () => {
    const doc = (await t.http.get('/docs/openapi.json')).body;
    const routes: Array<[string, string, string, string]> = [
      ['/api/campaigns', 'get', '200', 'CampaignPageDto'],
      ['/api/campaigns/{id}', 'get', '200', 'CampaignResponseDto'],
      ['/api/campaigns/{id}/preview', 'post', '200', 'CampaignPreviewDto'],
      ['/api/campaigns/{id}/test-send', 'post', '200', 'CampaignTestSendDto'],
    ];
    for (const [path, method, status, type] of routes) {
      const operation = doc.paths[path]?.[method];
      expect([path, typeof operation?.summary]).toEqual([path, 'string']);
      expect(operation.responses[status].content['application/json'].schema.$ref).toBe(
        `#/components/schemas/${type}`,
      );
      const id = (
        operation.parameters as Array<{ name: string; in: string; schema: { format?: string } }>
      ).find((p) => p.in === 'path' && p.name === 'id');
      if (path.includes('{id}')) expect([path, id?.schema.format]).toEqual([path, 'uuid']);
    }
    const preview = doc.components.schemas.PreviewCampaignDto.properties.clientId;
    expect(preview.format).toBe('uuid');
    const audience = doc.components.schemas.CampaignAudienceViewDto.properties;
    expect(Object.keys(audience).sort()).toEqual(['eligible', 'excluded', 'lineOfBusiness']);
  });

  describe('GET /api/campaigns', () => {
    const ids: string[] = [];
    beforeAll(async () => {
      for (const name of ['Wiosna', 'Lato', 'Jesień']) ids.push(await createCampaign(name));
    });

    it('lists the campaigns newest first, a page at a time, with the cursor', async () => {
      const first = await t.http.get('/api/campaigns?limit=2').set(marketing());
      expect(first.status).toBe(200);
      expect(first.body.items.map((c: { id: string }) => c.id)).toEqual([ids[2], ids[1]]);
      expect(first.body.items[0]).toMatchObject({ name: 'Jesień', status: 'draft', channel: 'email' });
      expect(first.body.items[0].counts).toMatchObject({ targeted: 0, sent: 0 });
      expect(typeof first.body.nextCursor).toBe('string');

      const second = await t.http
        .get(`/api/campaigns?limit=2&cursor=${first.body.nextCursor}`)
        .set(marketing());
      expect(second.status).toBe(200);
      expect(second.body.items.map((c: { id: string }) => c.id)).toEqual([ids[0]]);
      expect(second.body.nextCursor).toBeNull();

      const all = await t.http.get('/api/campaigns').set(marketing());
      const createdAt = all.body.items.map((c: { createdAt: string }) => c.createdAt);
      expect(createdAt).toEqual([...createdAt].sort().reverse());
    });

    it('refuses a cursor it did not hand out and a limit out of range', async () => {
      const cursor = await t.http.get('/api/campaigns?cursor=bm90LWEtY3Vyc29y').set(marketing());
      expect(cursor.status).toBe(400);
      expect(cursor.body.code).toBe('INVALID_CURSOR');
      const limit = await t.http.get('/api/campaigns?limit=501').set(marketing());
      expect(limit.status).toBe(400);
    });

    it('is recorded as a listing of campaigns under marketing', async () => {
      const res = await t.http.get('/api/campaigns?limit=1').set(marketing());
      const entries = await auditEntriesOf(t, res.headers['x-request-id'] as string);
      expect(entries).toEqual([
        expect.objectContaining({
          actor_id: t.staff.marketing.id,
          purpose: 'marketing',
          action: 'list',
          resource: 'campaign',
          outcome: 'allowed',
        }),
      ]);
    });
  });

  describe('a draft, previewed and test-sent, then launched', () => {
    const c: Record<string, Client> = {};
    let id: string;
    let audience: {
      eligible: number;
      excluded: { noConsent: number; objection: number; restricted: number; noAddress: number };
    };

    beforeAll(async () => {
      c.anna = await createClient(t, { firstName: 'Anna', lastName: 'Nowak' });
      c.escaped = await createClient(t, { firstName: '<b>Zoë</b>', lastName: "O'Brien & Co" });
      c.third = await createClient(t, { firstName: 'Cezary' });
      c.none = await createClient(t);
      c.phoneOnly = await createClient(t);
      c.remindersOnly = await createClient(t);
      c.objected = await createClient(t);
      c.restricted = await createClient(t);
      c.noEmail = await createClient(t, { email: undefined });
      c.anonymised = await createClient(t);
      for (const k of ['anna', 'escaped', 'third', 'objected', 'restricted', 'noEmail', 'anonymised'])
        await grantConsent(t, c[k].id, 'marketing', 'email');
      await grantConsent(t, c.phoneOnly.id, 'marketing', 'phone');
      await grantConsent(t, c.remindersOnly.id, 'renewal_reminders', 'email');
      await t.db.query(`UPDATE client SET restricted = true WHERE id = $1`, [c.restricted.id]);
      await t.db.query(`UPDATE client SET objected_to_marketing = true WHERE id = $1`, [c.objected.id]);
      await t.db.query(`UPDATE client SET status = 'anonymised' WHERE id = $1`, [c.anonymised.id]);
      id = await createCampaign('Oferty zimowe');
    });

    const eligibleIds = () => [c.anna.id, c.escaped.id, c.third.id].sort();

    it('counts the audience of the draft: who would receive it and why the others would not', async () => {
      const res = await t.http.get(`/api/campaigns/${id}`).set(marketing());
      expect(res.status).toBe(200);
      expect(res.body.status).toBe('draft');
      audience = res.body.audience;
      expect(audience).toEqual({
        eligible: 3,
        // No marketing consent on e-mail: no consent at all, a phone consent only, a reminders
        // consent only. The clients of the list's campaigns above are none of these.
        excluded: { noConsent: 3, objection: 1, restricted: 1, noAddress: 1 },
      });
    });

    it('renders the mail for an eligible client with the sender’s template code, and records a read of the names', async () => {
      const res = await t.http
        .post(`/api/campaigns/${id}/preview`)
        .set(marketing())
        .send({ clientId: c.escaped.id });
      expect(res.status).toBe(200);
      expect(res.body.clientId).toBe(c.escaped.id);
      expect(res.body.subject).toBe('Oferty dla <b>Zoë</b>');
      expect(res.body.body).toContain('Dzień dobry &lt;b&gt;Zoë&lt;/b&gt; O&#39;Brien &amp; Co,');
      expect(res.body.body).toContain('Wypisz się');
      expect(res.body.text).toContain("Dzień dobry <b>Zoë</b> O'Brien & Co,");
      // The link in a preview withdraws nothing: no personal token leaves to staff.
      expect(res.body.body).toContain('https://crm.example.test/api/unsubscribe?token=example');
      expect(JSON.stringify(res.body)).not.toContain(c.escaped.body.email as string);

      const entries = await auditEntriesOf(t, res.headers['x-request-id'] as string);
      expect(entries).toEqual([
        expect.objectContaining({
          actor_id: t.staff.marketing.id,
          purpose: 'marketing',
          action: 'read',
          resource: 'client',
          resource_id: c.escaped.id,
          client_ids: [c.escaped.id],
          fields: ['firstName', 'lastName'],
          outcome: 'allowed',
          reason: 'campaign_preview',
        }),
      ]);
      const unsubscribePage = await t.http.get('/api/unsubscribe?token=example');
      expect(unsubscribePage.status).toBe(400);
    });

    it('without a client renders for the first recipient the launch would choose', async () => {
      const res = await t.http.post(`/api/campaigns/${id}/preview`).set(marketing()).send({});
      expect(res.status).toBe(200);
      expect(res.body.clientId).toBe(eligibleIds()[0]);
    });

    it('refuses a client the launch would not send to: 409 when marketing sees them, 404 when it does not', async () => {
      const objected = await t.http
        .post(`/api/campaigns/${id}/preview`)
        .set(marketing())
        .send({ clientId: c.objected.id });
      expect(objected.status).toBe(409);
      expect(objected.body.code).toBe('NOT_IN_AUDIENCE');
      expect(JSON.stringify(objected.body)).not.toContain('<p>');

      // Marketing sees these (a consent on some channel) but a launch skips them.
      for (const [name, seen] of [
        ['phoneOnly', c.phoneOnly],
        ['anonymised', c.anonymised],
      ] as const) {
        const res = await t.http
          .post(`/api/campaigns/${id}/preview`)
          .set(marketing())
          .send({ clientId: seen.id });
        expect([name, res.status, res.body.code]).toEqual([name, 409, 'NOT_IN_AUDIENCE']);
      }

      for (const [name, hidden] of [
        ['none', c.none],
        ['restricted', c.restricted],
      ] as const) {
        const res = await t.http
          .post(`/api/campaigns/${id}/preview`)
          .set(marketing())
          .send({ clientId: hidden.id });
        expect([name, res.status]).toEqual([name, 404]);
        expect(JSON.stringify(res.body)).not.toContain('Dzień dobry');
      }
      const entries = await t.db.query(
        `SELECT client_ids::text[] AS client_ids FROM audit_entry
          WHERE reason = 'campaign_preview' AND outcome = 'allowed'`,
      );
      const previewed = entries.map((e: { client_ids: string[] }) => e.client_ids[0]);
      for (const k of ['objected', 'phoneOnly', 'none', 'restricted', 'anonymised'])
        expect(previewed).not.toContain(c[k].id);
    });

    it('refuses bad input with a clear 400', async () => {
      const notUuid = await t.http
        .post(`/api/campaigns/${id}/preview`)
        .set(marketing())
        .send({ clientId: 'anna@example.com' });
      expect(notUuid.status).toBe(400);
      const extra = await t.http
        .post(`/api/campaigns/${id}/preview`)
        .set(marketing())
        .send({ email: 'x@example.com' });
      expect(extra.status).toBe(400);
      const missing = await t.http
        .post('/api/campaigns/00000000-0000-4000-8000-000000000000/preview')
        .set(marketing())
        .send({});
      expect(missing.status).toBe(404);
    });

    it('sends the test mail to the signed-in staff member only, marked as a test, and records it', async () => {
      const res = await t.http.post(`/api/campaigns/${id}/test-send`).set(marketing());
      expect(res.status).toBe(200);
      expect(res.body).toEqual({ to: t.staff.marketing.email, subject: '[TEST] Oferty dla Marta' });

      await waitFor('the test mail', async () => sink.mails.length >= 1);
      expect(sink.mails).toHaveLength(1);
      const [mail] = sink.mails;
      expect(mail.to).toEqual([t.staff.marketing.email]);
      expect(mail.headers.get('to')).toBe(t.staff.marketing.email);
      expect(mail.headers.get('subject')).toBe('[TEST] Oferty dla Marta');
      expect(mail.body).toContain('Dzień dobry Marta Marketing,');
      for (const client of Object.values(c)) {
        expect(mail.raw).not.toContain(client.id);
        if (client.body.email) expect(mail.raw).not.toContain(client.body.email as string);
      }
      expect(await recipientRows(id)).toBe(0);

      const entries = await auditEntriesOf(t, res.headers['x-request-id'] as string);
      expect(entries).toEqual([
        expect.objectContaining({
          actor_id: t.staff.marketing.id,
          purpose: 'marketing',
          action: 'send',
          resource: 'campaign',
          resource_id: id,
          client_ids: [],
          outcome: 'allowed',
          reason: 'test_send',
        }),
      ]);
    });

    it('answers 503 with the mail server’s code when it refuses the test mail, and records that', async () => {
      sink.refuse.set(t.staff.marketing.email, { code: 550, times: 1 });
      const mailsBefore = sink.mails.length;
      const res = await t.http.post(`/api/campaigns/${id}/test-send`).set(marketing());
      expect(res.status).toBe(503);
      expect(res.body).toMatchObject({ code: 'TEST_MAIL_NOT_SENT', reason: 'smtp_550' });
      expect(sink.mails.length).toBe(mailsBefore);
      const entries = await auditEntriesOf(t, res.headers['x-request-id'] as string);
      expect(entries).toEqual([
        expect.objectContaining({
          action: 'send',
          resource: 'campaign',
          resource_id: id,
          reason: 'smtp_550',
        }),
      ]);
    });

    it('refuses a broker every one of these routes (403) and changes nothing', async () => {
      const before = await t.db.query(`SELECT status FROM campaign WHERE id = $1`, [id]);
      const mailsBefore = sink.mails.length;
      for (const purpose of ['offer_preparation', 'marketing']) {
        const broker = t.as('broker', purpose);
        const calls: Array<[string, () => Promise<{ status: number; body: Record<string, unknown> }>]> = [
          ['list', () => t.http.get('/api/campaigns').set(broker)],
          ['get', () => t.http.get(`/api/campaigns/${id}`).set(broker)],
          [
            'preview',
            () => t.http.post(`/api/campaigns/${id}/preview`).set(broker).send({ clientId: c.anna.id }),
          ],
          ['test-send', () => t.http.post(`/api/campaigns/${id}/test-send`).set(broker)],
        ];
        for (const [route, call] of calls) {
          const res = await call();
          expect([route, purpose, res.status]).toEqual([route, purpose, 403]);
          expect(JSON.stringify(res.body)).not.toContain('Dzień dobry');
          expect(res.body.items).toBeUndefined();
          expect(res.body.audience).toBeUndefined();
        }
      }
      await new Promise((r) => setTimeout(r, 200));
      expect(sink.mails.length).toBe(mailsBefore);
      expect(await t.db.query(`SELECT status FROM campaign WHERE id = $1`, [id])).toEqual(before);
      expect(await recipientRows(id)).toBe(0);
      const allowed = await t.db.query(
        `SELECT count(*)::int AS n FROM audit_entry WHERE actor_id = $1 AND outcome = 'allowed'
            AND (resource = 'campaign' OR reason = 'campaign_preview')`,
        [t.staff.broker.id],
      );
      expect(allowed[0].n).toBe(0);
    });

    it('sends to exactly as many clients as the draft counted, and to those the preview could show', async () => {
      const launched = await t.http.post(`/api/campaigns/${id}/launch`).set(marketing());
      expect(launched.status).toBe(202);
      worker = await startWorker(t.config);
      const done = await waitFor('the campaign to finish', async () => {
        const res = await t.http.get(`/api/campaigns/${id}`).set(marketing());
        return res.body.status === 'done' ? res.body : null;
      });
      expect(done.counts).toMatchObject({ targeted: audience.eligible, sent: audience.eligible, failed: 0 });
      // Once launched, the audience is the filter only: the counts are the recipients' rows.
      expect(done.audience).toEqual({});

      const campaignMails = sink.mails.filter((m) => !m.headers.get('subject')!.startsWith('[TEST] '));
      expect(campaignMails).toHaveLength(audience.eligible);
      expect(campaignMails.map((m) => m.to[0]).sort()).toEqual(
        [c.anna, c.escaped, c.third].map((x) => x.body.email as string).sort(),
      );
      const recipients = await t.http.get(`/api/campaigns/${id}/recipients`).set(marketing());
      expect(recipients.body.items.map((i: { clientId: string }) => i.clientId).sort()).toEqual(
        eligibleIds(),
      );
    });

    it('counts a draft filtered by line of business as its launch would select', async () => {
      for (const client of [c.anna, c.objected, c.none]) {
        const request = await t.http
          .post('/api/offer-requests')
          .set(t.as('broker', 'offer_preparation'))
          .send({ clientId: client.id, lineOfBusiness: 'motor', needs: { requiredCoverages: ['oc'] } });
        expect(request.status).toBe(201);
      }
      const motor = await createCampaign('Dla kierowców', { audience: { lineOfBusiness: 'motor' } });
      const res = await t.http.get(`/api/campaigns/${motor}`).set(marketing());
      expect(res.status).toBe(200);
      expect(res.body.audience).toEqual({
        lineOfBusiness: 'motor',
        eligible: 1,
        excluded: { noConsent: 1, objection: 1, restricted: 0, noAddress: 0 },
      });
      const preview = await t.http.post(`/api/campaigns/${motor}/preview`).set(marketing()).send({});
      expect(preview.status).toBe(200);
      expect(preview.body.clientId).toBe(c.anna.id);
      const outside = await t.http
        .post(`/api/campaigns/${motor}/preview`)
        .set(marketing())
        .send({ clientId: c.third.id });
      expect(outside.status).toBe(409);
      expect(outside.body.code).toBe('NOT_IN_AUDIENCE');

      const mailsBefore = sink.mails.length;
      expect((await t.http.post(`/api/campaigns/${motor}/launch`).set(marketing())).status).toBe(202);
      const done = await waitFor('the motor campaign to finish', async () => {
        const status = await t.http.get(`/api/campaigns/${motor}`).set(marketing());
        return status.body.status === 'done' ? status.body : null;
      });
      expect(done.counts).toMatchObject({ targeted: 1, sent: 1 });
      expect(sink.mails.slice(mailsBefore).map((m) => m.to)).toEqual([[c.anna.body.email]]);

      const travel = await createCampaign('Nikt', { audience: { lineOfBusiness: 'travel' } });
      const empty = await t.http.post(`/api/campaigns/${travel}/preview`).set(marketing()).send({});
      expect(empty.status).toBe(409);
      expect(empty.body.code).toBe('AUDIENCE_EMPTY');
    });
  });
});
