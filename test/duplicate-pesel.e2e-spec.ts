import { Client as PgClient } from 'pg';
import { auditEntriesOf, clientBody, createClient } from './support/fixtures';
import { startTestApp, TestApp } from './support/test-app';

/**
 * A registration with a PESEL another client holds reveals nothing of that client, whether or not
 * the caller may see it: the same 409 DUPLICATE_REVIEW, by the same statements, and a review for
 * the data protection officer, recorded in the record of operations.
 */
describe('a duplicate PESEL', () => {
  let t: TestApp;
  let visible: { id: string; body: Record<string, unknown> };
  let hidden: { id: string; body: Record<string, unknown> };
  const broker = () => t.as('broker', 'offer_preparation');
  const dpo = () => t.as('dpo', 'data_subject_rights');
  /** A new person's details carrying the PESEL (and so the birth date) of an existing client. */
  const withPeselOf = (holder: { body: Record<string, unknown> }) =>
    clientBody({
      firstName: 'Inny',
      lastName: 'Zgłaszający',
      pesel: holder.body.pesel,
      dateOfBirth: holder.body.dateOfBirth,
    });
  const personalValues = (holder: { id: string; body: Record<string, unknown> }) => [
    holder.id,
    String(holder.body.lastName),
    String(holder.body.email),
    String(holder.body.phone),
    String((holder.body.address as { street: string }).street),
  ];

  beforeAll(async () => {
    // The sealer runs rarely here, so that its statements do not mix with a request's.
    t = await startTestApp({ AUDIT_SEAL_INTERVAL_MS: '600000' });
    visible = await createClient(t);
    hidden = await createClient(t);
    // Restricted (art. 18), e.g. after a refused erasure: offer preparation does not see it.
    await t.db.query(`UPDATE client SET restricted = true WHERE id = $1`, [hidden.id]);
    expect((await t.http.get(`/api/clients/${hidden.id}`).set(broker())).status).toBe(404);
  });
  afterAll(async () => {
    await t?.close();
  });

  it('answers 409 DUPLICATE_REVIEW the same way for a visible and an invisible holder, naming nothing of either, and stores no client', async () => {
    const [{ n: before }] = await t.db.query(`SELECT count(*)::int AS n FROM client`);
    const answers = [];
    for (const holder of [visible, hidden]) {
      const res = await t.http.post('/api/clients').set(broker()).send(withPeselOf(holder));
      expect(res.status).toBe(409);
      expect(res.body.code).toBe('DUPLICATE_REVIEW');
      const text = JSON.stringify(res.body);
      for (const value of [...personalValues(visible), ...personalValues(hidden)])
        expect(text).not.toContain(value);
      const { reviewId, ...rest } = res.body;
      expect(typeof reviewId).toBe('string');
      answers.push(rest);
    }
    expect(answers[0]).toEqual(answers[1]);
    expect(Object.keys(answers[0]).sort()).toEqual(['code', 'error', 'message', 'statusCode']);
    const [{ n: after }] = await t.db.query(`SELECT count(*)::int AS n FROM client`);
    expect(after).toBe(before);
  });

  it('gives that answer by the same statements for a visible and an invisible holder', async () => {
    // Every statement the application sends to PostgreSQL during one request, in order.
    const statements: string[] = [];
    const original = PgClient.prototype.query;
    // Seen through one untyped signature: the spy passes every overload of query (promise or callback) through.
    const queryOwner = PgClient.prototype as unknown as { query: (...args: unknown[]) => unknown };
    const spy = jest.spyOn(queryOwner, 'query').mockImplementation(function (
      this: PgClient,
      ...args: unknown[]
    ) {
      const config = args[0] as string | { text?: string; name?: string };
      const text = typeof config === 'string' ? config : (config?.text ?? config?.name ?? '');
      // Transaction control and the sealer's work (on its own schedule) are not the request's statements.
      if (!/audit_seal|^\s*(START TRANSACTION|BEGIN|COMMIT|ROLLBACK)/.test(text))
        statements.push(text.replace(/\s+/g, ' ').trim());
      return (original as (...a: unknown[]) => unknown).apply(this, args);
    });
    try {
      const traces: string[][] = [];
      for (const holder of [visible, hidden, visible, hidden]) {
        statements.length = 0;
        const res = await t.http.post('/api/clients').set(broker()).send(withPeselOf(holder));
        expect(res.status).toBe(409);
        expect(res.body.code).toBe('DUPLICATE_REVIEW');
        traces.push([...statements]);
      }
      expect(traces[0].length).toBeGreaterThan(0);
      expect(traces[1]).toEqual(traces[0]);
      expect(traces[3]).toEqual(traces[2]);
    } finally {
      spy.mockRestore();
    }
  });

  it('opens one review per holder and requester that the DPO sees under data_subject_rights, and no one else', async () => {
    const res = await t.http.get('/api/duplicate-reviews?status=open').set(dpo());
    expect(res.status).toBe(200);
    const reviews = res.body.items as Array<Record<string, unknown>>;
    const ofHidden = reviews.filter((r) => r.clientId === hidden.id);
    expect(ofHidden).toHaveLength(1);
    expect(ofHidden[0]).toMatchObject({
      requestedBy: t.staff.broker.id,
      requestedUnder: 'offer_preparation',
      attemptedOn: null,
      status: 'open',
      resolution: null,
    });
    expect(ofHidden[0].attempts).toBeGreaterThanOrEqual(3);
    expect(reviews.some((r) => r.clientId === visible.id)).toBe(true);
    // What the review keeps: ids, never the submitted details.
    const [row] = await t.db.query(
      `SELECT to_jsonb(r)::text AS row FROM client_duplicate_review r WHERE client_id = $1`,
      [hidden.id],
    );
    expect(row.row).not.toContain('Zgłaszający');
    expect(row.row).not.toContain(String(hidden.body.pesel));

    expect((await t.http.get('/api/duplicate-reviews').set(broker())).status).toBe(403);
    expect((await t.http.get('/api/duplicate-reviews').set(t.as('broker', 'claims'))).status).toBe(403);
    expect((await t.http.get('/api/duplicate-reviews').set(t.as('dpo', 'security_audit'))).status).toBe(403);
    expect((await t.http.get('/api/duplicate-reviews').set(t.as('marketing', 'marketing'))).status).toBe(403);
  });

  it('records the refused registration and the opened review, with ids and field names only', async () => {
    const res = await t.http.post('/api/clients').set(broker()).send(withPeselOf(hidden));
    expect(res.status).toBe(409);
    const entries = await auditEntriesOf(t, res.headers['x-request-id']);
    expect(
      entries.map((e: { resource: string; outcome: string; reason: string | null }) => [
        e.resource,
        e.outcome,
        e.reason,
      ]),
    ).toEqual([
      // The review commits first; the refused write is then recorded once, by the edge.
      ['duplicate_review', 'allowed', null],
      ['client', 'denied', 'DUPLICATE_REVIEW'],
    ]);
    for (const entry of entries) {
      expect(entry).toMatchObject({
        actor_id: t.staff.broker.id,
        purpose: 'offer_preparation',
        client_ids: [hidden.id],
      });
      expect(JSON.stringify(entry)).not.toContain('Zgłaszający');
    }
    expect(entries[1].fields).toEqual(expect.arrayContaining(['pesel', 'firstName']));
    expect(entries[0].resource_id).toBe(res.body.reviewId);
  });

  it('answers a change of PESEL to one another client holds the same way, with the edited client on the review', async () => {
    const own = await createClient(t);
    const res = await t.http
      .patch(`/api/clients/${own.id}`)
      .set(broker())
      .send({ pesel: hidden.body.pesel, dateOfBirth: hidden.body.dateOfBirth });
    expect(res.status).toBe(409);
    expect(res.body.code).toBe('DUPLICATE_REVIEW');
    expect(JSON.stringify(res.body)).not.toContain(hidden.id);
    const [row] = await t.db.query(`SELECT attempted_on::text FROM client_duplicate_review WHERE id = $1`, [
      res.body.reviewId,
    ]);
    expect(row.attempted_on).toBe(own.id);
    const [client] = await t.db.query(
      `SELECT pesel_index IS NOT DISTINCT FROM (SELECT pesel_index FROM client WHERE id = $2) AS same FROM client WHERE id = $1`,
      [own.id, hidden.id],
    );
    expect(client.same).toBe(false);
  });

  it('lets the DPO resolve a review once, with the resolution recorded; nobody else may', async () => {
    const list = await t.http.get('/api/duplicate-reviews?status=open').set(dpo());
    const review = list.body.items.find((r: { clientId: string }) => r.clientId === hidden.id);
    expect(
      (
        await t.http
          .post(`/api/duplicate-reviews/${review.id}/resolve`)
          .set(broker())
          .send({ resolution: 'no_action' })
      ).status,
    ).toBe(403);
    const resolved = await t.http
      .post(`/api/duplicate-reviews/${review.id}/resolve`)
      .set(dpo())
      .send({ resolution: 'requester_informed', note: 'Client restricted; broker told to contact the DPO.' });
    expect(resolved.status).toBe(200);
    expect(resolved.body).toMatchObject({
      id: review.id,
      status: 'resolved',
      resolution: 'requester_informed',
      resolvedBy: t.staff.dpo.id,
    });
    const again = await t.http
      .post(`/api/duplicate-reviews/${review.id}/resolve`)
      .set(dpo())
      .send({ resolution: 'no_action' });
    expect(again.status).toBe(409);
    expect(again.body.code).toBe('DUPLICATE_REVIEW_RESOLVED');
    expect(
      (
        await t.http
          .post(`/api/duplicate-reviews/${review.id}/resolve`)
          .set(dpo())
          .send({ resolution: 'merged' })
      ).status,
    ).toBe(400);
    const [entry] = await auditEntriesOf(t, resolved.headers['x-request-id']);
    expect(entry).toMatchObject({
      resource: 'duplicate_review',
      action: 'update',
      outcome: 'allowed',
      client_ids: [hidden.id],
      fields: ['note', 'resolution'],
    });
    // A new attempt after the resolution opens a new review.
    const retry = await t.http.post('/api/clients').set(broker()).send(withPeselOf(hidden));
    expect(retry.status).toBe(409);
    expect(retry.body.reviewId).not.toBe(review.id);
  });
});
