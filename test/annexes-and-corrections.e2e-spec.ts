import { BrokerClock } from '@app/common/clock/broker-clock';
import { makeNip } from '@app/common/validation/nip';
import { makeVin } from '@app/common/validation/vehicle';
import { auditEntriesOf, createClient } from './support/fixtures';
import { TestApp, startTestApp } from './support/test-app';

type Body = Record<string, unknown>;
const pln = (amount: number) => ({ amount, currency: 'PLN' });

/**
 * Contracts change only through annexes (history kept, commission recomputed at the contract's
 * rate); offer requests and quotes are corrected before conclusion and refused after it.
 */
describe('annexes and corrections', () => {
  let t: TestApp;
  let insurerId: string;
  let client: { id: string };
  let serial = 0;
  const broker = () => t.as('broker', 'offer_preparation');
  const performer = () => t.as('broker', 'contract_performance');

  async function day(offset: number): Promise<string> {
    const [row] = await t.db.query(
      `SELECT to_char(${t.app.get(BrokerClock).todaySql} + $1::int, 'YYYY-MM-DD') AS d`,
      [offset],
    );
    return row.d;
  }

  async function registered(overrides: Body = {}): Promise<Body & { id: string }> {
    const res = await t.http
      .post('/api/contracts')
      .set(performer())
      .send({
        policyholderId: client.id,
        insurerId,
        lineOfBusiness: 'motor',
        policyNumber: `ANX/${++serial}`,
        productName: 'Auto Komfort',
        startDate: await day(-60),
        endDate: await day(304),
        premium: pln(120_000),
        commissionRate: 0.125,
        source: 'transferred',
        coverages: [{ code: 'oc', limit: pln(529_000_000) }],
        insuredObject: {
          kind: 'vehicle',
          vin: makeVin('SB1BR56L0XE0000' + String(serial % 10)),
          registrationNumber: 'BI 7K3L2',
          make: 'Toyota',
          model: 'Corolla',
          year: 2018,
        },
        ...overrides,
      });
    expect(res.status).toBe(201);
    return res.body;
  }

  async function openRequest(): Promise<Body & { id: string }> {
    const res = await t.http
      .post('/api/offer-requests')
      .set(broker())
      .send({
        clientId: client.id,
        lineOfBusiness: 'motor',
        needs: { requiredCoverages: ['oc'], maxPremium: pln(200_000), notes: 'Garaż' },
      });
    expect(res.status).toBe(201);
    return res.body;
  }

  async function quoteOn(requestId: string, overrides: Body = {}): Promise<Body & { id: string }> {
    const res = await t.http
      .post(`/api/offer-requests/${requestId}/quotes`)
      .set(broker())
      .send({
        insurerId,
        productName: 'Auto Komfort',
        premium: pln(150_000),
        sumInsured: pln(6_000_000),
        deductible: pln(50_000),
        coverages: [{ code: 'oc', limit: pln(529_000_000) }],
        validUntil: await day(14),
        commissionRate: 0.12,
        ...overrides,
      });
    expect(res.status).toBe(201);
    return res.body;
  }

  beforeAll(async () => {
    t = await startTestApp();
    const insurer = await t.http
      .post('/api/insurers')
      .set(t.as('admin'))
      .send({ name: 'Aneks TU S.A.', nip: makeNip(633_000_100), dsrContactEmail: 'iod@aneks.example' });
    expect(insurer.status).toBe(201);
    insurerId = insurer.body.id;
    client = await createClient(t, { lastName: 'Aneksowa' });
  });
  afterAll(async () => {
    await t?.close();
  });

  describe('annexes', () => {
    it('an annex changing the premium recomputes the commission at the contract’s rate, to the grosz', async () => {
      const contract = await registered();
      // 12.5 % of 1 200,00 zł.
      expect(contract.commission).toEqual(pln(15_000));
      const effectiveDate = await day(10);
      const res = await t.http
        .post(`/api/contracts/${contract.id}/annexes`)
        .set(performer())
        .send({ effectiveDate, reason: 'Dodatkowy kierowca', changes: { premium: pln(134_567) } });
      expect(res.status).toBe(201);
      // 12.5 % of 1 345,67 zł = 168,20875 zł → 168,21 zł.
      expect(res.body).toMatchObject({
        contractId: contract.id,
        clientId: client.id,
        effectiveDate,
        reason: 'Dodatkowy kierowca',
        changes: { premium: pln(134_567), commission: pln(16_821) },
        previous: { premium: pln(120_000), commission: pln(15_000) },
      });
      const after = await t.http.get(`/api/contracts/${contract.id}`).set(performer());
      expect(after.body).toMatchObject({
        premium: pln(134_567),
        commission: pln(16_821),
        commissionRate: 0.125,
      });
      const entries = await auditEntriesOf(t, res.headers['x-request-id']);
      expect(entries).toHaveLength(1);
      expect(entries[0]).toMatchObject({
        action: 'create',
        resource: 'contract_annex',
        resource_id: res.body.id,
        client_ids: [client.id],
      });
      expect(entries[0].fields).toEqual(
        expect.arrayContaining(['changes', 'contract.premium', 'contract.commission']),
      );
    });

    it('keeps the history in the order the annexes take effect, with the values before each', async () => {
      const contract = await registered();
      const later = await day(100);
      const sooner = await day(20);
      const first = await t.http
        .post(`/api/contracts/${contract.id}/annexes`)
        .set(performer())
        .send({ effectiveDate: later, reason: 'Przedłużenie', changes: { endDate: await day(400) } });
      expect(first.status).toBe(201);
      const vin = makeVin('WF0AXXGCDA7R1234');
      const second = await t.http
        .post(`/api/contracts/${contract.id}/annexes`)
        .set(performer())
        .send({
          effectiveDate: sooner,
          reason: 'Zmiana pojazdu',
          changes: {
            insuredObject: {
              kind: 'vehicle',
              vin,
              registrationNumber: 'bi 55555',
              make: 'Ford',
              model: 'Focus',
              year: 2021,
            },
            sumInsured: pln(5_500_000),
          },
        });
      expect(second.status).toBe(201);
      const list = await t.http.get(`/api/contracts/${contract.id}/annexes`).set(performer());
      expect(list.status).toBe(200);
      expect(list.body.map((a: Body) => a.effectiveDate)).toEqual([sooner, later]);
      expect(list.body[0]).toMatchObject({
        reason: 'Zmiana pojazdu',
        changes: {
          sumInsured: pln(5_500_000),
          insuredObject: { kind: 'vehicle', vin, registrationNumber: 'BI55555', make: 'Ford' },
        },
        previous: { sumInsured: pln(0), insuredObject: { kind: 'vehicle', make: 'Toyota' } },
      });
      expect(list.body[1]).toMatchObject({
        changes: { endDate: await day(400) },
        previous: { endDate: await day(304) },
      });
      const now = await t.http.get(`/api/contracts/${contract.id}`).set(performer());
      expect(now.body).toMatchObject({
        endDate: await day(400),
        sumInsured: pln(5_500_000),
        insuredObject: { vin, registrationNumber: 'BI55555' },
      });
      // Other purposes that read contracts read the history; those without contracts do not see it.
      expect(
        (await t.http.get(`/api/contracts/${contract.id}/annexes`).set(t.as('broker', 'claims'))).status,
      ).toBe(200);
      expect(
        (await t.http.get(`/api/contracts/${contract.id}/annexes`).set(t.as('marketing', 'marketing')))
          .status,
      ).toBe(404);
      expect(
        (
          await t.http
            .get(`/api/contracts/${contract.id}/annexes`)
            .set(t.as('accountant', 'legal_obligation'))
        ).status,
      ).toBe(404);
    });

    it('refuses an annex without changes, dated outside the contract, or with a bad VIN; nothing changes', async () => {
      const contract = await registered();
      const count = async () =>
        (
          await t.db.query(`SELECT count(*)::int AS n FROM contract_annex WHERE contract_id = $1`, [
            contract.id,
          ])
        )[0].n;
      const cases: Array<[Body, number, string]> = [
        [{ effectiveDate: await day(1), reason: 'x', changes: {} }, 400, 'ANNEX_WITHOUT_CHANGES'],
        [
          { effectiveDate: await day(-90), reason: 'x', changes: { premium: pln(1) } },
          400,
          'ANNEX_DATE_OUTSIDE_CONTRACT',
        ],
        [
          { effectiveDate: await day(1), reason: 'x', changes: { endDate: await day(-61) } },
          400,
          'END_NOT_AFTER_START',
        ],
        [
          { effectiveDate: await day(1), reason: 'x', changes: { premium: { amount: -1, currency: 'PLN' } } },
          400,
          'VALIDATION_FAILED',
        ],
        [
          {
            effectiveDate: await day(1),
            reason: 'x',
            changes: { coverages: [{ code: 'kl', limit: pln(1) }] },
          },
          400,
          'UNKNOWN_COVERAGE_CODE',
        ],
      ];
      for (const [body, status, code] of cases) {
        const res = await t.http.post(`/api/contracts/${contract.id}/annexes`).set(performer()).send(body);
        expect([res.status, res.body.code]).toEqual([status, code]);
      }
      const badVin = await t.http
        .post(`/api/contracts/${contract.id}/annexes`)
        .set(performer())
        .send({
          effectiveDate: await day(1),
          reason: 'x',
          changes: {
            insuredObject: {
              kind: 'vehicle',
              vin: '1M8GDM9A1KP042788',
              registrationNumber: 'BI12345',
              make: 'A',
              model: 'B',
              year: 2020,
            },
          },
        });
      expect(badVin.status).toBe(400);
      expect(badVin.body.fields).toEqual(['changes.insuredObject.vin']);
      expect(await count()).toBe(0);
      const [row] = await t.db.query(`SELECT premium, end_date::text AS end FROM contract WHERE id = $1`, [
        contract.id,
      ]);
      expect(row).toEqual({ premium: '120000', end: await day(304) });
    });

    it('refuses an annex to a cancelled contract (409) and to purposes other than contract performance', async () => {
      const contract = await registered();
      const body = { effectiveDate: await day(1), reason: 'x', changes: { premium: pln(1) } };
      for (const headers of [t.as('broker', 'offer_preparation'), t.as('marketing', 'marketing')]) {
        expect(
          (await t.http.post(`/api/contracts/${contract.id}/annexes`).set(headers).send(body)).status,
        ).toBe(403);
      }
      const cancelled = await t.http
        .post(`/api/contracts/${contract.id}/cancel`)
        .set(performer())
        .send({ reason: 'Sprzedaż pojazdu' });
      expect(cancelled.status).toBe(200);
      const res = await t.http.post(`/api/contracts/${contract.id}/annexes`).set(performer()).send(body);
      expect(res.status).toBe(409);
      expect(res.body.code).toBe('CONTRACT_CANCELLED');
    });
  });

  describe('corrections before conclusion', () => {
    it('corrects an offer request’s needs in part, records the fields, and refuses after conclusion', async () => {
      const request = await openRequest();
      const res = await t.http
        .patch(`/api/offer-requests/${request.id}`)
        .set(broker())
        .send({ needs: { requiredCoverages: ['oc', 'ac'], notes: null } });
      expect(res.status).toBe(200);
      expect(res.body.needs).toEqual({
        requiredCoverages: ['oc', 'ac'],
        maxPremium: pln(200_000),
        notes: null,
      });
      const entries = await auditEntriesOf(t, res.headers['x-request-id']);
      expect(entries).toHaveLength(1);
      expect(entries[0]).toMatchObject({
        action: 'update',
        resource: 'offer_request',
        resource_id: request.id,
      });
      expect([...entries[0].fields].sort()).toEqual(['notes', 'requiredCoverages']);

      for (const [body, code] of [
        [{ needs: { requiredCoverages: ['kl'] } }, 'UNKNOWN_COVERAGE_CODE'],
        [{ needs: { requiredCoverages: [] } }, 'VALIDATION_FAILED'],
        [{ needs: { maxPremium: { amount: 1.5, currency: 'PLN' } } }, 'VALIDATION_FAILED'],
        [{ clientId: client.id }, 'VALIDATION_FAILED'],
        [{}, 'NOTHING_TO_CORRECT'],
      ] as Array<[Body, string]>) {
        const bad = await t.http.patch(`/api/offer-requests/${request.id}`).set(broker()).send(body);
        expect([bad.status, bad.body.code]).toEqual([400, code]);
      }
      // Marketing sees no offer request: not found, as for any record outside the purpose.
      expect(
        (
          await t.http
            .patch(`/api/offer-requests/${request.id}`)
            .set(t.as('marketing', 'marketing'))
            .send({ needs: { notes: 'x' } })
        ).status,
      ).toBe(404);

      const quote = await quoteOn(request.id);
      const lineChange = await t.http
        .patch(`/api/offer-requests/${request.id}`)
        .set(broker())
        .send({ lineOfBusiness: 'home', needs: { requiredCoverages: ['fire'] } });
      expect([lineChange.status, lineChange.body.code]).toEqual([409, 'LINE_CHANGE_WITH_QUOTES']);
      const concluded = await t.http
        .post(`/api/offer-requests/${request.id}/conclude`)
        .set(performer())
        .send({
          quoteId: quote.id,
          policyNumber: `KOR/${++serial}`,
          startDate: await day(1),
          endDate: await day(366),
          recommendation: 'Spełnia potrzeby.',
          acknowledgedMismatch: true,
        });
      expect(concluded.status).toBe(201);
      const after = await t.http
        .patch(`/api/offer-requests/${request.id}`)
        .set(broker())
        .send({ needs: { notes: 'Późno' } });
      expect([after.status, after.body.code]).toEqual([409, 'OFFER_REQUEST_CONCLUDED']);
      const [row] = await t.db.query(`SELECT notes FROM offer_request WHERE id = $1`, [request.id]);
      expect(row.notes).toBeNull();
    });

    it('corrects a quote in part, validated as on entry, and refuses after conclusion', async () => {
      const request = await openRequest();
      const quote = await quoteOn(request.id);
      const res = await t.http
        .patch(`/api/offer-requests/${request.id}/quotes/${quote.id}`)
        .set(broker())
        .send({ premium: pln(140_000), commissionRate: 0.1 });
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({
        id: quote.id,
        productName: 'Auto Komfort',
        premium: pln(140_000),
        commissionRate: 0.1,
        commission: pln(14_000),
      });
      const entries = await auditEntriesOf(t, res.headers['x-request-id']);
      expect(entries).toHaveLength(1);
      expect(entries[0]).toMatchObject({ action: 'update', resource: 'quote', resource_id: quote.id });
      expect([...entries[0].fields].sort()).toEqual(['commissionRate', 'premium']);

      for (const [body, status, code] of [
        [{ validUntil: await day(-1) }, 400, 'VALIDITY_IN_PAST'],
        [{ coverages: [{ code: 'kl', limit: pln(1) }] }, 400, 'UNKNOWN_COVERAGE_CODE'],
        [{ premium: null }, 400, 'VALIDATION_FAILED'],
        [{ declineReason: 'Nie' }, 400, 'OFFERED_QUOTE_WITH_DECLINE_REASON'],
        [{ insurerId }, 400, 'VALIDATION_FAILED'],
      ] as Array<[Body, number, string]>) {
        const bad = await t.http
          .patch(`/api/offer-requests/${request.id}/quotes/${quote.id}`)
          .set(broker())
          .send(body);
        expect([bad.status, bad.body.code]).toEqual([status, code]);
      }
      const elsewhere = await openRequest();
      const notOfRequest = await t.http
        .patch(`/api/offer-requests/${elsewhere.id}/quotes/${quote.id}`)
        .set(broker())
        .send({ premium: pln(1) });
      expect(notOfRequest.status).toBe(404);

      const concluded = await t.http
        .post(`/api/offer-requests/${request.id}/conclude`)
        .set(performer())
        .send({
          quoteId: quote.id,
          policyNumber: `KOR/${++serial}`,
          startDate: await day(1),
          endDate: await day(366),
          recommendation: 'Spełnia potrzeby.',
        });
      expect(concluded.status).toBe(201);
      expect(concluded.body).toMatchObject({ premium: pln(140_000), commission: pln(14_000) });
      const after = await t.http
        .patch(`/api/offer-requests/${request.id}/quotes/${quote.id}`)
        .set(broker())
        .send({ premium: pln(1) });
      expect([after.status, after.body.code]).toEqual([409, 'OFFER_REQUEST_CONCLUDED']);
      const [row] = await t.db.query(`SELECT premium FROM quote WHERE id = $1`, [quote.id]);
      expect(row.premium).toBe('140000');
    });
  });
});
