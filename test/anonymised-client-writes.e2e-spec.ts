import { BrokerClock } from '@app/common/clock/broker-clock';
import { makeNip } from '@app/common/validation/nip';
import { createClient, grantConsent } from './support/fixtures';
import { startTestApp, TestApp } from './support/test-app';

/**
 * An erased person stays erased: once a client is anonymised, every write for that client
 * (personal data, consents, offer requests and quotes, conclusion, cancellation and renewal of
 * contracts, legal holds, new requests) answers 409 CLIENT_ANONYMISED, changes nothing and leaves
 * a denied entry in the record of operations. The same writes for a client not anonymised succeed.
 */
describe('writes for an anonymised client', () => {
  let t: TestApp;
  let insurerId: string;
  const broker = () => t.as('broker', 'offer_preparation');
  const performer = () => t.as('broker', 'contract_performance');
  const dpo = () => t.as('dpo', 'data_subject_rights');
  const money = (amount: number) => ({ amount, currency: 'PLN' });
  let policySerial = 0;

  async function day(offset: number): Promise<string> {
    const [row] = await t.db.query(
      `SELECT to_char(${t.app.get(BrokerClock).todaySql} + $1::int, 'YYYY-MM-DD') AS d`,
      [offset],
    );
    return row.d;
  }

  async function offerRequest(clientId: string) {
    const res = await t.http
      .post('/api/offer-requests')
      .set(broker())
      .send({ clientId, lineOfBusiness: 'motor', needs: { requiredCoverages: ['oc'] } });
    expect(res.status).toBe(201);
    return res.body.id as string;
  }

  async function quoteBody() {
    return {
      insurerId,
      productName: 'Auto Komfort',
      premium: money(150_000),
      sumInsured: money(6_000_000),
      deductible: money(50_000),
      coverages: [{ code: 'oc', limit: money(529_000_000) }],
      validUntil: await day(14),
      commissionRate: 0.12,
    };
  }

  async function quote(requestId: string) {
    const res = await t.http
      .post(`/api/offer-requests/${requestId}/quotes`)
      .set(broker())
      .send(await quoteBody());
    expect(res.status).toBe(201);
    return res.body.id as string;
  }

  async function conclusionBody(quoteId: string) {
    return {
      quoteId,
      policyNumber: `ANON/${process.pid}/${++policySerial}`,
      startDate: await day(0),
      endDate: await day(364),
      recommendation: 'The only quote with the required cover.',
    };
  }

  /**
   * A client with an offer request holding a quote (not concluded) and a contract that ended long
   * ago, so that nothing keeps the data against an erasure.
   */
  async function clientWithRecords() {
    const { id: clientId } = await createClient(t);
    await grantConsent(t, clientId, 'marketing', 'email');
    const concludedRequest = await offerRequest(clientId);
    const concluded = await t.http
      .post(`/api/offer-requests/${concludedRequest}/conclude`)
      .set(performer())
      .send(await conclusionBody(await quote(concludedRequest)));
    expect(concluded.status).toBe(201);
    const contractId = concluded.body.id as string;
    await t.db.query(`UPDATE contract SET start_date = '2010-01-01', end_date = '2010-12-31' WHERE id = $1`, [
      contractId,
    ]);
    const openRequest = await offerRequest(clientId);
    const openQuote = await quote(openRequest);
    return { clientId, contractId, openRequest, openQuote };
  }

  async function erase(clientId: string) {
    const req = await t.http
      .post('/api/data-subject-requests')
      .set(dpo())
      .send({ clientId, type: 'erasure' });
    expect(req.status).toBe(201);
    await t.http
      .post(`/api/data-subject-requests/${req.body.id}/verify-identity`)
      .set(dpo())
      .send({ method: 'id_document_in_person' });
    const done = await t.http.post(`/api/data-subject-requests/${req.body.id}/execute`).set(dpo()).send({});
    expect(done.status).toBe(200);
    expect(done.body.outcome).toMatchObject({ action: 'anonymised' });
  }

  /** Every write the API offers for a client, as [name, call]. */
  function writes(records: Awaited<ReturnType<typeof clientWithRecords>>) {
    const { clientId, contractId, openRequest, openQuote } = records;
    return [
      [
        'PATCH /api/clients/:id',
        () => t.http.patch(`/api/clients/${clientId}`).set(broker()).send({ email: 'returned@example.com' }),
      ],
      [
        'POST /api/clients/:id/consents',
        () =>
          t.http.post(`/api/clients/${clientId}/consents`).set(broker()).send({
            purpose: 'client_contact',
            channel: 'email',
            source: 'paper_form',
            evidence: 'form 2',
            noticeVersion: '2026-01',
          }),
      ],
      [
        'POST /api/clients/:id/consents/withdraw',
        () =>
          t.http
            .post(`/api/clients/${clientId}/consents/withdraw`)
            .set(broker())
            .send({ purpose: 'marketing', channel: 'email', source: 'phone_call' }),
      ],
      [
        'POST /api/offer-requests',
        () =>
          t.http
            .post('/api/offer-requests')
            .set(broker())
            .send({ clientId, lineOfBusiness: 'travel', needs: { requiredCoverages: ['kl'] } }),
      ],
      [
        'POST /api/offer-requests/:id/quotes',
        async () =>
          t.http
            .post(`/api/offer-requests/${openRequest}/quotes`)
            .set(broker())
            .send(await quoteBody()),
      ],
      [
        'POST /api/offer-requests/:id/conclude',
        async () =>
          t.http
            .post(`/api/offer-requests/${openRequest}/conclude`)
            .set(performer())
            .send(await conclusionBody(openQuote)),
      ],
      [
        'POST /api/contracts/:id/renewal',
        () => t.http.post(`/api/contracts/${contractId}/renewal`).set(broker()).send({}),
      ],
      [
        'POST /api/contracts/:id/cancel',
        () => t.http.post(`/api/contracts/${contractId}/cancel`).set(performer()).send({ reason: 'Sold' }),
      ],
      [
        'POST /api/clients/:id/legal-holds',
        () =>
          t.http
            .post(`/api/clients/${clientId}/legal-holds`)
            .set(t.as('dpo', 'claims'))
            .send({ reason: 'Claim 2026/9: documentation needed' }),
      ],
      [
        'POST /api/data-subject-requests',
        () => t.http.post('/api/data-subject-requests').set(dpo()).send({ clientId, type: 'access' }),
      ],
    ] as const;
  }

  /** Everything a write for the client could change, as one value. */
  async function fingerprint(clientId: string): Promise<string> {
    const [row] = await t.db.query(
      `SELECT (SELECT md5(c::text) FROM client c WHERE c.id = $1) AS client,
              (SELECT md5(coalesce(string_agg(k::text, '|' ORDER BY k.id), '')) FROM consent k WHERE k.client_id = $1) AS consents,
              (SELECT md5(coalesce(string_agg(r::text, '|' ORDER BY r.id), '')) FROM offer_request r WHERE r.client_id = $1) AS requests,
              (SELECT md5(coalesce(string_agg(q::text, '|' ORDER BY q.id), '')) FROM quote q JOIN offer_request r ON r.id = q.offer_request_id
                WHERE r.client_id = $1) AS quotes,
              (SELECT md5(coalesce(string_agg(k::text, '|' ORDER BY k.id), '')) FROM contract k WHERE k.client_id = $1) AS contracts,
              (SELECT md5(coalesce(string_agg(h::text, '|' ORDER BY h.id), '')) FROM legal_hold h WHERE h.client_id = $1) AS holds,
              (SELECT count(*) FROM data_subject_request d WHERE d.client_id = $1) AS requests_of_rights`,
      [clientId],
    );
    return JSON.stringify(row);
  }

  beforeAll(async () => {
    t = await startTestApp();
    const insurer = await t.http
      .post('/api/insurers')
      .set(t.as('admin'))
      .send({ name: 'Anonim TU', nip: makeNip(634_100_000), dsrContactEmail: 'iod@anonim.example' });
    expect(insurer.status).toBe(201);
    insurerId = insurer.body.id;
  });
  afterAll(async () => {
    await t?.close();
  });

  it('refuses every write for an anonymised client with 409 CLIENT_ANONYMISED, changes nothing and records each refusal; the same writes for an active client succeed', async () => {
    const records = await clientWithRecords();
    await erase(records.clientId);
    const before = await fingerprint(records.clientId);
    const outcomes: Record<string, { status: number; code: unknown }> = {};
    for (const [name, call] of writes(records)) {
      const res = await call();
      outcomes[name] = { status: res.status, code: res.body.code };
    }
    expect(outcomes).toEqual(
      Object.fromEntries(writes(records).map(([name]) => [name, { status: 409, code: 'CLIENT_ANONYMISED' }])),
    );
    expect(await fingerprint(records.clientId)).toBe(before);
    const [client] = await t.db.query(`SELECT status, email FROM client WHERE id = $1`, [records.clientId]);
    expect(client).toEqual({ status: 'anonymised', email: null });
    const denied = await t.db.query(
      `SELECT resource, action FROM audit_entry
        WHERE outcome = 'denied' AND reason = 'CLIENT_ANONYMISED' AND client_ids @> ARRAY[$1]::uuid[]
        ORDER BY id`,
      [records.clientId],
    );
    expect(denied.map((e: { resource: string }) => e.resource)).toEqual([
      'client',
      'consent',
      'consent',
      'offer_request',
      'quote',
      'contract',
      'offer_request',
      'contract',
      'legal_hold',
      'data_subject_request',
    ]);

    // The other side: the same writes for a client who is not anonymised succeed.
    const active = await clientWithRecords();
    const statuses: Record<string, number> = {};
    for (const [name, call] of writes(active)) statuses[name] = (await call()).status;
    expect(statuses).toEqual({
      'PATCH /api/clients/:id': 200,
      'POST /api/clients/:id/consents': 201,
      'POST /api/clients/:id/consents/withdraw': 200,
      'POST /api/offer-requests': 201,
      'POST /api/offer-requests/:id/quotes': 201,
      'POST /api/offer-requests/:id/conclude': 201,
      'POST /api/contracts/:id/renewal': 201,
      // The contract ended in 2010: ended contracts are not cancelled (refused for that reason, not erasure).
      'POST /api/contracts/:id/cancel': 409,
      'POST /api/clients/:id/legal-holds': 201,
      'POST /api/data-subject-requests': 201,
    });
    const cancel = await t.http
      .post(`/api/contracts/${active.contractId}/cancel`)
      .set(performer())
      .send({ reason: 'Sold' });
    expect(cancel.body.code).not.toBe('CLIENT_ANONYMISED');
  });
});
