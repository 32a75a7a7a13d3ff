import { INestApplicationContext } from '@nestjs/common';
import { getQueueToken } from '@nestjs/bullmq';
import type { Queue } from 'bullmq';
import { BrokerClock } from '@app/common/clock/broker-clock';
import { calendarDate, money } from '@app/common/locale/polish';
import { makeNip } from '@app/common/validation/nip';
import { PersonalDataLifecycle } from '@app/privacy';
import { QUEUES, jobIds } from '../src/jobs';
import { addMonths } from '../src/instalments';
import { addDays } from '../src/reminders/reminder-dates';
import { clientBody, createClient } from './support/fixtures';
import { clearRedisPrefix, startWorker, waitFor } from './support/messaging';
import { SmtpSink, startSmtpSink } from './support/smtp-sink';
import { brokerOfAnotherTeam } from './support/other-team';
import { TestApp, startTestApp } from './support/test-app';

type Headers = Record<string, string>;
type Item = Record<string, unknown> & { id: string };
const pln = (amount: number) => ({ amount, currency: 'PLN' });

/**
 * Payment schedules over HTTP on PostgreSQL, with a worker and a real SMTP server as the sink:
 * the split of the premium and its due dates, payments, the overdue list within the portfolio,
 * and the reminder of an overdue instalment, sent once however often the scan runs.
 */
