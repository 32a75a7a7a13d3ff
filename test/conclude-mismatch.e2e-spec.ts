import { BrokerClock } from '@app/common/clock/broker-clock';
import { makeNip } from '@app/common/validation/nip';
import { auditEntriesOf, createClient } from './support/fixtures';
import { startTestApp, TestApp } from './support/test-app';

/**
 * Concluding a quote that misses the needs (a required coverage lacking, a premium above the
 * maximum) is a knowing decision: without `acknowledgedMismatch: true` it is refused and nothing
 * changes; with it the contract keeps what was accepted, and the record of operations says so.
 * A quote that meets the needs is concluded as before.
 */
const pln = (amount: number) => ({ amount, currency: 'PLN' });
type Body = Record<string, unknown>;

describe('concluding a quote that misses the needs', () => {
  let t: TestApp;
  let insurerId: string;
  let clientId: string;
  let policySerial = 0;
  const broker = () => t.as('broker', 'offer_preparation');
  const performer = () => t.as('broker', 'contract_performance');

  async function day(offset: number): Promise<string> {
    const [row] = await t.db.query(
      `SELECT to_char(${t.app.get(BrokerClock).todaySql} + $1::int, 'YYYY-MM-DD') AS d`,
      [offset],
    );
    return row.d;
  }

  /** A request needing OC and AC for at most 2 000 zł, with one quote built from the overrides. */
  async function requestWithQuote(quote: Body): Promise<{ requestId: string; quoteId: string }> {
    const request = await t.http
      .post('/api/offer-requests')
      .set(broker())
      .send({
        clientId,
        lineOfBusiness: 'motor',
        needs: { requiredCoverages: ['oc', 'ac'], maxPremium: pln(200_000) },
      });
    expect(request.status).toBe(201);
    const created = await t.http
      .post(`/api/offer-requests/${request.body.id}/quotes`)
      .set(broker())
      .send({
        insurerId,
        productName: 'Auto Komfort',
        premium: pln(150_000),
        sumInsured: pln(6_000_000),
        deductible: pln(50_000),
        coverages: [
          { code: 'oc', limit: pln(529_000_000) },
          { code: 'ac', limit: pln(6_000_000) },
        ],
        validUntil: await day(14),
        commissionRate: 0.12,
        ...quote,
      });
    expect(created.status).toBe(201);
    return { requestId: request.body.id, quoteId: created.body.id };
  }

  async function conclude(requestId: string, quoteId: string, extra: Body = {}) {
    return t.http
      .post(`/api/offer-requests/${requestId}/conclude`)
      .set(performer())
      .send({
        quoteId,
        policyNumber: `MIS/${++policySerial}`,
        startDate: await day(0),
        endDate: await day(364),
        recommendation: 'Klient wybrał tę ofertę świadomie.',
        ...extra,
      });
  }

  async function contractsOf(requestId: string): Promise<number> {
    const [row] = await t.db.query(`SELECT count(*)::int AS n FROM contract WHERE offer_request_id = $1`, [
      requestId,
    ]);
    return row.n;
  }

  const onlyOc = { coverages: [{ code: 'oc', limit: pln(529_000_000) }] };

  beforeAll(async () => {
    t = await startTestApp();
    const insurer = await t.http
      .post('/api/insurers')
      .set(t.as('admin'))
      .send({ name: 'Alfa TU S.A.', nip: makeNip(526_000_100), dsrContactEmail: 'iod@alfa.example' });
    expect(insurer.status).toBe(201);
    insurerId = insurer.body.id;
    clientId = (await createClient(t)).id;
  });
  afterAll(async () => {
    await t?.close();
  });

  it.each([
    ['without the acknowledgement', {}],
    ['with acknowledgedMismatch: false', { acknowledgedMismatch: false }],
  ])(
    'a missing required coverage %s → 400 MISMATCH_NOT_ACKNOWLEDGED, nothing concluded',
    async (_, extra) => {
      const { requestId, quoteId } = await requestWithQuote(onlyOc);
      const res = await conclude(requestId, quoteId, extra);
      expect(res.status).toBe(400);
      expect(res.body.code).toBe('MISMATCH_NOT_ACKNOWLEDGED');
      expect(res.body).toMatchObject({ shortfalls: ['missing_coverage'], missingCoverages: ['ac'] });
      expect(await contractsOf(requestId)).toBe(0);
      const detail = await t.http.get(`/api/offer-requests/${requestId}`).set(broker());
      expect(detail.body.status).toBe('open');
      const entries = await auditEntriesOf(t, res.headers['x-request-id']);
      expect(entries.filter((e: Body) => e.outcome === 'allowed')).toEqual([]);
    },
  );

  it('a premium above maxPremium without the acknowledgement → 400, nothing concluded', async () => {
    const { requestId, quoteId } = await requestWithQuote({ premium: pln(200_001) });
    const res = await conclude(requestId, quoteId);
    expect(res.status).toBe(400);
    expect(res.body.code).toBe('MISMATCH_NOT_ACKNOWLEDGED');
    expect(res.body).toMatchObject({ shortfalls: ['premium_above_max'], missingCoverages: [] });
    expect(await contractsOf(requestId)).toBe(0);
  });

  it('a non-boolean acknowledgement is invalid input', async () => {
    const { requestId, quoteId } = await requestWithQuote(onlyOc);
    const res = await conclude(requestId, quoteId, { acknowledgedMismatch: 'yes' });
    expect(res.status).toBe(400);
    expect(res.body.code).not.toBe('MISMATCH_NOT_ACKNOWLEDGED');
    expect(await contractsOf(requestId)).toBe(0);
  });

  it('with the acknowledgement the contract is concluded, keeps what was accepted, and the record says so', async () => {
    const { requestId, quoteId } = await requestWithQuote({ ...onlyOc, premium: pln(250_000) });
    const res = await conclude(requestId, quoteId, { acknowledgedMismatch: true });
    expect(res.status).toBe(201);
    const accepted = {
      shortfalls: ['missing_coverage', 'premium_above_max'],
      missingCoverages: ['ac'],
      premium: pln(250_000),
      maxPremium: pln(200_000),
    };
    expect(res.body).toMatchObject({ quoteId, status: 'active', acknowledgedMismatch: accepted });

    // Where it is stored: the contract, read back later.
    const read = await t.http.get(`/api/contracts/${res.body.id}`).set(performer());
    expect(read.status).toBe(200);
    expect(read.body.acknowledgedMismatch).toEqual(accepted);
    const [row] = await t.db.query(`SELECT acknowledged_mismatch FROM contract WHERE id = $1`, [res.body.id]);
    expect(row.acknowledged_mismatch).toEqual(accepted);

    // The record of the conclusion names the acknowledgement.
    const [entry] = await auditEntriesOf(t, res.headers['x-request-id']);
    expect(entry).toMatchObject({
      action: 'create',
      resource: 'contract',
      resource_id: res.body.id,
      outcome: 'allowed',
      reason: 'MISMATCH_ACKNOWLEDGED',
    });
    expect(entry.fields).toContain('acknowledgedMismatch');

    // A manager reviewing the record of operations sees it.
    const log = await t.http
      .get('/api/access-logs')
      .query({ clientId, resource: 'contract', action: 'create' })
      .set(t.as('manager', 'security_audit'));
    expect(log.status).toBe(200);
    const reviewed = log.body.items.find((i: Body) => i.resourceId === res.body.id);
    expect(reviewed).toMatchObject({ reason: 'MISMATCH_ACKNOWLEDGED', outcome: 'allowed' });
  });

  it('a quote meeting the needs is concluded without an acknowledgement, and none is stored', async () => {
    // At exactly maxPremium, with both required coverages and one more: a match.
    const { requestId, quoteId } = await requestWithQuote({
      premium: pln(200_000),
      coverages: [
        { code: 'oc', limit: pln(529_000_000) },
        { code: 'ac', limit: pln(6_000_000) },
        { code: 'nnw', limit: pln(1_000_000) },
      ],
    });
    const res = await conclude(requestId, quoteId);
    expect(res.status).toBe(201);
    expect(res.body.acknowledgedMismatch).toBeNull();
    const [entry] = await auditEntriesOf(t, res.headers['x-request-id']);
    expect(entry).toMatchObject({ action: 'create', resource: 'contract', outcome: 'allowed', reason: null });
    expect(entry.fields).not.toContain('acknowledgedMismatch');

    // An acknowledgement given needlessly changes nothing: nothing was missed, nothing is kept.
    const other = await requestWithQuote({});
    const needless = await conclude(other.requestId, other.quoteId, { acknowledgedMismatch: true });
    expect(needless.status).toBe(201);
    expect(needless.body.acknowledgedMismatch).toBeNull();
  });
});
