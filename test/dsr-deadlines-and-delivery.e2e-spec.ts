import { BrokerClock } from '@app/common/clock/broker-clock';
import { addCalendarMonths } from '../src/retention';
import { auditEntriesOf, createClient } from './support/fixtures';
import { startTestApp, TestApp } from './support/test-app';

/**
 * Deadlines of art. 12(3) GDPR and the delivery of an answer: a deadline is extended once, with a
 * reason, only before it passes, and a request past its deadline stays overdue; reading the access
 * report or the portability export changes nothing; completing the request records how and when
 * the answer reached the person.
 */
describe('data-subject requests: deadlines and delivery', () => {
  let t: TestApp;
  const dpo = () => t.as('dpo', 'data_subject_rights');

  /** A date relative to today in the broker's calendar (Europe/Warsaw). */
  async function day(offset: number): Promise<string> {
    const [row] = await t.db.query(
      `SELECT to_char(${t.app.get(BrokerClock).todaySql} + $1::int, 'YYYY-MM-DD') AS d`,
      [offset],
    );
    return row.d;
  }

  async function newRequest(body: Record<string, unknown>) {
    const res = await t.http.post('/api/data-subject-requests').set(dpo()).send(body);
    expect(res.status).toBe(201);
    return res.body as { id: string; status: string; dueAt: string };
  }

  async function verify(id: string) {
    const res = await t.http
      .post(`/api/data-subject-requests/${id}/verify-identity`)
      .set(dpo())
      .send({ method: 'id_document_in_person' });
    expect(res.status).toBe(200);
  }

  async function requestRow(id: string): Promise<string> {
    const [row] = await t.db.query(`SELECT r::text AS row FROM data_subject_request r WHERE r.id = $1`, [id]);
    return row.row;
  }

  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(async () => {
    await t?.close();
  });

  describe('deadlines', () => {
    it('refuses to extend a request after its due date (409 DEADLINE_PASSED); it stays overdue in the list and in GET /:id', async () => {
      const { id: clientId } = await createClient(t);
      const receivedAt = addCalendarMonths(await day(0), -2);
      const req = await newRequest({ clientId, type: 'access', receivedAt });
      expect(req.dueAt < (await day(0))).toBe(true);
      const before = await requestRow(req.id);

      const late = await t.http
        .post(`/api/data-subject-requests/${req.id}/extend`)
        .set(dpo())
        .send({ reason: 'Records in the archive' });
      expect({ status: late.status, code: late.body.code }).toEqual({ status: 409, code: 'DEADLINE_PASSED' });
      expect(await requestRow(req.id)).toBe(before);

      const read = await t.http.get(`/api/data-subject-requests/${req.id}`).set(dpo());
      expect(read.status).toBe(200);
      expect(read.body).toMatchObject({
        id: req.id,
        status: 'open',
        dueAt: req.dueAt,
        overdue: true,
        extended: false,
      });
      const overdue = await t.http.get('/api/data-subject-requests?overdue=true&limit=100').set(dpo());
      expect(overdue.body.items).toEqual(
        expect.arrayContaining([expect.objectContaining({ id: req.id, overdue: true, extended: false })]),
      );
    });

    it('extends before the due date, once and with a reason, to three months after receipt; says extended', async () => {
      const { id: clientId } = await createClient(t);
      const receivedAt = await day(-5);
      const req = await newRequest({ clientId, type: 'erasure', receivedAt });
      const read = await t.http.get(`/api/data-subject-requests/${req.id}`).set(dpo());
      expect(read.body).toMatchObject({ overdue: false, extended: false });

      const extended = await t.http
        .post(`/api/data-subject-requests/${req.id}/extend`)
        .set(dpo())
        .send({ reason: 'Many requests at once' });
      expect(extended.status).toBe(200);
      expect(extended.body).toMatchObject({
        status: 'open',
        dueAt: addCalendarMonths(receivedAt, 3),
        overdue: false,
        extended: true,
        extension: { reason: 'Many requests at once' },
      });
      const again = await t.http
        .post(`/api/data-subject-requests/${req.id}/extend`)
        .set(dpo())
        .send({ reason: 'Still more work' });
      expect({ status: again.status, code: again.body.code }).toEqual({
        status: 409,
        code: 'ALREADY_EXTENDED',
      });
      // Only the dpo under data_subject_rights reads a request.
      expect(
        (await t.http.get(`/api/data-subject-requests/${req.id}`).set(t.as('broker', 'claims'))).status,
      ).toBe(403);
    });
  });

  describe('delivery', () => {
    it('the access report (json and html) and the portability export are previews: reading them changes nothing', async () => {
      const { id: clientId } = await createClient(t);
      const access = await newRequest({ clientId, type: 'access' });
      const portability = await newRequest({ clientId, type: 'portability' });
      await verify(access.id);
      await verify(portability.id);
      const before = [await requestRow(access.id), await requestRow(portability.id)];

      for (const url of [
        `/api/data-subject-requests/${access.id}/report`,
        `/api/data-subject-requests/${access.id}/report?format=html`,
        `/api/data-subject-requests/${access.id}/report`,
        `/api/data-subject-requests/${portability.id}/export`,
      ]) {
        expect({ url, status: (await t.http.get(url).set(dpo())).status }).toEqual({ url, status: 200 });
      }
      expect([await requestRow(access.id), await requestRow(portability.id)]).toEqual(before);
      for (const id of [access.id, portability.id]) {
        const read = await t.http.get(`/api/data-subject-requests/${id}`).set(dpo());
        expect(read.body).toMatchObject({ status: 'open', outcome: null, closedAt: null, delivery: null });
      }
    });

    it('completing records how and when the answer reached the person: done, the delivery stored, one entry in the record', async () => {
      const { id: clientId } = await createClient(t);
      const receivedAt = await day(-10);
      const access = await newRequest({ clientId, type: 'access', receivedAt });
      await verify(access.id);
      expect((await t.http.get(`/api/data-subject-requests/${access.id}/report`).set(dpo())).status).toBe(
        200,
      );
      const deliveredAt = `${await day(-1)}T09:30:00.000Z`;
      const done = await t.http
        .post(`/api/data-subject-requests/${access.id}/complete`)
        .set(dpo())
        .send({ deliveredVia: 'post', deliveredAt });
      const requestId = done.headers['x-request-id'];
      expect(done.status).toBe(200);
      expect(done.body).toMatchObject({
        id: access.id,
        status: 'done',
        overdue: false,
        outcome: { action: 'access_report_given' },
        delivery: { via: 'post', at: deliveredAt },
        closedAt: expect.any(String),
      });
      const [stored] = await t.db.query(
        `SELECT status, delivered_via, delivered_at, closed_by FROM data_subject_request WHERE id = $1`,
        [access.id],
      );
      expect(stored).toEqual({
        status: 'done',
        delivered_via: 'post',
        delivered_at: new Date(deliveredAt),
        closed_by: t.staff.dpo.id,
      });
      expect(await auditEntriesOf(t, requestId)).toEqual([
        expect.objectContaining({
          action: 'update',
          resource: 'data_subject_request',
          resource_id: access.id,
          client_ids: [clientId],
          outcome: 'allowed',
          reason: 'ANSWER_DELIVERED',
          fields: ['delivery', 'outcome', 'status'],
        }),
      ]);
      // The report stays available to preview; completing twice is refused.
      expect((await t.http.get(`/api/data-subject-requests/${access.id}/report`).set(dpo())).status).toBe(
        200,
      );
      const twice = await t.http
        .post(`/api/data-subject-requests/${access.id}/complete`)
        .set(dpo())
        .send({ deliveredVia: 'email' });
      expect({ status: twice.status, code: twice.body.code }).toEqual({
        status: 409,
        code: 'REQUEST_CLOSED',
      });

      // Without deliveredAt, the answer reached the person now.
      const portability = await newRequest({ clientId, type: 'portability' });
      await verify(portability.id);
      const started = Date.now();
      const now = await t.http
        .post(`/api/data-subject-requests/${portability.id}/complete`)
        .set(dpo())
        .send({ deliveredVia: 'trusted_profile' });
      expect(now.status).toBe(200);
      expect(now.body).toMatchObject({
        status: 'done',
        outcome: { action: 'portability_export_given' },
        delivery: { via: 'trusted_profile' },
      });
      expect(Math.abs(Date.parse(now.body.delivery.at) - started)).toBeLessThan(60_000);
    });

    it('refuses to complete an unverified, rejected or done request (409), another type (409), a delivery in the future or before receipt (400); nothing changes', async () => {
      const { id: clientId } = await createClient(t);
      const receivedAt = await day(-3);
      const unverified = await newRequest({ clientId, type: 'access', receivedAt });
      const rejected = await newRequest({ clientId, type: 'access', receivedAt });
      await t.http
        .post(`/api/data-subject-requests/${rejected.id}/reject`)
        .set(dpo())
        .send({ reason: 'Withdrawn by the person' });
      const erasure = await newRequest({ clientId, type: 'erasure', receivedAt });
      await verify(erasure.id);
      const verified = await newRequest({ clientId, type: 'access', receivedAt });
      await verify(verified.id);
      const rows = async () =>
        Promise.all([unverified, rejected, erasure, verified].map((r) => requestRow(r.id)));
      const before = await rows();

      const conflicts: Array<[string, string]> = [
        [unverified.id, 'IDENTITY_NOT_VERIFIED'],
        [rejected.id, 'REQUEST_CLOSED'],
        [erasure.id, 'WRONG_REQUEST_TYPE'],
      ];
      for (const [id, code] of conflicts) {
        const res = await t.http
          .post(`/api/data-subject-requests/${id}/complete`)
          .set(dpo())
          .send({ deliveredVia: 'email' });
        expect({ id, status: res.status, code: res.body.code }).toEqual({ id, status: 409, code });
      }
      const future = new Date(Date.now() + 3_600_000).toISOString();
      const beforeReceipt = `${await day(-4)}T12:00:00.000Z`;
      const invalid: Array<[Record<string, unknown>, string | undefined]> = [
        [{ deliveredVia: 'email', deliveredAt: future }, 'INVALID_DELIVERED_AT'],
        [{ deliveredVia: 'email', deliveredAt: beforeReceipt }, 'INVALID_DELIVERED_AT'],
        [{ deliveredVia: 'pigeon' }, undefined],
        [{}, undefined],
        [{ deliveredVia: 'email', deliveredAt: 'yesterday' }, undefined],
      ];
      for (const [body, code] of invalid) {
        const res = await t.http
          .post(`/api/data-subject-requests/${verified.id}/complete`)
          .set(dpo())
          .send(body);
        expect({ body, status: res.status }).toEqual({ body, status: 400 });
        if (code) expect(res.body.code).toBe(code);
      }
      // Only the dpo under data_subject_rights completes.
      for (const headers of [t.as('broker', 'offer_preparation'), t.as('dpo', 'claims')]) {
        const res = await t.http
          .post(`/api/data-subject-requests/${verified.id}/complete`)
          .set(headers)
          .send({ deliveredVia: 'email' });
        expect(res.status).toBe(403);
      }
      expect(await rows()).toEqual(before);
      // Delivered on the day of receipt is fine.
      const sameDay = await t.http
        .post(`/api/data-subject-requests/${verified.id}/complete`)
        .set(dpo())
        .send({ deliveredVia: 'in_person', deliveredAt: `${receivedAt}T12:00:00+01:00` });
      expect(sameDay.status).toBe(200);
    });
  });
});