describe('instalments', () => {
  let t: TestApp;
  let sink: SmtpSink;
  let worker: INestApplicationContext | null = null;
  let today: string;
  let insurerId: string;
  let broker2: Headers;
  let serial = 0;
  const broker = () => t.as('broker', 'contract_performance');

  /** A contract concluded through the offer flow by `headers`' broker, starting `startInDays` from today. */
  async function contract(
    clientId: string,
    { startInDays, premium = 100_001, as = (p: string) => t.as('broker', p) } = {} as {
      startInDays: number;
      premium?: number;
      as?: (purpose: string) => Headers;
    },
  ): Promise<{ id: string; policyNumber: string; startDate: string }> {
    const request = await t.http
      .post('/api/offer-requests')
      .set(as('offer_preparation'))
      .send({ clientId, lineOfBusiness: 'motor', needs: { requiredCoverages: ['oc'] } });
    expect(request.status).toBe(201);
    const quote = await t.http
      .post(`/api/offer-requests/${request.body.id}/quotes`)
      .set(as('offer_preparation'))
      .send({
        insurerId,
        productName: 'Auto Raty',
        premium: pln(premium),
        sumInsured: pln(5_000_000),
        deductible: pln(0),
        coverages: [{ code: 'oc', limit: pln(529_000_000) }],
        validUntil: addDays(today, 10),
        commissionRate: 0.1,
      });
    expect(quote.status).toBe(201);
    const policyNumber = `RATY/${++serial}`;
    const startDate = addDays(today, startInDays);
    const concluded = await t.http
      .post(`/api/offer-requests/${request.body.id}/conclude`)
      .set(as('contract_performance'))
      .send({
        quoteId: quote.body.id,
        policyNumber,
        startDate,
        endDate: addDays(startDate, 364),
        recommendation: 'Jedyna oferta spełniająca potrzeby.',
      });
    expect(concluded.status).toBe(201);
    return { id: concluded.body.id, policyNumber, startDate };
  }

  async function schedule(contractId: string, count: unknown, headers = broker()) {
    return t.http.post(`/api/contracts/${contractId}/instalments`).set(headers).send({ count });
  }

  const rowsOf = (contractId: string) =>
    t.db.query(
      `SELECT id, number, amount, paid_amount, paid_at, superseded_at FROM instalment WHERE contract_id = $1 ORDER BY created_at, number`,
      [contractId],
    );

  beforeAll(async () => {
    sink = await startSmtpSink();
    t = await startTestApp({ SMTP_URL: sink.url, MAIL_RETRY_DELAY_MS: '100', MAIL_SEND_ATTEMPTS: '3' });
    today = t.app.get(BrokerClock).today();
    const insurer = await t.http
      .post('/api/insurers')
      .set(t.as('admin'))
      .send({ name: 'Raty TU', nip: makeNip(532_000_100), dsrContactEmail: 'iod@raty.example' });
    expect(insurer.status).toBe(201);
    insurerId = insurer.body.id;
    // Another team's broker, with a portfolio of their own.
    broker2 = (await brokerOfAnotherTeam(t)).as();
  });
  afterAll(async () => {
    await worker?.close();
    await t?.close();
    await sink?.close();
    if (t) await clearRedisPrefix(t.config);
  });

  describe('a schedule and its payments', () => {
    let k: { id: string; policyNumber: string; startDate: string };
    let items: Item[];

    beforeAll(async () => {
      const client = await createClient(t);
      k = await contract(client.id, { startInDays: -100 });
    });

    it('splits the premium into 4 instalments adding up to it exactly, due every 3 months from the start', async () => {
      const res = await schedule(k.id, 4);
      expect(res.status).toBe(201);
      items = res.body.items;
      expect(items.map((i) => i.number)).toEqual([1, 2, 3, 4]);
      expect(items.map((i) => (i.amount as { amount: number }).amount)).toEqual([
        25_001, 25_000, 25_000, 25_000,
      ]);
      expect(items.reduce((sum, i) => sum + (i.amount as { amount: number }).amount, 0)).toBe(100_001);
      expect(items.map((i) => i.dueDate)).toEqual([0, 3, 6, 9].map((m) => addMonths(k.startDate, m)));
      for (const item of items) {
        expect(item).toMatchObject({ contractId: k.id, count: 4, status: 'unpaid', paidAt: null });
        expect(item.paidAmount).toEqual(pln(0));
      }
      const read = await t.http.get(`/api/contracts/${k.id}/instalments`).set(broker());
      expect(read.status).toBe(200);
      expect(read.body.items).toEqual(items);
      // Made anew while nothing is paid: the old rows are set aside, and the replacement is recorded.
      const monthly = await schedule(k.id, 12);
      expect(monthly.status).toBe(201);
      expect(monthly.body.items).toHaveLength(12);
      expect(monthly.body.items[1].dueDate).toBe(addMonths(k.startDate, 1));
      const again = await schedule(k.id, 4);
      expect(again.status).toBe(201);
      items = again.body.items;
      const rows = await rowsOf(k.id);
      expect(rows.filter((r: { superseded_at: Date | null }) => r.superseded_at === null)).toHaveLength(4);
      expect(rows).toHaveLength(20);
      const [entry] = await t.db.query(
        `SELECT count(*)::int AS n FROM audit_entry WHERE resource = 'instalment' AND action = 'create' AND reason = 'SCHEDULE_REPLACED' AND resource_id = $1`,
        [k.id],
      );
      expect(entry.n).toBe(2);
    });

    it('refuses other counts with a 400 that changes nothing', async () => {
      const before = await rowsOf(k.id);
      for (const count of [0, 3, 6, 24, -4, '4', 4.5, null, undefined]) {
        const res = await schedule(k.id, count);
        expect([count, res.status]).toEqual([count, 400]);
      }
      const extra = await t.http
        .post(`/api/contracts/${k.id}/instalments`)
        .set(broker())
        .send({ count: 4, premium: 1 });
      expect(extra.status).toBe(400);
      expect(await rowsOf(k.id)).toEqual(before);
    });

    it('adds payments up: partially paid, then paid, then no more', async () => {
      const first = items[0];
      const partial = await t.http
        .post(`/api/instalments/${first.id}/payment`)
        .set(broker())
        .send({ paidAt: addDays(today, -2), amount: 10_000 });
      expect(partial.status).toBe(200);
      expect(partial.body).toMatchObject({
        status: 'partially_paid',
        paidAmount: pln(10_000),
        paidAt: addDays(today, -2),
      });
      const rest = await t.http
        .post(`/api/instalments/${first.id}/payment`)
        .set(broker())
        .send({ paidAt: today, amount: 15_001 });
      expect(rest.status).toBe(200);
      expect(rest.body).toMatchObject({
        status: 'paid',
        paidAmount: pln(25_001),
        paidAt: today,
        amount: pln(25_001),
      });
      const more = await t.http
        .post(`/api/instalments/${first.id}/payment`)
        .set(broker())
        .send({ paidAt: today, amount: 1 });
      expect(more.status).toBe(409);
      expect(more.body.code).toBe('INSTALMENT_ALREADY_PAID');
      // A schedule with a payment is not made anew.
      const remake = await schedule(k.id, 2);
      expect(remake.status).toBe(409);
      expect(remake.body.code).toBe('SCHEDULE_HAS_PAYMENTS');
      const read = await t.http.get(`/api/contracts/${k.id}/instalments`).set(broker());
      expect(read.body.items.map((i: Item) => i.status)).toEqual(['paid', 'unpaid', 'unpaid', 'unpaid']);
    });

    it('refuses bad amounts and days with a 400 that changes nothing', async () => {
      const second = items[1];
      const before = await rowsOf(k.id);
      const bodies: unknown[] = [
        { paidAt: today, amount: 0 },
        { paidAt: today, amount: -100 },
        { paidAt: today, amount: 10.5 },
        { paidAt: today, amount: '100' },
        { paidAt: today },
        { amount: 100 },
        { paidAt: addDays(today, 1), amount: 100 },
        { paidAt: '2026-02-30', amount: 100 },
        { paidAt: '01.12.2026', amount: 100 },
        { paidAt: today, amount: 100, status: 'paid' },
      ];
      for (const body of bodies) {
        const res = await t.http
          .post(`/api/instalments/${second.id}/payment`)
          .set(broker())
          .send(body as object);
        expect([body, res.status]).toEqual([body, 400]);
      }
      const future = await t.http
        .post(`/api/instalments/${second.id}/payment`)
        .set(broker())
        .send({ paidAt: addDays(today, 1), amount: 100 });
      expect(future.body.code).toBe('DATE_IN_FUTURE');
      expect(await rowsOf(k.id)).toEqual(before);
    });

    it('records every read, list and write of instalments, with field names only', async () => {
      const entriesOf = async (res: { headers: Record<string, string> }) =>
        t.db.query(
          `SELECT action, resource, resource_id, client_ids::text[] AS client_ids, fields, outcome, purpose
             FROM audit_entry WHERE request_id = $1 ORDER BY id`,
          [res.headers['x-request-id']],
        );
      const [client] = await t.db.query(`SELECT client_id::text FROM contract WHERE id = $1`, [k.id]);
      const read = await t.http.get(`/api/contracts/${k.id}/instalments`).set(broker());
      expect(await entriesOf(read)).toEqual([
        expect.objectContaining({
          action: 'list',
          resource: 'instalment',
          resource_id: k.id,
          client_ids: [client.client_id],
          outcome: 'allowed',
          purpose: 'contract_performance',
        }),
      ]);
      const list = await t.http.get('/api/instalments?overdue=true').set(broker());
      const [listed] = await entriesOf(list);
      expect(listed).toMatchObject({ action: 'list', resource: 'instalment', outcome: 'allowed' });
      expect(listed.fields).toEqual(expect.arrayContaining(['dueDate', 'amount', 'contract.policyNumber']));
      const pay = await t.http
        .post(`/api/instalments/${items[3].id}/payment`)
        .set(broker())
        .send({ paidAt: today, amount: 1 });
      expect(await entriesOf(pay)).toEqual([
        expect.objectContaining({
          action: 'update',
          resource: 'instalment',
          resource_id: items[3].id,
          fields: ['paidAmount', 'paidAt', 'status'],
          outcome: 'allowed',
        }),
      ]);
      const refused = await t.http
        .get(`/api/contracts/${k.id}/instalments`)
        .set(t.as('broker', 'client_contact'));
      expect(refused.status).toBe(403);
      expect(await entriesOf(refused)).toEqual([expect.objectContaining({ outcome: 'denied' })]);
      expect(JSON.stringify(await entriesOf(pay))).not.toContain(k.policyNumber);
    });

    it('makes no schedule for a cancelled contract', async () => {
      const client = await createClient(t);
      const cancelled = await contract(client.id, { startInDays: -10 });
      const cancel = await t.http
        .post(`/api/contracts/${cancelled.id}/cancel`)
        .set(broker())
        .send({ reason: 'Sprzedaż pojazdu' });
      expect(cancel.status).toBe(200);
      const res = await schedule(cancelled.id, 4);
      expect(res.status).toBe(409);
      expect(res.body.code).toBe('CONTRACT_CANCELLED');
      expect(await rowsOf(cancelled.id)).toEqual([]);
    });

    it('refuses marketing on every instalment endpoint (403)', async () => {
      for (const purpose of ['marketing', 'renewal_reminders']) {
        const as = t.as('marketing', purpose);
        expect((await t.http.get(`/api/contracts/${k.id}/instalments`).set(as)).status).toBe(403);
        expect((await t.http.get('/api/instalments?overdue=true').set(as)).status).toBe(403);
        expect((await schedule(k.id, 4, as)).status).toBe(403);
        expect(
          (
            await t.http
              .post(`/api/instalments/${items[1].id}/payment`)
              .set(as)
              .send({ paidAt: today, amount: 1 })
          ).status,
        ).toBe(403);
      }
      // Reading is not writing: claims reads the schedule and may not record a payment.
      expect(
        (await t.http.get(`/api/contracts/${k.id}/instalments`).set(t.as('broker', 'claims'))).status,
      ).toBe(200);
      expect(
        (
          await t.http
            .post(`/api/instalments/${items[1].id}/payment`)
            .set(t.as('broker', 'claims'))
            .send({ paidAt: today, amount: 1 })
        ).status,
      ).toBe(403);
    });
  });

  it('describes the endpoints in the OpenAPI document: summaries, uuid ids, the purposes accepted', async () => {
    const res = await t.http.get('/docs/openapi.json');
    expect(res.status).toBe(200);
    const paths = res.body.paths;
    const ops = [
      paths['/api/contracts/{id}/instalments'].get,
      paths['/api/contracts/{id}/instalments'].post,
      paths['/api/instalments'].get,
      paths['/api/instalments/{id}/payment'].post,
      paths['/api/instalment-reminders/run'].post,
    ];
    for (const op of ops) expect(op.summary).toEqual(expect.any(String));
    type Param = { name: string; in: string; schema: { format?: string; enum?: string[] } };
    for (const op of [ops[0], ops[1], ops[3]]) {
      const ids = (op.parameters as Param[]).filter((p) => p.name === 'id');
      expect(ids).toEqual([
        expect.objectContaining({ in: 'path', schema: expect.objectContaining({ format: 'uuid' }) }),
      ]);
    }
    const purposes = (op: { parameters: Param[] }) =>
      op.parameters.find((p) => p.name === 'X-Purpose')!.schema.enum;
    expect(purposes(ops[1])).toEqual(['contract_performance']);
    expect(purposes(ops[3])).toEqual(['contract_performance']);
    expect(purposes(ops[2])).not.toContain('marketing');
    expect(purposes(ops[2])).toContain('legal_obligation');
  });

  describe('the person’s own data', () => {
    it('lists the instalments and payments in the access report and the portability export', async () => {
      const client = await createClient(t);
      const k = await contract(client.id, { startInDays: -10, premium: 60_000 });
      const items = (await schedule(k.id, 2)).body.items as Item[];
      expect(
        (
          await t.http
            .post(`/api/instalments/${items[0].id}/payment`)
            .set(broker())
            .send({ paidAt: today, amount: 30_000 })
        ).status,
      ).toBe(200);
      const dpo = t.as('dpo', 'data_subject_rights');
      const answers: Record<string, unknown> = {};
      for (const type of ['access', 'portability']) {
        const req = await t.http
          .post('/api/data-subject-requests')
          .set(dpo)
          .send({ clientId: client.id, type });
        expect(req.status).toBe(201);
        const verify = await t.http
          .post(`/api/data-subject-requests/${req.body.id}/verify-identity`)
          .set(dpo)
          .send({ method: 'id_document_in_person' });
        expect(verify.status).toBe(200);
        const path = type === 'access' ? 'report' : 'export';
        const res = await t.http.get(`/api/data-subject-requests/${req.body.id}/${path}`).set(dpo);
        expect(res.status).toBe(200);
        answers[type] = res.body.instalments;
      }
      expect(answers.access).toEqual([
        expect.objectContaining({ policyNumber: k.policyNumber, number: 1, status: 'paid', paidAt: today }),
        expect.objectContaining({
          policyNumber: k.policyNumber,
          number: 2,
          status: 'unpaid',
          paidAmount: pln(0),
        }),
      ]);
      expect(answers.portability).toEqual([
        expect.objectContaining({ number: 1, amount: pln(30_000), paidAmount: pln(30_000), paidAt: today }),
        expect.objectContaining({ number: 2, amount: pln(30_000), paidAmount: pln(0), paidAt: null }),
      ]);
    });
  });

  describe('the overdue list', () => {
    let own: { id: string; policyNumber: string };
    let ownClient: string;
    let theirs: { id: string; policyNumber: string };
    let ownItems: Item[];

    beforeAll(async () => {
      ownClient = (await createClient(t)).id;
      // Quarterly from 200 days ago: the first two are overdue, the first of them paid.
      own = await contract(ownClient, { startInDays: -200, premium: 120_000 });
      ownItems = (await schedule(own.id, 4)).body.items;
      const paid = await t.http
        .post(`/api/instalments/${ownItems[0].id}/payment`)
        .set(broker())
        .send({ paidAt: today, amount: 30_000 });
      expect(paid.status).toBe(200);
      const w = (p: string) => ({ ...broker2, 'x-purpose': p });
      const body = { firstName: 'Wiesława', lastName: 'Warszawska', email: 'wieslawa@example.com' };
      const client = await t.http.post('/api/clients').set(w('offer_preparation')).send(clientBody(body));
      expect(client.status).toBe(201);
      theirs = await contract(client.body.id, { startInDays: -200, premium: 80_000, as: w });
      expect((await schedule(theirs.id, 4, w('contract_performance'))).status).toBe(201);
    });

    it('lists only what is due before today and unpaid, oldest first, with the policy number and the client', async () => {
      const res = await t.http.get('/api/instalments?overdue=true&limit=500').set(broker());
      expect(res.status).toBe(200);
      const mine = res.body.items.filter((i: Item) => i.contractId === own.id);
      const overdue = ownItems.filter((i) => (i.dueDate as string) < today).slice(1);
      expect(overdue.length).toBeGreaterThan(0);
      expect(mine.map((i: Item) => i.id)).toEqual(overdue.map((i) => i.id));
      for (const item of mine) {
        expect(item).toMatchObject({
          clientId: ownClient,
          contract: { id: own.id, policyNumber: own.policyNumber },
        });
        expect((item.dueDate as string) < today).toBe(true);
      }
      const dues = res.body.items.map((i: Item) => i.dueDate as string);
      expect([...dues].sort()).toEqual(dues);
      // Not overdue: the paid one, and those still to come.
      const all = await t.http.get('/api/instalments?limit=500').set(broker());
      expect(all.body.items.filter((i: Item) => i.contractId === own.id)).toHaveLength(4);
      // Paged with the cursor, the same items in the same order.
      const paged: string[] = [];
      let cursor: string | null = null;
      do {
        const page: { body: { items: Item[]; nextCursor: string | null } } = await t.http
          .get(`/api/instalments?overdue=true&limit=1${cursor ? `&cursor=${cursor}` : ''}`)
          .set(broker());
        paged.push(...page.body.items.map((i) => i.id));
        cursor = page.body.nextCursor;
      } while (cursor);
      expect(paged).toEqual(res.body.items.map((i: Item) => i.id));
      expect((await t.http.get('/api/instalments?overdue=maybe').set(broker())).status).toBe(400);
    });

    it('shows each broker only their own portfolio', async () => {
      const mine = await t.http.get('/api/instalments?overdue=true&limit=500').set(broker());
      expect(mine.body.items.some((i: Item) => i.contractId === theirs.id)).toBe(false);
      expect(JSON.stringify(mine.body)).not.toContain(theirs.policyNumber);
      const other = await t.http
        .get('/api/instalments?overdue=true&limit=500')
        .set({ ...broker2, 'x-purpose': 'contract_performance' });
      expect(other.status).toBe(200);
      expect(other.body.items.length).toBeGreaterThan(0);
      expect(other.body.items.every((i: Item) => i.contractId === theirs.id)).toBe(true);
      // Another team's schedule and instalments are not found, and take no payment.
      expect(
        (
          await t.http
            .get(`/api/contracts/${own.id}/instalments`)
            .set({ ...broker2, 'x-purpose': 'contract_performance' })
        ).status,
      ).toBe(404);
      const pay = await t.http
        .post(`/api/instalments/${ownItems[1].id}/payment`)
        .set({ ...broker2, 'x-purpose': 'contract_performance' })
        .send({ paidAt: today, amount: 100 });
      expect(pay.status).toBe(404);
      const [row] = await t.db.query(`SELECT paid_amount FROM instalment WHERE id = $1`, [ownItems[1].id]);
      expect(Number(row.paid_amount)).toBe(0);
      // The accountant reads amounts and days across portfolios, never the client's needs.
      const books = await t.http
        .get('/api/instalments?overdue=true&limit=500')
        .set(t.as('accountant', 'legal_obligation'));
      expect(books.status).toBe(200);
      expect(books.body.items.some((i: Item) => i.contractId === theirs.id)).toBe(true);
    });
  });

  describe('reminders of overdue instalments', () => {
    it('reminds an overdue instalment once however often the scan runs, and none to a client without e-mail', async () => {
      const withEmail = await createClient(t);
      const withoutEmail = await createClient(t, { email: undefined });
      // Monthly from 20 days ago: only the first instalment is overdue.
      const reminded = await contract(withEmail.id, { startInDays: -20, premium: 123_456 });
      const silent = await contract(withoutEmail.id, { startInDays: -20, premium: 50_000 });
      const [first] = (await schedule(reminded.id, 12)).body.items as Item[];
      const [silentFirst] = (await schedule(silent.id, 12)).body.items as Item[];
      // The worker is stopped: scans only queue. Two runs for the same day queue the reminder once.
      await worker?.close();
      worker = null;
      const one = await t.http.post('/api/instalment-reminders/run').set(t.as('admin')).send({ date: today });
      expect(one.status).toBe(200);
      expect(one.body.enqueued).toBeGreaterThanOrEqual(1);
      const two = await t.http.post('/api/instalment-reminders/run').set(t.as('admin')).send({});
      expect(two.body).toMatchObject({ date: today, enqueued: 0, skipped: 0 });
      expect(
        (
          await t.http
            .post('/api/instalment-reminders/run')
            .set(t.as('admin'))
            .send({ date: addDays(today, 1) })
        ).status,
      ).toBe(400);
      expect((await t.http.post('/api/instalment-reminders/run').set(broker()).send({})).status).toBe(403);
      const rows = await t.db.query(
        `SELECT instalment_id::text, status, reason FROM instalment_reminder WHERE contract_id = ANY($1::uuid[])`,
        [[reminded.id, silent.id]],
      );
      expect(rows).toHaveLength(2);
      expect(rows.find((r: { instalment_id: string }) => r.instalment_id === silentFirst.id)).toMatchObject({
        status: 'skipped',
        reason: 'no_address',
      });

      worker = await startWorker(t.config);
      await waitFor('the reminder to be sent', async () => {
        const [row] = await t.db.query(`SELECT status FROM instalment_reminder WHERE instalment_id = $1`, [
          first.id,
        ]);
        return row.status === 'sent';
      });
      // The worker's start-up scan, and one more run, add nothing.
      const three = await t.http
        .post('/api/instalment-reminders/run')
        .set(t.as('admin'))
        .send({ date: today });
      expect(three.body.enqueued).toBe(0);
      await new Promise((r) => setTimeout(r, 500));
      const mails = sink.to(withEmail.body.email as string);
      expect(mails).toHaveLength(1);
      const body = mails[0].body;
      expect(body).toContain('Szanowni Pa');
      expect(body).toContain(reminded.policyNumber);
      expect(body).toContain(calendarDate(first.dueDate as string));
      expect(body).toContain(money((first.amount as { amount: number }).amount, 'pl'));
      // A Polish client's mail is in Polish only.
      expect(body).not.toContain('Dear Sir or Madam');
      expect(body).not.toContain(String(withEmail.body.pesel));
      expect(body).not.toContain(String(withEmail.body.lastName));
      const sends = await t.db.query(
        `SELECT purpose, actor_role, client_ids::text[] AS client_ids FROM audit_entry
          WHERE resource = 'instalment_reminder' AND action = 'send' AND client_ids && $1::uuid[]`,
        [[withEmail.id, withoutEmail.id]],
      );
      expect(sends).toEqual([
        { purpose: 'contract_performance', actor_role: 'system', client_ids: [withEmail.id] },
      ]);
      const skips = await t.db.query(
        `SELECT reason FROM audit_entry WHERE resource = 'instalment_reminder' AND action = 'skip' AND $1 = ANY(client_ids)`,
        [withoutEmail.id],
      );
      expect(skips).toEqual([{ reason: 'no_address' }]);
    });

    it('erasure ends a reminder not yet sent as skipped, and takes its job off the mail queue', async () => {
      await worker?.close();
      worker = null;
      const client = await createClient(t);
      const k = await contract(client.id, { startInDays: -20, premium: 10_000 });
      expect((await schedule(k.id, 12)).status).toBe(201);
      const run = await t.http.post('/api/instalment-reminders/run').set(t.as('admin')).send({});
      expect(run.body.enqueued).toBe(1);
      const [queued] = await t.db.query(
        `SELECT id::text, status FROM instalment_reminder WHERE contract_id = $1`,
        [k.id],
      );
      expect(queued.status).toBe('queued');
      const mailQueue = t.app.get<Queue>(getQueueToken(QUEUES.mail));
      expect(await mailQueue.getJob(jobIds.instalmentReminderSend(queued.id))).toBeTruthy();
      const lifecycle = t.app.get(PersonalDataLifecycle);
      await t.db.transaction(async (manager) => {
        for (const step of lifecycle.erasureSteps().filter((s) => s.name === 'instalment_reminder'))
          await step.erase([client.id], manager);
      });
      for (const step of lifecycle.postErasureSteps().filter((s) => s.name === 'instalment_reminder_jobs'))
        await step.afterErasure([client.id]);
      const [after] = await t.db.query(`SELECT status, reason FROM instalment_reminder WHERE id = $1`, [
        queued.id,
      ]);
      expect(after).toEqual({ status: 'skipped', reason: 'erased' });
      expect(await mailQueue.getJob(jobIds.instalmentReminderSend(queued.id))).toBeUndefined();
    });
  });
});
