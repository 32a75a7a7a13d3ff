import { BrokerClock } from '@app/common/clock/broker-clock';
import { makeNip } from '@app/common/validation/nip';
import { concludeContract, createClient, grantConsent } from './support/fixtures';
import { startTestApp, TestApp } from './support/test-app';

const pln = (amount: number) => ({ amount, currency: 'PLN' });

/**
 * Issue 17, items 3 and 4 over HTTP: a claim through its workflow under the purpose `claims`,
 * invisible to marketing and refused under a purpose that does not allow it; the daily scan's
 * renewal and overdue-instalment tasks, made once however often it runs; tasks by hand; and the
 * client's timeline, each activity under its purpose and purged by that purpose's term.
 */
describe('claims, tasks and the client’s timeline', () => {
  let t: TestApp;
  let insurerId: string;
  let today: string;
  const claims = () => t.as('broker', 'claims');

  beforeAll(async () => {
    t = await startTestApp();
    today = t.app.get(BrokerClock).today();
    const insurer = await t.http
      .post('/api/insurers')
      .set(t.as('admin'))
      .send({ name: 'Szkody TU', nip: makeNip(815_000_000), dsrContactEmail: 'iod@szkody-tu.pl' });
    insurerId = insurer.body.id;
  });
  afterAll(async () => {
    await t?.close();
  });

  /** A retention sweep by the dpo; its per-record report. */
  async function sweep(dryRun: boolean): Promise<Array<{ name: string; purpose: string; count: number }>> {
    const res = await t.http
      .post('/api/retention/sweep')
      .set(t.as('dpo', 'data_subject_rights'))
      .send({ dryRun });
    expect(res.status).toBe(200);
    return res.body.records as Array<{ name: string; purpose: string; count: number }>;
  }

  /** The ids of a client's rows in `table` (a fixed name from the test), sorted. */
  async function idsOf(table: 'task' | 'client_activity', clientId: string): Promise<string[]> {
    return (await t.db.query(`SELECT id::text FROM ${table} WHERE client_id = $1`, [clientId]))
      .map((r: { id: string }) => r.id)
      .sort();
  }

  it('takes a claim from reported through assessment to paid, keeps its history and refuses moves the workflow does not allow', async () => {
    const client = await createClient(t);
    await grantConsent(t, client.id, 'marketing', 'email');
    const contractId = await concludeContract(t, {
      clientId: client.id,
      insurerId,
      policyNumber: 'SZK/1',
      endInDays: 200,
    });
    const created = await t.http
      .post('/api/claims')
      .set(claims())
      .send({
        contractId,
        insurerClaimNumber: 'SZ/2026/001',
        dateOfLoss: today,
        description: 'Stłuczka na parkingu',
        amountClaimed: pln(450_000),
      });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({
      status: 'reported',
      clientId: client.id,
      contractId,
      amountClaimed: pln(450_000),
      policyNumber: 'SZK/1',
      allowedTransitions: ['in_assessment', 'withdrawn'],
    });
    const id = created.body.id as string;

    // Paid straight from reported: refused with its code, and nothing changes.
    const early = await t.http
      .patch(`/api/claims/${id}`)
      .set(claims())
      .send({ status: 'paid', amountPaid: 1 });
    expect(early.status).toBe(409);
    expect(early.body.code).toBe('CLAIM_TRANSITION_NOT_ALLOWED');
    expect((await t.db.query(`SELECT status FROM claim WHERE id = $1`, [id]))[0].status).toBe('reported');

    const assessed = await t.http
      .patch(`/api/claims/${id}`)
      .set(claims())
      .send({ status: 'in_assessment', note: 'Rzeczoznawca umówiony' });
    expect(assessed.status).toBe(200);
    expect(assessed.body.status).toBe('in_assessment');

    const noAmount = await t.http.patch(`/api/claims/${id}`).set(claims()).send({ status: 'paid' });
    expect(noAmount.status).toBe(400);
    expect(noAmount.body.code).toBe('AMOUNT_PAID_REQUIRED');
    const amountWithoutPaid = await t.http
      .patch(`/api/claims/${id}`)
      .set(claims())
      .send({ status: 'refused', amountPaid: 5 });
    expect(amountWithoutPaid.body.code).toBe('AMOUNT_PAID_ONLY_WHEN_PAID');

    const paid = await t.http
      .patch(`/api/claims/${id}`)
      .set(claims())
      .send({ status: 'paid', amountPaid: 380_000, note: 'Wypłata częściowa' });
    expect(paid.status).toBe(200);
    expect(paid.body).toMatchObject({ status: 'paid', amountPaid: pln(380_000), allowedTransitions: [] });
    expect(paid.body.history.map((h: { from: string | null; to: string }) => [h.from, h.to])).toEqual([
      [null, 'reported'],
      ['reported', 'in_assessment'],
      ['in_assessment', 'paid'],
    ]);
    const [{ closed }] = await t.db.query(`SELECT closed_at IS NOT NULL AS closed FROM claim WHERE id = $1`, [
      id,
    ]);
    expect(closed).toBe(true);

    // Closed: no move any more.
    const reopen = await t.http.patch(`/api/claims/${id}`).set(claims()).send({ status: 'withdrawn' });
    expect(reopen.status).toBe(409);
    expect(reopen.body).toMatchObject({
      code: 'CLAIM_TRANSITION_NOT_ALLOWED',
      from: 'paid',
      to: 'withdrawn',
    });

    // The allowed side: listed by contract and read under claims, by the broker and the dpo.
    const listed = await t.http.get(`/api/claims?contractId=${contractId}`).set(claims());
    expect(listed.body.items.map((c: { id: string }) => c.id)).toEqual([id]);
    expect((await t.http.get(`/api/claims/${id}`).set(t.as('dpo', 'claims'))).status).toBe(200);

    // Marketing sees the client (consent) but never its claim: its role may not use the purpose.
    expect((await t.http.get(`/api/clients/${client.id}`).set(t.as('marketing', 'marketing'))).status).toBe(
      200,
    );
    for (const purpose of ['marketing', 'claims'])
      for (const url of [`/api/claims/${id}`, `/api/claims?contractId=${contractId}`])
        expect((await t.http.get(url).set(t.as('marketing', purpose))).status).toBe(403);
    // A broker under a purpose that does not allow claims is refused at the door, and writes too.
    for (const purpose of ['contract_performance', 'offer_preparation', 'client_contact']) {
      expect((await t.http.get(`/api/claims/${id}`).set(t.as('broker', purpose))).status).toBe(403);
      const write = await t.http
        .post('/api/claims')
        .set(t.as('broker', purpose))
        .send({ contractId, dateOfLoss: today, description: 'x' });
      expect(write.status).toBe(403);
    }
    expect((await t.db.query(`SELECT count(*)::int AS n FROM claim`))[0].n).toBe(1);
  });

  it('refuses a loss outside the cover or in the future, and links a claim only to an active hold of its client', async () => {
    const client = await createClient(t);
    const contractId = await concludeContract(t, {
      clientId: client.id,
      insurerId,
      policyNumber: 'SZK/2',
      endInDays: 100,
    });
    const [{ before }] = await t.db.query(
      `SELECT to_char(start_date - 1, 'YYYY-MM-DD') AS before FROM contract WHERE id = $1`,
      [contractId],
    );
    const outside = await t.http
      .post('/api/claims')
      .set(claims())
      .send({ contractId, dateOfLoss: before, description: 'x' });
    expect(outside.status).toBe(409);
    expect(outside.body.code).toBe('DATE_OF_LOSS_OUTSIDE_COVER');
    const future = await t.http
      .post('/api/claims')
      .set(claims())
      .send({ contractId, dateOfLoss: '2099-01-01', description: 'x' });
    expect(future.status).toBe(400);
    const claim = await t.http
      .post('/api/claims')
      .set(claims())
      .send({ contractId, dateOfLoss: today, description: 'Spór o wysokość' });
    expect(claim.status).toBe(201);
    const other = await createClient(t);
    const foreignHold = await t.http
      .post(`/api/clients/${other.id}/legal-holds`)
      .set(claims())
      .send({ reason: 'inny spór' });
    const refused = await t.http
      .patch(`/api/claims/${claim.body.id}`)
      .set(claims())
      .send({ legalHoldId: foreignHold.body.id });
    expect(refused.status).toBe(409);
    expect(refused.body.code).toBe('LEGAL_HOLD_NOT_ACTIVE');
    const hold = await t.http
      .post(`/api/clients/${client.id}/legal-holds`)
      .set(claims())
      .send({ reason: 'Spór z TU' });
    const linked = await t.http
      .patch(`/api/claims/${claim.body.id}`)
      .set(claims())
      .send({ legalHoldId: hold.body.id });
    expect(linked.status).toBe(200);
    expect(linked.body.legalHoldId).toBe(hold.body.id);
  });

  it('makes a renewal call task and an overdue instalment task once, however often the scan runs', async () => {
    const client = await createClient(t);
    const ending = await concludeContract(t, {
      clientId: client.id,
      insurerId,
      policyNumber: 'ODN/1',
      endInDays: 20,
    });
    const later = await concludeContract(t, {
      clientId: client.id,
      insurerId,
      policyNumber: 'ODN/2',
      endInDays: 200,
    });
    const schedule = await t.http
      .post(`/api/contracts/${later}/instalments`)
      .set(t.as('broker', 'contract_performance'))
      .send({ count: 4 });
    expect(schedule.status).toBe(201);
    const first = await t.http.post('/api/tasks/scan').set(t.as('admin')).send({});
    expect(first.status).toBe(200);
    expect(first.body.renewalCalls).toBeGreaterThanOrEqual(1);
    expect(first.body.overdueInstalments).toBeGreaterThanOrEqual(1);
    for (let i = 0; i < 3; i++) {
      const again = await t.http.post('/api/tasks/scan').set(t.as('admin')).send({});
      expect(again.body).toEqual({
        date: today,
        renewalCalls: 0,
        overdueInstalments: 0,
        missingDocuments: 0,
      });
    }
    // Two scans at once (two workers): still one task each.
    await Promise.all([1, 2].map(() => t.http.post('/api/tasks/scan').set(t.as('admin')).send({})));
    const rows: Array<{ kind: string; contractId: string; instalmentId: string | null }> = await t.db.query(
      `SELECT kind, contract_id::text AS "contractId", instalment_id::text AS "instalmentId" FROM task WHERE client_id = $1`,
      [client.id],
    );
    expect(rows.filter((r) => r.kind === 'renewal_call')).toEqual([
      { kind: 'renewal_call', contractId: ending, instalmentId: null },
    ]);
    const overdue: Array<{ id: string }> = await t.db.query(
      `SELECT id::text FROM instalment WHERE contract_id = $1 AND due_date < $2::date AND paid_amount < amount`,
      [later, today],
    );
    expect(overdue.length).toBeGreaterThanOrEqual(1);
    const chased = rows.filter((r) => r.kind === 'instalment_overdue');
    expect(chased.map((r) => r.instalmentId).sort()).toEqual(overdue.map((r) => r.id).sort());
    expect(chased.every((r) => r.contractId === later)).toBe(true);
    const future = await t.http.post('/api/tasks/scan').set(t.as('admin')).send({ date: '2099-01-01' });
    expect(future.status).toBe(400);

    // Seen under contract performance (the purpose they serve), unassigned, and taken and completed by hand.
    const performer = t.as('broker', 'contract_performance');
    const open = await t.http
      .get(`/api/tasks?assignee=unassigned&status=open&clientId=${client.id}`)
      .set(performer);
    expect(open.body.items.map((x: { id: string }) => x.id).sort()).toEqual(
      (await t.db.query(`SELECT id::text FROM task WHERE client_id = $1`, [client.id]))
        .map((r: { id: string }) => r.id)
        .sort(),
    );
    const renewal = open.body.items.find((x: { kind: string }) => x.kind === 'renewal_call');
    expect(renewal.title).toBe('Telefon w sprawie odnowienia polisy');
    expect(
      (await t.http.get(`/api/tasks?clientId=${client.id}`).set(t.as('broker', 'offer_preparation'))).body
        .items,
    ).toEqual([]);
    const taken = await t.http
      .patch(`/api/tasks/${renewal.id}`)
      .set(performer)
      .send({ assigneeId: t.staff.broker.id });
    expect(taken.body.assigneeId).toBe(t.staff.broker.id);
    const mine = await t.http.get('/api/tasks?assignee=me&status=open').set(performer);
    expect(mine.body.items.map((x: { id: string }) => x.id)).toContain(renewal.id);
    const done = await t.http.patch(`/api/tasks/${renewal.id}`).set(performer).send({ status: 'done' });
    expect(done.body.status).toBe('done');
    expect(done.body.completedAt).not.toBeNull();
    // Completed: the scan does not bring it back.
    await t.http.post('/api/tasks/scan').set(t.as('admin')).send({});
    expect(
      (await t.db.query(`SELECT count(*)::int AS n FROM task WHERE client_id = $1`, [client.id]))[0].n,
    ).toBe(rows.length);
  });

  it('creates, assigns and completes tasks by hand, only for brokers and only under the purpose they serve', async () => {
    const client = await createClient(t);
    const broker = t.as('broker', 'offer_preparation');
    const created = await t.http
      .post('/api/tasks')
      .set(broker)
      .send({ clientId: client.id, title: 'Oddzwonić w sprawie AC', dueDate: today });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({
      kind: 'manual',
      purpose: 'offer_preparation',
      assigneeId: t.staff.broker.id,
    });
    const toMarketing = await t.http
      .post('/api/tasks')
      .set(broker)
      .send({ clientId: client.id, title: 'x', assigneeId: t.staff.marketing.id });
    expect(toMarketing.status).toBe(400);
    expect(toMarketing.body.code).toBe('ASSIGNEE_NOT_A_BROKER');
    // Under another purpose the task does not exist.
    expect(
      (
        await t.http
          .patch(`/api/tasks/${created.body.id}`)
          .set(t.as('broker', 'claims'))
          .send({ status: 'done' })
      ).status,
    ).toBe(404);
    expect((await t.http.get('/api/tasks').set(t.as('marketing', 'marketing'))).status).toBe(403);
    const done = await t.http.patch(`/api/tasks/${created.body.id}`).set(broker).send({ status: 'done' });
    expect(done.body.status).toBe('done');
    const reopened = await t.http.patch(`/api/tasks/${created.body.id}`).set(broker).send({ status: 'open' });
    expect(reopened.body).toMatchObject({ status: 'open', completedAt: null });
    expect((await t.http.patch(`/api/tasks/${created.body.id}`).set(broker).send({})).body.code).toBe(
      'NOTHING_TO_CHANGE',
    );
  });

  it('purges a done task once its purpose’s term has passed since it was completed, and keeps open ones', async () => {
    const client = await createClient(t);
    const broker = t.as('broker', 'offer_preparation');
    const task = async (title: string, done: boolean) => {
      const created = await t.http
        .post('/api/tasks')
        .set(broker)
        .send({ clientId: client.id, title, dueDate: today });
      expect(created.status).toBe(201);
      if (done)
        expect(
          (await t.http.patch(`/api/tasks/${created.body.id}`).set(broker).send({ status: 'done' })).status,
        ).toBe(200);
      return created.body.id as string;
    };
    const oldDone = await task('Wysłać porównanie ofert', true);
    const recentDone = await task('Zadzwonić po decyzję', true);
    const open = await task('Przypomnieć o OC', false);
    // Offer preparation keeps its records 12 months: one task was completed 13 months ago.
    await t.db.query(`UPDATE task SET completed_at = now() - interval '13 months' WHERE id = $1`, [oldDone]);
    await t.db.query(`UPDATE task SET created_at = now() - interval '14 months' WHERE id = $1`, [open]);
    const ids = () => idsOf('task', client.id);
    const dry = await sweep(true);
    expect(
      dry.find((r) => r.name === 'task' && r.purpose === 'offer_preparation')?.count,
    ).toBeGreaterThanOrEqual(1);
    expect(await ids()).toEqual([oldDone, recentDone, open].sort());
    await sweep(false);
    expect(await ids()).toEqual([recentDone, open].sort());
    const recorded = await t.db.query(
      `SELECT reason FROM audit_entry WHERE resource = 'task' AND action = 'delete' AND $1::uuid = ANY(client_ids)`,
      [client.id],
    );
    expect(recorded).toEqual([{ reason: 'RETENTION_ENDED' }]);
  });

  it('keeps each activity under its purpose and purges it by that purpose’s term', async () => {
    const client = await createClient(t);
    await grantConsent(t, client.id, 'client_contact', 'phone');
    const longAgo = new Date(Date.now() - 400 * 86_400_000).toISOString();
    const record = async (purpose: string, kind: string, at: string, summary: string) => {
      const res = await t.http
        .post(`/api/clients/${client.id}/activities`)
        .set(t.as('broker', purpose))
        .send({ kind, at, summary });
      expect(res.status).toBe(201);
      return res.body.id as string;
    };
    const oldOffer = await record('offer_preparation', 'call', longAgo, 'Rozmowa o ofercie sprzed roku');
    const recentOffer = await record(
      'offer_preparation',
      'meeting',
      new Date().toISOString(),
      'Spotkanie w biurze',
    );
    const oldContract = await record('contract_performance', 'note', longAgo, 'Notatka do polisy');
    const contact = await record('client_contact', 'call', longAgo, 'Telefon grzecznościowy');

    // Each purpose sees its own, and the dpo handling the person's request sees them all.
    const under = async (role: 'broker' | 'dpo', purpose: string) =>
      (await t.http.get(`/api/clients/${client.id}/activities`).set(t.as(role, purpose))).body.items.map(
        (a: { id: string }) => a.id,
      );
    expect((await under('broker', 'offer_preparation')).sort()).toEqual([oldOffer, recentOffer].sort());
    expect(await under('broker', 'contract_performance')).toEqual([oldContract]);
    expect(await under('broker', 'client_contact')).toEqual([contact]);
    expect((await under('dpo', 'data_subject_rights')).sort()).toEqual(
      [oldOffer, recentOffer, oldContract, contact].sort(),
    );
    expect(
      (await t.http.get(`/api/clients/${client.id}/activities`).set(t.as('marketing', 'marketing'))).status,
    ).toBe(403);
    const future = await t.http
      .post(`/api/clients/${client.id}/activities`)
      .set(t.as('broker', 'offer_preparation'))
      .send({ kind: 'note', at: '2099-01-01T00:00:00Z', summary: 'x' });
    expect(future.status).toBe(400);

    const ids = () => idsOf('client_activity', client.id);
    const dry = await sweep(true);
    expect(
      dry.find((r) => r.name === 'client_activity' && r.purpose === 'offer_preparation')?.count,
    ).toBeGreaterThanOrEqual(1);
    expect(await ids()).toHaveLength(4);
    // Offer preparation keeps 12 months: the old call goes; contract performance keeps 6 years; the consent still runs.
    await sweep(false);
    expect(await ids()).toEqual([recentOffer, oldContract, contact].sort());
    // The consent withdrawn: what was recorded under it goes at the next sweep.
    const withdrawn = await t.http
      .post(`/api/clients/${client.id}/consents/withdraw`)
      .set(t.as('broker', 'offer_preparation'))
      .send({ purpose: 'client_contact', channel: 'phone', source: 'phone_call' });
    expect(withdrawn.status).toBe(200);
    await sweep(false);
    expect(await ids()).toEqual([recentOffer, oldContract].sort());
  });
});
