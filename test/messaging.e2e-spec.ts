import { BrokerClock } from '@app/common/clock/broker-clock';
import { INestApplicationContext } from '@nestjs/common';
import { getQueueToken } from '@nestjs/bullmq';
import type { Queue } from 'bullmq';
import { makeNip } from '@app/common/validation/nip';
import { calendarDate } from '@app/common/locale/polish';
import { QUEUES, jobIds } from '../src/jobs';
import { addDays } from '../src/reminders/reminder-dates';
import { concludeContract, createClient, grantConsent } from './support/fixtures';
import { clearRedisPrefix, startWorker, waitFor } from './support/messaging';
import { SmtpSink, startSmtpSink } from './support/smtp-sink';
import { startTestApp, TestApp } from './support/test-app';

/**
 * Campaigns, unsubscribe links and expiry reminders end to end: the API on its own database, a
 * worker in-process on the same configuration, and a real SMTP server as the sink.
 */
type Client = { id: string; body: Record<string, unknown> };

describe('messaging: consent-gated campaigns and expiry reminders', () => {
  let t: TestApp;
  let sink: SmtpSink;
  let worker: INestApplicationContext | null = null;
  let mailQueue: Queue;
  const marketing = () => t.as('marketing', 'marketing');

  async function campaign(body: Record<string, unknown> = {}): Promise<string> {
    const res = await t.http
      .post('/api/campaigns')
      .set(marketing())
      .send({
        name: 'Spring offers',
        channel: 'email',
        subject: 'Offers for {{firstName}}',
        body: '<p>Dear {{firstName}} {{lastName}},</p><p>new offers.</p>',
        ...body,
      });
    expect(res.status).toBe(201);
    expect(res.body.status).toBe('draft');
    return res.body.id;
  }

  async function status(id: string) {
    const res = await t.http.get(`/api/campaigns/${id}`).set(marketing());
    expect(res.status).toBe(200);
    return res.body;
  }

  async function rows(
    campaignId: string,
  ): Promise<Map<string, { status: string; reason: string | null; attempts: number }>> {
    const found = await t.db.query(
      `SELECT client_id::text, status, reason, attempts FROM campaign_recipient WHERE campaign_id = $1`,
      [campaignId],
    );
    return new Map(
      found.map((r: { client_id: string; status: string; reason: string | null; attempts: number }) => [
        r.client_id,
        r,
      ]),
    );
  }

  const emailOf = (c: Client) => c.body.email as string;

  beforeAll(async () => {
    sink = await startSmtpSink();
    t = await startTestApp({
      SMTP_URL: sink.url,
      MAIL_RETRY_DELAY_MS: '100',
      MAIL_SEND_ATTEMPTS: '3',
      PUBLIC_BASE_URL: 'https://crm.example.test',
    });
    mailQueue = t.app.get<Queue>(getQueueToken(QUEUES.mail));
  });
  afterAll(async () => {
    await worker?.close();
    await t?.close();
    await sink?.close();
    if (t) await clearRedisPrefix(t.config);
  });

  describe('a campaign', () => {
    const c: Record<string, Client> = {};
    let id: string;

    beforeAll(async () => {
      c.consenting = await createClient(t, { firstName: 'Anna' });
      c.escaped = await createClient(t, { firstName: '<b>Zoë</b>', lastName: "O'Brien & Co" });
      c.phoneOnly = await createClient(t);
      c.none = await createClient(t);
      c.restricted = await createClient(t);
      c.objected = await createClient(t);
      c.anonymised = await createClient(t);
      c.withdrawn = await createClient(t);
      c.noEmail = await createClient(t, { email: undefined });
      c.remindersOnly = await createClient(t);
      for (const k of [
        'consenting',
        'escaped',
        'restricted',
        'objected',
        'anonymised',
        'withdrawn',
        'noEmail',
      ]) {
        await grantConsent(t, c[k].id, 'marketing', 'email');
      }
      await grantConsent(t, c.phoneOnly.id, 'marketing', 'phone');
      await grantConsent(t, c.remindersOnly.id, 'renewal_reminders', 'email');
      await t.db.query(`UPDATE client SET restricted = true WHERE id = $1`, [c.restricted.id]);
      await t.db.query(`UPDATE client SET objected_to_marketing = true WHERE id = $1`, [c.objected.id]);
      await t.db.query(`UPDATE client SET status = 'anonymised' WHERE id = $1`, [c.anonymised.id]);
      const withdrawn = await t.http
        .post(`/api/clients/${c.withdrawn.id}/consents/withdraw`)
        .set(t.as('broker', 'offer_preparation'))
        .send({ purpose: 'marketing', channel: 'email', source: 'phone_call' });
      expect(withdrawn.status).toBe(200);

      id = await campaign();
      const launched = await t.http.post(`/api/campaigns/${id}/launch`).set(marketing());
      expect(launched.status).toBe(202);
      expect(launched.body.status).toBe('running');
      // The API only enqueues: nothing is selected or sent until a worker runs.
      await new Promise((r) => setTimeout(r, 300));
      expect((await rows(id)).size).toBe(0);
      expect(sink.mails).toHaveLength(0);
      worker = await startWorker(t.config);
      await waitFor('the campaign to finish', async () => (await status(id)).status === 'done');
    });

    it('delivers exactly one mail to each consenting client and none to anyone else', async () => {
      const s = await status(id);
      expect(s.counts).toMatchObject({ targeted: 2, sent: 2, skipped: 0, failed: 0, queued: 0, sending: 0 });
      expect(sink.to(emailOf(c.consenting))).toHaveLength(1);
      expect(sink.to(emailOf(c.escaped))).toHaveLength(1);
      expect(sink.mails).toHaveLength(2);
      const recipients = await t.http.get(`/api/campaigns/${id}/recipients`).set(marketing());
      expect(recipients.status).toBe(200);
      expect(recipients.body.items.map((i: { clientId: string }) => i.clientId).sort()).toEqual(
        [c.consenting.id, c.escaped.id].sort(),
      );
      for (const item of recipients.body.items)
        expect(Object.keys(item).sort()).toEqual(['clientId', 'status']);
    });

    it('renders the template with the names HTML-escaped and carries the one-click unsubscribe headers and link', async () => {
      const [mail] = sink.to(emailOf(c.escaped));
      expect(mail.headers.get('subject')).toContain('Offers for');
      const html = mail.body.slice(mail.body.indexOf('Content-Type: text/html'));
      expect(html).toContain('Dear &lt;b&gt;Zoë&lt;/b&gt; O&#39;Brien &amp; Co,');
      expect(html).not.toContain('<b>Zoë</b>');
      const listUnsubscribe = mail.headers.get('list-unsubscribe')!;
      expect(listUnsubscribe).toMatch(
        /^<https:\/\/crm\.example\.test\/api\/unsubscribe\?token=[A-Za-z0-9_-]{40,}>$/,
      );
      expect(mail.headers.get('list-unsubscribe-post')).toBe('List-Unsubscribe=One-Click');
      const link = listUnsubscribe.slice(1, -1);
      expect(mail.body).toContain(link);
      expect(mail.headers.get('message-id')).toBe(`<campaign.${id}.${c.escaped.id}@jpu24.pl>`);
      // The token names nobody: neither the client id nor the e-mail address appears in it.
      const token = new URL(link).searchParams.get('token')!;
      expect(Buffer.from(token, 'base64url').toString('latin1')).not.toContain(
        c.escaped.id.replace(/-/g, ''),
      );
      expect(token).not.toContain(c.escaped.id);
    });

    it('records each send as an operation of the system under the marketing purpose, with the e-mail field', async () => {
      const entries = await t.db.query(
        `SELECT actor_role, actor_id, purpose, resource, resource_id, client_ids::text[] AS client_ids, fields, outcome, reason
           FROM audit_entry WHERE action = 'send' AND resource_id = $1`,
        [id],
      );
      expect(entries).toHaveLength(2);
      for (const e of entries) {
        expect(e).toMatchObject({
          actor_role: 'system',
          actor_id: null,
          purpose: 'marketing',
          resource: 'campaign_recipient',
          fields: ['email'],
          outcome: 'allowed',
          reason: null,
        });
      }
      expect(entries.map((e: { client_ids: string[] }) => e.client_ids[0]).sort()).toEqual(
        [c.consenting.id, c.escaped.id].sort(),
      );
    });

    it('following the link withdraws the consent: GET shows a button, POST (one-click) withdraws, idempotently', async () => {
      const [mail] = sink.to(emailOf(c.consenting));
      const url = new URL(mail.headers.get('list-unsubscribe')!.slice(1, -1));
      const path = `${url.pathname}${url.search}`;
      const page = await t.http.get(path);
      expect(page.status).toBe(200);
      expect(page.headers['content-type']).toContain('text/html');
      expect(page.text).toMatch(/<form method="post" action="\?token=[A-Za-z0-9_-]+">/);
      expect(page.text).not.toContain('<script');
      expect(page.text).not.toContain(emailOf(c.consenting));
      // GET withdraws nothing (link scanners).
      const [still] = await t.db.query(
        `SELECT count(*)::int AS n FROM consent WHERE client_id = $1 AND purpose = 'marketing' AND withdrawn_at IS NULL`,
        [c.consenting.id],
      );
      expect(still.n).toBe(1);

      const oneClick = await t.http.post(path).type('form').send('List-Unsubscribe=One-Click');
      expect(oneClick.status).toBe(200);
      const [consent] = await t.db.query(
        `SELECT withdrawn_at, withdrawal_source, withdrawn_by FROM consent WHERE client_id = $1 AND purpose = 'marketing' AND channel = 'email'`,
        [c.consenting.id],
      );
      expect(consent.withdrawn_at).not.toBeNull();
      expect(consent).toMatchObject({ withdrawal_source: 'unsubscribe_link', withdrawn_by: null });
      const again = await t.http.post(path).type('form').send('List-Unsubscribe=One-Click');
      expect(again.status).toBe(200);
      const entries = await t.db.query(
        `SELECT actor_role, purpose, reason FROM audit_entry WHERE resource = 'consent' AND action = 'update' AND $1 = ANY(client_ids) ORDER BY id`,
        [c.consenting.id],
      );
      expect(entries.map((e: { reason: string }) => e.reason)).toEqual(['unsubscribe_link', 'NONE_ACTIVE']);
      expect(entries[0]).toMatchObject({ actor_role: 'data_subject', purpose: 'marketing' });
      // The marketing audience no longer holds the client.
      const visible = await t.http.get(`/api/clients/${c.consenting.id}`).set(marketing());
      expect(visible.status).toBe(404);
      // The token never reaches the request log.
      expect(
        t.requestLog
          .filter((l) => l.request.includes('/api/unsubscribe'))
          .every((l) => l.request.includes('token=REDACTED')),
      ).toBe(true);
    });

    it('refuses a tampered or foreign token without withdrawing anything', async () => {
      const [mail] = sink.to(emailOf(c.escaped));
      const token = new URL(mail.headers.get('list-unsubscribe')!.slice(1, -1)).searchParams.get('token')!;
      const flipped = `${token.slice(0, 10)}${token[10] === 'A' ? 'B' : 'A'}${token.slice(11)}`;
      for (const bad of [flipped, 'abc', '']) {
        const res = await t.http
          .post(`/api/unsubscribe?token=${bad}`)
          .type('form')
          .send('List-Unsubscribe=One-Click');
        expect(res.status).toBe(400);
        const page = await t.http.get(`/api/unsubscribe?token=${bad}`);
        expect(page.status).toBe(400);
      }
      const [active] = await t.db.query(
        `SELECT count(*)::int AS n FROM consent WHERE client_id = $1 AND withdrawn_at IS NULL`,
        [c.escaped.id],
      );
      expect(active.n).toBe(1);
    });

    it('refuses a second launch, placeholders it does not know, and other roles and purposes', async () => {
      expect((await t.http.post(`/api/campaigns/${id}/launch`).set(marketing())).status).toBe(409);
      const bad = await t.http
        .post('/api/campaigns')
        .set(marketing())
        .send({ name: 'x', channel: 'email', subject: 's', body: '{{pesel}}' });
      expect(bad.status).toBe(400);
      expect(bad.body.fields).toEqual(['body']);
      expect(
        (
          await t.http
            .post('/api/campaigns')
            .set(marketing())
            .send({ name: 'x', channel: 'phone', subject: 's', body: 'b' })
        ).status,
      ).toBe(400);
      expect(
        (await t.http.get(`/api/campaigns/${id}`).set(t.as('marketing', 'renewal_reminders'))).status,
      ).toBe(403);
      expect((await t.http.get(`/api/campaigns/${id}`).set(t.as('broker', 'offer_preparation'))).status).toBe(
        403,
      );
      expect((await t.http.get(`/api/campaigns/${id}`).set(t.as('marketing'))).status).toBe(400);
    });
  });

  describe('a consent withdrawn after launch, before the send', () => {
    it('produces a skip with the reason, not a mail; cancel stops every send not yet started', async () => {
      const a = await createClient(t);
      const b = await createClient(t);
      const d = await createClient(t);
      for (const x of [a, b, d]) await grantConsent(t, x.id, 'marketing', 'email');
      await mailQueue.pause();
      try {
        const id = await campaign({ name: 'Paused' });
        expect((await t.http.post(`/api/campaigns/${id}/launch`).set(marketing())).status).toBe(202);
        await waitFor(
          'the fan-out',
          async () => (await rows(id)).size >= 3 && (await status(id)).counts.queued >= 3,
        );
        expect((await rows(id)).get(a.id)?.status).toBe('queued');
        const w = await t.http
          .post(`/api/clients/${a.id}/consents/withdraw`)
          .set(marketing())
          .send({ purpose: 'marketing', channel: 'email', source: 'phone_call' });
        expect(w.status).toBe(200);
        await t.db.query(`UPDATE client SET restricted = true WHERE id = $1`, [d.id]);

        const cancelledId = await campaign({ name: 'To cancel' });
        expect((await t.http.post(`/api/campaigns/${cancelledId}/launch`).set(marketing())).status).toBe(202);
        await waitFor(
          'the second fan-out',
          async () =>
            (await status(cancelledId)).counts.queued >= 1 && (await status(cancelledId)).counts.targeted > 0,
        );
        const targeted = (await status(cancelledId)).counts.targeted;
        const cancel = await t.http.post(`/api/campaigns/${cancelledId}/cancel`).set(marketing());
        expect(cancel.status).toBe(200);
        expect(cancel.body.status).toBe('cancelled');
        expect(cancel.body.counts).toMatchObject({ targeted, skipped: targeted, queued: 0 });
        expect((await t.http.post(`/api/campaigns/${cancelledId}/launch`).set(marketing())).status).toBe(409);
        await waitFor(
          'the cancelled jobs to be removed',
          async () => (await mailQueue.getJob(jobIds.campaignSend(cancelledId, b.id))) === undefined,
        );

        const before = sink.mails.length;
        await mailQueue.resume();
        await waitFor('the campaign to finish', async () => (await status(id)).status === 'done');
        const r = await rows(id);
        expect(r.get(a.id)).toMatchObject({ status: 'skipped', reason: 'consent_withdrawn', attempts: 0 });
        expect(r.get(d.id)).toMatchObject({ status: 'skipped', reason: 'restricted' });
        expect(r.get(b.id)).toMatchObject({ status: 'sent' });
        await new Promise((res) => setTimeout(res, 300));
        const fresh = sink.mails.slice(before);
        expect(fresh.filter((m) => m.to.includes(a.body.email as string))).toHaveLength(0);
        expect(fresh.filter((m) => m.to.includes(d.body.email as string))).toHaveLength(0);
        expect(fresh.filter((m) => m.to.includes(b.body.email as string))).toHaveLength(1);
        expect(fresh.every((m) => m.headers.get('message-id')!.includes(id))).toBe(true);
        const [skip] = await t.db.query(
          `SELECT actor_role, purpose, fields, reason FROM audit_entry WHERE action = 'skip' AND resource_id = $1 AND $2 = ANY(client_ids)`,
          [id, a.id],
        );
        expect(skip).toMatchObject({
          actor_role: 'system',
          purpose: 'marketing',
          fields: ['email'],
          reason: 'consent_withdrawn',
        });
        const cancelledSkips = await t.db.query(
          `SELECT count(*)::int AS n FROM audit_entry WHERE action = 'skip' AND resource_id = $1 AND reason = 'cancelled'`,
          [cancelledId],
        );
        expect(cancelledSkips[0].n).toBe(targeted);
      } finally {
        await mailQueue.resume();
      }
    });
  });

  describe('SMTP failures', () => {
    it('retries a transient refusal with backoff, and fails a permanent one with its code, sending nothing twice', async () => {
      const transient = await createClient(t);
      const permanent = await createClient(t);
      for (const x of [transient, permanent]) await grantConsent(t, x.id, 'marketing', 'email');
      // The audience of this campaign is exactly these two: every other marketing consent is withdrawn.
      await t.db.query(
        `UPDATE consent SET withdrawn_at = now(), withdrawal_source = 'test' WHERE purpose = 'marketing' AND client_id <> ALL($1::uuid[]) AND withdrawn_at IS NULL`,
        [[transient.id, permanent.id]],
      );
      sink.refuse.set(transient.body.email as string, { code: 451, times: 1 });
      sink.refuse.set(permanent.body.email as string, { code: 550 });
      const id = await campaign({ name: 'Failures' });
      expect((await t.http.post(`/api/campaigns/${id}/launch`).set(marketing())).status).toBe(202);
      await waitFor('the campaign to finish', async () => (await status(id)).status === 'done');
      const r = await rows(id);
      expect(r.get(transient.id)).toMatchObject({ status: 'sent', attempts: 2 });
      expect(r.get(permanent.id)).toMatchObject({ status: 'failed', reason: 'smtp_550', attempts: 1 });
      expect(sink.to(transient.body.email as string)).toHaveLength(1);
      expect(sink.to(permanent.body.email as string)).toHaveLength(0);
      expect((await status(id)).counts).toMatchObject({ targeted: 2, sent: 1, failed: 1 });
    });
  });

  describe('expiry reminders', () => {
    let insurerId: string;
    let serial = 0;
    let today: string;
    beforeAll(() => {
      today = t.app.get(BrokerClock).today();
    });

    async function contract(
      clientId: string,
      endInDays: number,
      { line = 'motor', startInDays }: { line?: 'motor' | 'travel'; startInDays?: number } = {},
    ): Promise<string> {
      return concludeContract(t, {
        clientId,
        insurerId,
        policyNumber: `REM/${++serial}`,
        endInDays,
        startInDays,
        line,
      });
    }

    it('sends each reminder once however often the scan runs; a client without the consent gets none and stays on the worklist', async () => {
      const admin = await t.http
        .post('/api/insurers')
        .set(t.as('admin'))
        .send({ name: 'Reminder TU', nip: makeNip(531_000_100), dsrContactEmail: 'iod@reminder.example' });
      expect(admin.status).toBe(201);
      insurerId = admin.body.id;
      const consenting = await createClient(t);
      const other = await createClient(t);
      const without = await createClient(t);
      const restricted = await createClient(t);
      for (const x of [consenting, other, restricted])
        await grantConsent(t, x.id, 'renewal_reminders', 'email');
      await grantConsent(t, without.id, 'marketing', 'email');
      const in30 = await contract(consenting.id, 30);
      const in7 = await contract(other.id, 7);
      const notConsented = await contract(without.id, 30);
      const restrictedContract = await contract(restricted.id, 30);
      const in12 = await contract(consenting.id, 12);
      await t.db.query(`UPDATE client SET restricted = true WHERE id = $1`, [restricted.id]);

      // The worker is stopped: the scan only queues. Two runs for the same day queue each reminder once.
      await worker?.close();
      worker = null;
      const first = await t.http.post('/api/reminders/run').set(t.as('admin')).send({ date: today });
      expect(first.status).toBe(200);
      expect(first.body).toEqual({ date: today, enqueued: 2, missed: 0 });
      const second = await t.http.post('/api/reminders/run').set(t.as('admin')).send({});
      expect(second.body).toEqual({ date: today, enqueued: 0, missed: 0 });
      expect(
        (
          await t.http
            .post('/api/reminders/run')
            .set(t.as('admin'))
            .send({ date: addDays(today, 1) })
        ).status,
      ).toBe(400);
      expect(
        (await t.http.post('/api/reminders/run').set(t.as('marketing', 'renewal_reminders')).send({})).status,
      ).toBe(403);
      // A day that passed without a scan sends nothing late (grace 0): its point is gone.
      const yesterday = await t.http
        .post('/api/reminders/run')
        .set(t.as('admin'))
        .send({ date: addDays(today, -18) });
      expect(yesterday.body).toMatchObject({ enqueued: 0, missed: 1 });

      const before = sink.mails.length;
      worker = await startWorker(t.config);
      await waitFor('the reminders to be sent', async () => {
        const [row] = await t.db.query(
          `SELECT count(*) FILTER (WHERE status = 'sent')::int AS sent FROM contract_reminder`,
        );
        return row.sent === 2;
      });
      // The worker's start-up catch-up scan, and one more run, add nothing.
      const third = await t.http.post('/api/reminders/run').set(t.as('admin')).send({ date: today });
      expect(third.body.enqueued).toBe(0);
      await new Promise((r) => setTimeout(r, 500));
      const fresh = sink.mails.slice(before);
      expect(fresh).toHaveLength(2);
      expect(fresh.filter((m) => m.to.includes(consenting.body.email as string))).toHaveLength(1);
      expect(fresh.filter((m) => m.to.includes(other.body.email as string))).toHaveLength(1);
      const reminder = fresh.find((m) => m.to.includes(consenting.body.email as string))!;
      expect(reminder.headers.get('list-unsubscribe')).toMatch(
        /^<https:\/\/crm\.example\.test\/api\/unsubscribe\?token=/,
      );
      // Polish first: the date as dd.mm.rrrr, the days left in their plural form, a formal greeting.
      expect(reminder.body).toContain(calendarDate(addDays(today, 30)));
      expect(reminder.body).toContain('za 30 dni');
      expect(reminder.body).toContain('Szanowni Pa');
      const week = fresh.find((m) => m.to.includes(other.body.email as string))!;
      expect(week.body).toContain('za 7 dni');

      const broker = t.as('broker', 'contract_performance');
      const listed = await t.http.get(`/api/contracts/${in30}/reminders`).set(broker);
      expect(listed.status).toBe(200);
      expect(listed.body.items).toEqual([
        expect.objectContaining({ leadDays: 30, dueOn: today, endDate: addDays(today, 30), status: 'sent' }),
      ]);
      expect((await t.http.get(`/api/contracts/${in7}/reminders`).set(broker)).body.items[0]).toMatchObject({
        leadDays: 7,
        status: 'sent',
      });
      expect((await t.http.get(`/api/contracts/${notConsented}/reminders`).set(broker)).body.items).toEqual(
        [],
      );
      expect((await t.http.get(`/api/contracts/${restrictedContract}/reminders`).set(broker)).status).toBe(
        404,
      );
      expect((await t.http.get(`/api/contracts/${in12}/reminders`).set(broker)).body.items).toEqual([]);
      // Marketing sees reminders only of clients who consented to them.
      expect(
        (await t.http.get(`/api/contracts/${in30}/reminders`).set(t.as('marketing', 'renewal_reminders')))
          .status,
      ).toBe(200);
      expect(
        (
          await t.http
            .get(`/api/contracts/${notConsented}/reminders`)
            .set(t.as('marketing', 'renewal_reminders'))
        ).status,
      ).toBe(404);
      expect(
        (await t.http.get(`/api/contracts/${in30}/reminders`).set(t.as('marketing', 'marketing'))).status,
      ).toBe(403);

      const worklist = await t.http.get('/api/contracts/renewals?withinDays=30&limit=500').set(broker);
      expect(worklist.status).toBe(200);
      const ids = worklist.body.items.map((i: { id: string }) => i.id);
      expect(ids).toEqual(expect.arrayContaining([in30, in7, notConsented]));

      const sends = await t.db.query(
        `SELECT purpose, fields, actor_role FROM audit_entry WHERE resource = 'contract_reminder' AND action = 'send'`,
      );
      expect(sends).toHaveLength(2);
      for (const s of sends)
        expect(s).toMatchObject({ purpose: 'renewal_reminders', fields: ['email'], actor_role: 'system' });
    });
  });

  describe('reminder lead times', () => {
    it('follow the line of business, and never ask for a notice as long as the policy itself', async () => {
      const insurer = await t.http
        .post('/api/insurers')
        .set(t.as('admin'))
        .send({ name: 'Lead TU', nip: makeNip(531_000_200), dsrContactEmail: 'iod@lead.example' });
      expect(insurer.status).toBe(201);
      const today = t.app.get(BrokerClock).today();
      const make = async (line: 'motor' | 'travel', startInDays: number, endInDays: number) => {
        const client = await createClient(t);
        await grantConsent(t, client.id, 'renewal_reminders', 'email');
        const cover = line === 'motor' ? 'oc' : 'kl';
        const request = await t.http
          .post('/api/offer-requests')
          .set(t.as('broker', 'offer_preparation'))
          .send({ clientId: client.id, lineOfBusiness: line, needs: { requiredCoverages: [cover] } });
        const quote = await t.http
          .post(`/api/offer-requests/${request.body.id}/quotes`)
          .set(t.as('broker', 'offer_preparation'))
          .send({
            insurerId: insurer.body.id,
            productName: line,
            premium: { amount: 10_000, currency: 'PLN' },
            sumInsured: { amount: 1_000_000, currency: 'PLN' },
            deductible: { amount: 0, currency: 'PLN' },
            coverages: [{ code: cover, limit: { amount: 1_000_000, currency: 'PLN' } }],
            validUntil: addDays(today, 10),
            commissionRate: 0.1,
          });
        const concluded = await t.http
          .post(`/api/offer-requests/${request.body.id}/conclude`)
          .set(t.as('broker', 'contract_performance'))
          .send({
            quoteId: quote.body.id,
            policyNumber: `LEAD/${line}/${startInDays}/${endInDays}`,
            startDate: addDays(today, startInDays),
            endDate: addDays(today, endInDays),
            recommendation: 'Cover for the trip.',
          });
        expect(concluded.status).toBe(201);
        return concluded.body.id as string;
      };
      // An 8-day trip bought today: neither the 30-day nor the 7-day notice of motor policies.
      const tripToday = await make('travel', 0, 8);
      // A trip under way, ending in 3 days: the travel notice (3 days) is due today.
      const tripEnding = await make('travel', -5, 3);
      // A 30-day motor policy bought today: a 30-day notice would come on the day of purchase.
      const shortMotor = await make('motor', 0, 30);
      // A yearly motor policy ending in 30 days: the usual 30-day notice.
      const yearlyMotor = await make('motor', -335, 30);

      const run = await t.http.post('/api/reminders/run').set(t.as('admin')).send({ date: today });
      expect(run.status).toBe(200);
      const broker = t.as('broker', 'contract_performance');
      const leads = async (id: string) =>
        (await t.http.get(`/api/contracts/${id}/reminders`).set(broker)).body.items.map(
          (r: { leadDays: number }) => r.leadDays,
        );
      expect(await leads(tripToday)).toEqual([]);
      expect(await leads(tripEnding)).toEqual([3]);
      expect(await leads(shortMotor)).toEqual([]);
      expect(await leads(yearlyMotor)).toEqual([30]);
    });
  });

  describe('the queue board', () => {
    it('is served at /queues to administrators only', async () => {
      expect((await t.http.get('/queues')).status).toBe(401);
      expect((await t.http.get('/queues/api/queues')).status).toBe(401);
      expect((await t.http.get('/queues').set(t.as('marketing'))).status).toBe(403);
      expect((await t.http.get('/queues').set({ authorization: 'Bearer not-a-token' })).status).toBe(401);
      const page = await t.http.get('/queues').set(t.as('admin'));
      expect(page.status).toBe(200);
      expect(page.text).toContain('<base href="/queues/"');
      const api = await t.http.get('/queues/api/queues').set(t.as('admin'));
      expect(api.status).toBe(200);
      expect(api.body.queues.map((q: { name: string }) => q.name)).toEqual(
        expect.arrayContaining(['campaigns', 'mail', 'reminders']),
      );
      const basic = Buffer.from(`${t.staff.admin.email}:test-password-123`).toString('base64');
      expect((await t.http.get('/queues').set({ authorization: `Basic ${basic}` })).status).toBe(200);
      const wrong = Buffer.from(`${t.staff.admin.email}:wrong-password`).toString('base64');
      const refused = await t.http.get('/queues').set({ authorization: `Basic ${wrong}` });
      expect(refused.status).toBe(401);
      expect(refused.headers['www-authenticate']).toContain('Basic');
    });
  });
});
