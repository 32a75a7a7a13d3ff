import { BrokerClock } from '@app/common/clock/broker-clock';
import { makeNip } from '@app/common/validation/nip';
import { ContractsService } from '../src/contracts';
import { OffersService } from '../src/offers';
import { auditEntriesOf, createClient, grantConsent } from './support/fixtures';
import { startTestApp, TestApp } from './support/test-app';

/**
 * Offers and contracts over HTTP on a real database: needs → quotes → comparison → conclusion,
 * what is refused (and that nothing is stored then), what each purpose sees, the record of
 * operations for each read, and the renewals worklist.
 */
const pln = (amount: number) => ({ amount, currency: 'PLN' });
type Body = Record<string, unknown>;

describe('offers and contracts', () => {
  let t: TestApp;
  let insurers: string[];
  let client: { id: string };
  let restrictedClient: { id: string };
  const broker = () => t.as('broker', 'offer_preparation');
  const performer = () => t.as('broker', 'contract_performance');
  let policySerial = 0;

  /** A date relative to the broker's today (contracts' dates are days in Poland). */
  async function day(offset: number): Promise<string> {
    const [row] = await t.db.query(
      `SELECT to_char(${t.app.get(BrokerClock).todaySql} + $1::int, 'YYYY-MM-DD') AS d`,
      [offset],
    );
    return row.d;
  }

  async function count(table: string): Promise<number> {
    const [row] = await t.db.query(`SELECT count(*)::int AS n FROM ${table}`);
    return row.n;
  }

  async function newRequest(
    clientId: string,
    needs: Body = {},
    line = 'motor',
  ): Promise<Body & { id: string }> {
    const res = await t.http
      .post('/api/offer-requests')
      .set(broker())
      .send({ clientId, lineOfBusiness: line, needs: { requiredCoverages: ['oc', 'ac'], ...needs } });
    expect(res.status).toBe(201);
    return res.body;
  }

  async function quoteBody(insurerId: string, overrides: Body = {}): Promise<Body> {
    return {
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
      ...overrides,
    };
  }

  async function addQuote(requestId: string, body: Body): Promise<Body & { id: string }> {
    const res = await t.http.post(`/api/offer-requests/${requestId}/quotes`).set(broker()).send(body);
    expect(res.status).toBe(201);
    return res.body;
  }

  /** A concluded contract on its own request, with the given dates. */
  async function concludeNew(
    clientId: string,
    startOffset: number,
    endOffset: number,
    insurer = 0,
  ): Promise<Body & { id: string }> {
    const request = await newRequest(clientId);
    const quote = await addQuote(request.id, await quoteBody(insurers[insurer]));
    const res = await t.http
      .post(`/api/offer-requests/${request.id}/conclude`)
      .set(performer())
      .send({
        quoteId: quote.id,
        policyNumber: `POL/${++policySerial}`,
        startDate: await day(startOffset),
        endDate: await day(endOffset),
        recommendation: 'Best value for the required coverages.',
      });
    expect(res.status).toBe(201);
    return res.body;
  }

  beforeAll(async () => {
    t = await startTestApp();
    insurers = [];
    for (const [i, name] of [
      'Alfa TU S.A.',
      'Beta Ubezpieczenia',
      'Gamma Insurance',
      'Delta TUiR',
    ].entries()) {
      const res = await t.http
        .post('/api/insurers')
        .set(t.as('admin'))
        .send({ name, nip: makeNip(526_000_100 + i * 1_000), dsrContactEmail: `iod@insurer${i}.example` });
      expect(res.status).toBe(201);
      insurers.push(res.body.id);
    }
    client = await createClient(t);
    restrictedClient = await createClient(t);
    await grantConsent(t, client.id, 'marketing', 'email');
  });
  afterAll(async () => {
    await t?.close();
  });

  describe('insurers', () => {
    it('admin registers an insurer; the NIP check digit, KRS and contact are validated; NIP is unique', async () => {
      const nip = makeNip(777_000_000);
      const body = { name: 'Epsilon S.A.', nip, krs: '0000123456', dsrContactEmail: 'IOD@Epsilon.example' };
      const created = await t.http.post('/api/insurers').set(t.as('admin')).send(body);
      expect(created.status).toBe(201);
      expect(created.body).toMatchObject({
        name: 'Epsilon S.A.',
        nip,
        krs: '0000123456',
        dsrContactEmail: 'iod@epsilon.example',
      });
      const badCheck = `${nip.slice(0, 9)}${(Number(nip[9]) + 1) % 10}`;
      for (const bad of [
        { ...body, nip: badCheck },
        { ...body, nip: '12345' },
        { ...body, nip: makeNip(778_000_000), krs: '12' },
        { name: 'X', nip: makeNip(779_000_000) },
        { ...body, nip: makeNip(780_000_000), extra: 1 },
      ]) {
        const res = await t.http.post('/api/insurers').set(t.as('admin')).send(bad);
        expect(res.status).toBe(400);
      }
      expect((await t.http.post('/api/insurers').set(t.as('admin')).send(body)).status).toBe(409);
      expect(
        (
          await t.http
            .post('/api/insurers')
            .set(t.as('broker'))
            .send({ ...body, nip: makeNip(781_000_000) })
        ).status,
      ).toBe(403);
    });

    it('any signed-in staff member lists insurers without a purpose; anonymous callers get 401', async () => {
      const list = await t.http.get('/api/insurers?limit=500').set(t.as('marketing'));
      expect(list.status).toBe(200);
      expect(list.body.items.map((i: { id: string }) => i.id)).toEqual(expect.arrayContaining(insurers));
      const page = await t.http.get('/api/insurers?limit=2').set(t.as('broker'));
      expect(page.body.items).toHaveLength(2);
      const next = await t.http
        .get(`/api/insurers?limit=2&cursor=${page.body.nextCursor}`)
        .set(t.as('broker'));
      expect(next.body.items.map((i: { id: string }) => i.id)).not.toContain(page.body.items[1].id);
      expect((await t.http.get('/api/insurers')).status).toBe(401);
    });
  });

  describe('from needs to contract over HTTP', () => {
    it('runs needs → quotes → comparison → conclusion, with premium and commission on the contract', async () => {
      const created = await t.http
        .post('/api/offer-requests')
        .set(broker())
        .send({
          clientId: client.id,
          lineOfBusiness: 'motor',
          needs: {
            requiredCoverages: ['oc', 'ac', 'assistance'],
            maxPremium: pln(300_000),
            notes: 'Commutes daily; garage at home.',
          },
        });
      expect(created.status).toBe(201);
      expect(created.body).toMatchObject({
        clientId: client.id,
        lineOfBusiness: 'motor',
        status: 'open',
        renewsContractId: null,
        needs: {
          requiredCoverages: ['oc', 'ac', 'assistance'],
          maxPremium: pln(300_000),
          notes: 'Commutes daily; garage at home.',
        },
      });
      const requestId = created.body.id;
      const withAssistance = [
        { code: 'oc', limit: pln(529_000_000) },
        { code: 'ac', limit: pln(6_000_000) },
        { code: 'assistance', limit: pln(100_000) },
      ];
      const a = await addQuote(
        requestId,
        await quoteBody(insurers[0], { premium: pln(210_000), coverages: withAssistance }),
      );
      const b = await addQuote(
        requestId,
        await quoteBody(insurers[1], {
          premium: pln(189_900),
          coverages: withAssistance,
          commissionRate: 0.15,
        }),
      );
      expect(b).toMatchObject({
        status: 'offered',
        premium: pln(189_900),
        commissionRate: 0.15,
        commission: pln(28_485),
        expired: false,
      });

      const comparison = await t.http.get(`/api/offer-requests/${requestId}/comparison`).set(broker());
      expect(comparison.status).toBe(200);
      expect(comparison.body.cheapestMeetingNeeds).toBe(b.id);
      expect(comparison.body.meetingNeeds).toEqual([b.id, a.id]);

      const early = await t.http
        .post(`/api/offer-requests/${requestId}/conclude`)
        .set(broker())
        .send({
          quoteId: b.id,
          policyNumber: 'BETA/2026/1',
          startDate: await day(0),
          endDate: await day(364),
          recommendation: 'x',
        });
      expect(early.status).toBe(403);
      expect(early.body.code).toBe('PURPOSE_NOT_ACCEPTED_HERE');

      const concluded = await t.http
        .post(`/api/offer-requests/${requestId}/conclude`)
        .set(performer())
        .send({
          quoteId: b.id,
          policyNumber: 'BETA/2026/1',
          startDate: await day(0),
          endDate: await day(364),
          recommendation: 'Cheapest offer with every required coverage; assistance limit sufficient.',
        });
      expect(concluded.status).toBe(201);
      expect(concluded.body).toMatchObject({
        clientId: client.id,
        insurerId: insurers[1],
        offerRequestId: requestId,
        quoteId: b.id,
        status: 'active',
        policyNumber: 'BETA/2026/1',
        premium: pln(189_900),
        commission: pln(28_485),
        commissionRate: 0.15,
        productName: 'Auto Komfort',
        recommendation: 'Cheapest offer with every required coverage; assistance limit sufficient.',
      });
      const entries = await auditEntriesOf(t, concluded.headers['x-request-id']);
      expect(entries).toHaveLength(1);
      expect(entries[0]).toMatchObject({
        action: 'create',
        resource: 'contract',
        resource_id: concluded.body.id,
        outcome: 'allowed',
        client_ids: [client.id],
      });

      const detail = await t.http.get(`/api/offer-requests/${requestId}`).set(broker());
      expect(detail.body.status).toBe('concluded');
      expect(detail.body.quotes).toHaveLength(2);
      const again = await t.http
        .post(`/api/offer-requests/${requestId}/conclude`)
        .set(performer())
        .send({
          quoteId: a.id,
          policyNumber: 'ALFA/1',
          startDate: await day(0),
          endDate: await day(364),
          recommendation: 'r',
        });
      expect(again.status).toBe(409);
      const late = await t.http
        .post(`/api/offer-requests/${requestId}/quotes`)
        .set(broker())
        .send(await quoteBody(insurers[2]));
      expect(late.status).toBe(409);
    });

    it('compares four quotes (declined, expired, missing a coverage, fine): exactly the fine one meets the needs', async () => {
      const request = await newRequest(client.id, { requiredCoverages: ['oc', 'ac'] });
      const declined = await addQuote(request.id, {
        insurerId: insurers[0],
        declined: true,
        declineReason: 'Vehicle older than 20 years',
      });
      expect(declined).toMatchObject({
        status: 'declined',
        declineReason: 'Vehicle older than 20 years',
        premium: null,
      });
      const expired = await addQuote(request.id, await quoteBody(insurers[1], { premium: pln(90_000) }));
      await t.db.query(
        `UPDATE quote SET valid_until = ${t.app.get(BrokerClock).todaySql} - 1 WHERE id = $1`,
        [expired.id],
      );
      const missing = await addQuote(
        request.id,
        await quoteBody(insurers[2], {
          premium: pln(80_000),
          coverages: [
            { code: 'oc', limit: pln(529_000_000) },
            { code: 'nnw', limit: pln(2_000_000) },
          ],
        }),
      );
      const fine = await addQuote(request.id, await quoteBody(insurers[3], { premium: pln(140_000) }));

      const res = await t.http.get(`/api/offer-requests/${request.id}/comparison`).set(broker());
      expect(res.status).toBe(200);
      expect(res.body.meetingNeeds).toEqual([fine.id]);
      expect(res.body.cheapestMeetingNeeds).toBe(fine.id);
      const columns = Object.fromEntries(res.body.columns.map((c: { quoteId: string }) => [c.quoteId, c]));
      expect(res.body.columns.map((c: { quoteId: string }) => c.quoteId)).toEqual([
        declined.id,
        expired.id,
        missing.id,
        fine.id,
      ]);
      expect(columns[declined.id]).toMatchObject({
        meetsNeeds: false,
        shortfalls: ['declined'],
        declineReason: 'Vehicle older than 20 years',
      });
      expect(columns[expired.id]).toMatchObject({
        meetsNeeds: false,
        expired: true,
        shortfalls: ['expired'],
      });
      expect(columns[missing.id]).toMatchObject({
        meetsNeeds: false,
        missingCoverages: ['ac'],
        shortfalls: ['missing_coverage'],
      });
      expect(columns[fine.id]).toMatchObject({
        meetsNeeds: true,
        rank: 1,
        premium: pln(140_000),
        deductible: pln(50_000),
        expired: false,
      });
      expect(res.body.rows.map((r: { code: string; required: boolean }) => [r.code, r.required])).toEqual([
        ['oc', true],
        ['ac', true],
        ['nnw', false],
      ]);
      const ac = res.body.rows.find((r: { code: string }) => r.code === 'ac');
      expect(ac.cells).toEqual([
        { quoteId: declined.id, limit: null },
        { quoteId: expired.id, limit: pln(6_000_000) },
        { quoteId: missing.id, limit: null },
        { quoteId: fine.id, limit: pln(6_000_000) },
      ]);
      const [entry, ...more] = await auditEntriesOf(t, res.headers['x-request-id']);
      expect(more).toHaveLength(0);
      expect(entry).toMatchObject({
        action: 'read',
        resource: 'offer_request',
        resource_id: request.id,
        outcome: 'allowed',
        client_ids: [client.id],
      });
    });
  });

  describe('refusals store nothing', () => {
    it('refuses invalid quotes with 4xx: negative premium, unknown coverage code, validity in the past, unknown insurer', async () => {
      const request = await newRequest(client.id);
      const before = await count('quote');
      const cases: Array<[string, Body, number, string | undefined]> = [
        ['negative premium', await quoteBody(insurers[0], { premium: pln(-1) }), 400, undefined],
        ['fractional amount', await quoteBody(insurers[0], { premium: pln(10.5) }), 400, undefined],
        [
          'other currency',
          await quoteBody(insurers[0], { premium: { amount: 100, currency: 'EUR' } }),
          400,
          undefined,
        ],
        [
          'unknown coverage code',
          await quoteBody(insurers[0], {
            coverages: [
              { code: 'oc', limit: pln(1) },
              { code: 'fire', limit: pln(1) },
            ],
          }),
          400,
          'UNKNOWN_COVERAGE_CODE',
        ],
        [
          'repeated coverage code',
          await quoteBody(insurers[0], {
            coverages: [
              { code: 'oc', limit: pln(1) },
              { code: 'oc', limit: pln(2) },
            ],
          }),
          400,
          'DUPLICATE_COVERAGE',
        ],
        [
          'validity in the past',
          await quoteBody(insurers[0], { validUntil: await day(-1) }),
          400,
          'VALIDITY_IN_PAST',
        ],
        ['unknown insurer', await quoteBody('00000000-0000-4000-8000-000000000000'), 400, 'UNKNOWN_INSURER'],
        ['declined without reason', { insurerId: insurers[0], declined: true }, 400, undefined],
        [
          'declined with an offer',
          { insurerId: insurers[0], declined: true, declineReason: 'no', premium: pln(1) },
          400,
          'DECLINED_QUOTE_WITH_OFFER',
        ],
        ['missing premium', { ...(await quoteBody(insurers[0])), premium: undefined }, 400, undefined],
      ];
      for (const [name, body, status, code] of cases) {
        const res = await t.http.post(`/api/offer-requests/${request.id}/quotes`).set(broker()).send(body);
        expect([name, res.status]).toEqual([name, status]);
        if (code) expect([name, res.body.code]).toEqual([name, code]);
        const entries = await auditEntriesOf(t, res.headers['x-request-id']);
        expect([name, entries.length, entries[0]?.outcome]).toEqual([name, 1, 'denied']);
      }
      expect(await count('quote')).toBe(before);
      const unknownRequest = await t.http
        .post(`/api/offer-requests/${insurers[0]}/quotes`)
        .set(broker())
        .send(await quoteBody(insurers[0]));
      expect(unknownRequest.status).toBe(404);
      expect(await count('quote')).toBe(before);
    });

    it('refuses invalid offer requests: unknown code for the line, unknown client, empty needs', async () => {
      const before = await count('offer_request');
      const bad: Body[] = [
        { clientId: client.id, lineOfBusiness: 'home', needs: { requiredCoverages: ['oc'] } },
        { clientId: client.id, lineOfBusiness: 'boats', needs: { requiredCoverages: ['hull'] } },
        { clientId: client.id, lineOfBusiness: 'motor', needs: { requiredCoverages: [] } },
        {
          clientId: client.id,
          lineOfBusiness: 'motor',
          needs: { requiredCoverages: ['oc'], maxPremium: pln(-5) },
        },
        { clientId: insurers[0], lineOfBusiness: 'motor', needs: { requiredCoverages: ['oc'] } },
      ];
      const statuses = [];
      for (const body of bad)
        statuses.push((await t.http.post('/api/offer-requests').set(broker()).send(body)).status);
      expect(statuses).toEqual([400, 400, 400, 400, 404]);
      expect(await count('offer_request')).toBe(before);
    });

    it('refuses invalid conclusions with 4xx: expired quote, duplicate policy number, end before start, no recommendation', async () => {
      const taken = await concludeNew(client.id, 0, 365, 0);
      const request = await newRequest(client.id);
      const expired = await addQuote(request.id, await quoteBody(insurers[0]));
      await t.db.query(
        `UPDATE quote SET valid_until = ${t.app.get(BrokerClock).todaySql} - 1 WHERE id = $1`,
        [expired.id],
      );
      const valid = await addQuote(request.id, await quoteBody(insurers[0]));
      const declined = await addQuote(request.id, {
        insurerId: insurers[1],
        declined: true,
        declineReason: 'capacity',
      });
      const other = await newRequest(client.id);
      const otherQuote = await addQuote(other.id, await quoteBody(insurers[0]));
      const base = {
        quoteId: valid.id,
        policyNumber: 'FRESH/1',
        startDate: await day(1),
        endDate: await day(366),
        recommendation: 'Meets all needs at the lowest premium.',
      };
      const contractsBefore = await count('contract');
      const cases: Array<[string, Body, number, string | undefined]> = [
        ['expired quote', { ...base, quoteId: expired.id }, 409, 'QUOTE_EXPIRED'],
        ['declined quote', { ...base, quoteId: declined.id }, 409, 'QUOTE_DECLINED'],
        ['quote of another request', { ...base, quoteId: otherQuote.id }, 400, 'QUOTE_NOT_OF_REQUEST'],
        [
          'duplicate policy number',
          { ...base, policyNumber: taken.policyNumber },
          409,
          'POLICY_NUMBER_TAKEN',
        ],
        [
          'end before start',
          { ...base, startDate: await day(10), endDate: await day(9) },
          400,
          'END_NOT_AFTER_START',
        ],
        [
          'end equal to start',
          { ...base, startDate: await day(10), endDate: await day(10) },
          400,
          'END_NOT_AFTER_START',
        ],
        ['no recommendation', { ...base, recommendation: undefined }, 400, undefined],
        ['blank recommendation', { ...base, recommendation: '   ' }, 400, undefined],
        ['impossible date', { ...base, endDate: '2027-02-30' }, 400, undefined],
      ];
      for (const [name, body, status, code] of cases) {
        const res = await t.http
          .post(`/api/offer-requests/${request.id}/conclude`)
          .set(performer())
          .send(body);
        expect([name, res.status]).toEqual([name, status]);
        if (code) expect([name, res.body.code]).toEqual([name, code]);
        const entries = await auditEntriesOf(t, res.headers['x-request-id']);
        expect([name, entries.length, entries[0]?.outcome]).toEqual([name, 1, 'denied']);
      }
      expect(await count('contract')).toBe(contractsBefore);
      const [state] = await t.db.query(`SELECT status FROM offer_request WHERE id = $1`, [request.id]);
      expect(state.status).toBe('open');
      // The same policy number at another insurer is a different policy.
      const elsewhere = await t.http
        .post(`/api/offer-requests/${other.id}/conclude`)
        .set(performer())
        .send({ ...base, quoteId: otherQuote.id, policyNumber: 'FRESH/1' });
      expect(elsewhere.status).toBe(201);
      const sameInsurer = await t.http
        .post(`/api/offer-requests/${request.id}/conclude`)
        .set(performer())
        .send(base);
      expect(sameInsurer.status).toBe(409);
      expect(sameInsurer.body.code).toBe('POLICY_NUMBER_TAKEN');
    });
  });

  describe('what each purpose sees', () => {
    let contract: Body & { id: string };
    let request: Body & { id: string };

    beforeAll(async () => {
      request = await newRequest(client.id, { notes: 'Wants a low deductible; private notes.' });
      const quote = await addQuote(
        request.id,
        await quoteBody(insurers[2], { premium: pln(100_000), commissionRate: 0.1 }),
      );
      const res = await t.http
        .post(`/api/offer-requests/${request.id}/conclude`)
        .set(performer())
        .send({
          quoteId: quote.id,
          policyNumber: 'GAMMA/77',
          startDate: await day(-10),
          endDate: await day(355),
          recommendation: 'Lowest deductible.',
        });
      expect(res.status).toBe(201);
      contract = res.body;
    });

    it('the accountant sees the financial fields and nothing of the needs; each read is recorded', async () => {
      const acc = t.as('accountant', 'legal_obligation');
      const read = await t.http.get(`/api/contracts/${contract.id}`).set(acc);
      expect(read.status).toBe(200);
      expect(read.body).toMatchObject({
        policyNumber: 'GAMMA/77',
        premium: pln(100_000),
        commission: pln(10_000),
        status: 'active',
      });
      expect(read.body.startDate).toBe(await day(-10));
      expect(read.body.endDate).toBe(await day(355));
      for (const hidden of [
        'recommendation',
        'coverages',
        'productName',
        'sumInsured',
        'deductible',
        'commissionRate',
      ]) {
        expect([hidden, read.body[hidden]]).toEqual([hidden, undefined]);
      }
      const [entry, ...more] = await auditEntriesOf(t, read.headers['x-request-id']);
      expect(more).toHaveLength(0);
      expect(entry).toMatchObject({
        actor_role: 'accountant',
        purpose: 'legal_obligation',
        action: 'read',
        resource: 'contract',
        resource_id: contract.id,
        outcome: 'allowed',
        client_ids: [client.id],
      });
      expect([...entry.fields].sort()).toEqual([
        'commission',
        'endDate',
        'policyNumber',
        'premium',
        'startDate',
      ]);

      const offer = await t.http.get(`/api/offer-requests/${request.id}`).set(acc);
      expect(offer.status).toBe(200);
      expect(offer.body.needs).toBeUndefined();
      expect(JSON.stringify(offer.body)).not.toContain('private notes');
      expect(Object.keys(offer.body.quotes[0]).sort()).toEqual(
        [
          'clientId',
          'commission',
          'createdAt',
          'id',
          'insurerId',
          'insurerName',
          'offerRequestId',
          'premium',
          'status',
        ].sort(),
      );
      const [offerEntry] = await auditEntriesOf(t, offer.headers['x-request-id']);
      expect(offerEntry).toMatchObject({ resource: 'offer_request', outcome: 'allowed' });
      expect([...offerEntry.fields].sort()).toEqual(['quotes.commission', 'quotes.premium']);

      const comparison = await t.http.get(`/api/offer-requests/${request.id}/comparison`).set(acc);
      expect(comparison.status).toBe(403);
      expect(comparison.body.fields).toEqual(expect.arrayContaining(['requiredCoverages']));
      const [denied] = await auditEntriesOf(t, comparison.headers['x-request-id']);
      expect(denied).toMatchObject({ outcome: 'denied', reason: 'FORBIDDEN_FIELDS' });

      const list = await t.http
        .get(`/api/contracts?clientId=${client.id}&endingBefore=${await day(400)}&limit=500`)
        .set(acc);
      expect(list.status).toBe(200);
      const listed = list.body.items.find((i: { id: string }) => i.id === contract.id);
      expect(listed.premium).toEqual(pln(100_000));
      expect(listed.recommendation).toBeUndefined();
      const [listEntry] = await auditEntriesOf(t, list.headers['x-request-id']);
      expect(listEntry).toMatchObject({ action: 'list', resource: 'contract', outcome: 'allowed' });
      expect(listEntry.fields).not.toContain('recommendation');
    });

    it('the broker sees the needs notes and the recommendation', async () => {
      const offer = await t.http.get(`/api/offer-requests/${request.id}`).set(broker());
      expect(offer.body.needs.notes).toBe('Wants a low deductible; private notes.');
      expect(offer.body.quotes[0].coverages).toHaveLength(2);
      const read = await t.http.get(`/api/contracts/${contract.id}`).set(performer());
      expect(read.body.recommendation).toBe('Lowest deductible.');
      const [entry] = await auditEntriesOf(t, read.headers['x-request-id']);
      expect(entry.fields).toEqual(expect.arrayContaining(['recommendation', 'premium', 'policyNumber']));
    });

    it('marketing gets 404 for records it may not see, 403 for purposes it may not use; each attempt recorded', async () => {
      const mk = t.as('marketing', 'marketing');
      const attempts = [
        await t.http.get(`/api/contracts/${contract.id}`).set(mk),
        await t.http.get(`/api/offer-requests/${request.id}`).set(mk),
        await t.http.get(`/api/offer-requests/${request.id}/comparison`).set(mk),
        await t.http.get(`/api/contracts/${contract.id}`).set(t.as('marketing', 'renewal_reminders')),
      ];
      for (const res of attempts) {
        expect(res.status).toBe(404);
        expect(JSON.stringify(res.body)).not.toContain('GAMMA');
        const entries = await auditEntriesOf(t, res.headers['x-request-id']);
        expect(entries).toHaveLength(1);
        expect(entries[0]).toMatchObject({
          actor_role: 'marketing',
          outcome: 'denied',
          reason: 'NOT_VISIBLE_UNDER_PURPOSE',
        });
      }
      const foreign = await t.http
        .get(`/api/contracts/${contract.id}`)
        .set(t.as('marketing', 'contract_performance'));
      expect(foreign.status).toBe(403);
      expect(foreign.body.code).toBe('PURPOSE_NOT_ALLOWED');
      expect((await auditEntriesOf(t, foreign.headers['x-request-id']))[0]).toMatchObject({
        outcome: 'denied',
        resource: 'contract',
      });

      const list = await t.http.get('/api/contracts').set(mk);
      expect(list.status).toBe(200);
      expect(list.body.items).toEqual([]);
      const filtered = await t.http.get(`/api/contracts?endingBefore=${await day(30)}`).set(mk);
      expect(filtered.status).toBe(403);
      expect(filtered.body.fields).toEqual(['endDate']);
      const write = await t.http
        .post('/api/offer-requests')
        .set(mk)
        .send({ clientId: client.id, lineOfBusiness: 'motor', needs: { requiredCoverages: ['oc'] } });
      expect(write.status).toBe(403);
      expect(write.body.fields).toEqual(['requiredCoverages']);

      const audit = await t.http.get(`/api/contracts/${contract.id}`).set(t.as('manager', 'security_audit'));
      expect(audit.status).toBe(404);
    });

    it('refuses writes of fields the purpose may not write, naming them', async () => {
      const claims = await t.http
        .post(`/api/offer-requests/${request.id}/quotes`)
        .set(t.as('broker', 'claims'))
        .send(await quoteBody(insurers[0]));
      expect(claims.status).toBe(403);
      expect(claims.body.fields).toEqual(expect.arrayContaining(['premium', 'coverages']));
      const claimsRead = await t.http.get(`/api/contracts/${contract.id}`).set(t.as('broker', 'claims'));
      expect(claimsRead.status).toBe(200);
      expect(claimsRead.body.recommendation).toBe('Lowest deductible.');
    });

    it("a restricted client's offers and contracts are visible only to purposes that see restricted clients", async () => {
      const restrictedContract = await concludeNew(restrictedClient.id, 0, 200, 1);
      const restrictedRequest = restrictedContract.offerRequestId as string;
      await t.db.query(`UPDATE client SET restricted = true WHERE id = $1`, [restrictedClient.id]);
      for (const headers of [broker(), performer()]) {
        expect((await t.http.get(`/api/contracts/${restrictedContract.id}`).set(headers)).status).toBe(404);
        expect((await t.http.get(`/api/offer-requests/${restrictedRequest}`).set(headers)).status).toBe(404);
        const list = await t.http.get(`/api/contracts?clientId=${restrictedClient.id}`).set(headers);
        expect(list.body.items).toEqual([]);
      }
      expect(
        (
          await t.http
            .get(`/api/contracts/${restrictedContract.id}`)
            .set(t.as('accountant', 'legal_obligation'))
        ).status,
      ).toBe(200);
      expect(
        (await t.http.get(`/api/contracts/${restrictedContract.id}`).set(t.as('dpo', 'data_subject_rights')))
          .status,
      ).toBe(200);
      const cancel = await t.http
        .post(`/api/contracts/${restrictedContract.id}/cancel`)
        .set(performer())
        .send({ reason: 'x' });
      expect(cancel.status).toBe(404);
      await t.db.query(`UPDATE client SET restricted = false WHERE id = $1`, [restrictedClient.id]);
    });
  });

  describe('contracts: status from dates, filters, cancellation', () => {
    it('derives pending, active, ended and cancelled from the dates, and filters on them', async () => {
      const c = await createClient(t);
      const pending = await concludeNew(c.id, 5, 370);
      const active = await concludeNew(c.id, -100, 265);
      const ended = await concludeNew(c.id, -400, -35);
      const toCancel = await concludeNew(c.id, -50, 315);
      expect([pending.status, active.status, ended.status]).toEqual(['pending', 'active', 'ended']);

      const refused = await t.http
        .post(`/api/contracts/${toCancel.id}/cancel`)
        .set(broker())
        .send({ reason: 'Vehicle sold' });
      expect(refused.status).toBe(403);
      const cancelled = await t.http
        .post(`/api/contracts/${toCancel.id}/cancel`)
        .set(performer())
        .send({ reason: 'Vehicle sold' });
      expect(cancelled.status).toBe(200);
      expect(cancelled.body).toMatchObject({ status: 'cancelled', cancellationReason: 'Vehicle sold' });
      expect(
        (await t.http.post(`/api/contracts/${toCancel.id}/cancel`).set(performer()).send({ reason: 'again' }))
          .status,
      ).toBe(409);
      expect(
        (await t.http.post(`/api/contracts/${ended.id}/cancel`).set(performer()).send({ reason: 'late' }))
          .status,
      ).toBe(409);
      expect((await t.http.post(`/api/contracts/${active.id}/cancel`).set(performer()).send({})).status).toBe(
        400,
      );

      const ids = async (query: string) => {
        const res = await t.http.get(`/api/contracts?clientId=${c.id}${query}`).set(performer());
        expect(res.status).toBe(200);
        return res.body.items.map((i: { id: string }) => i.id).sort();
      };
      expect(await ids('')).toEqual([pending.id, active.id, ended.id, toCancel.id].sort());
      expect(await ids('&status=active')).toEqual([active.id]);
      expect(await ids('&status=ended')).toEqual([ended.id]);
      expect(await ids('&status=pending')).toEqual([pending.id]);
      expect(await ids('&status=cancelled')).toEqual([toCancel.id]);
      expect(await ids(`&endingBefore=${await day(300)}`)).toEqual([active.id, ended.id].sort());
      expect(await ids(`&insurerId=${insurers[3]}`)).toEqual([]);
      expect((await t.http.get(`/api/contracts?status=lapsed`).set(performer())).status).toBe(400);

      // Time passes: the status follows the dates without any job.
      await t.db.query(
        `UPDATE contract SET end_date = ${t.app.get(BrokerClock).todaySql} - 1, start_date = ${t.app.get(BrokerClock).todaySql} - 366 WHERE id = $1`,
        [active.id],
      );
      expect((await t.http.get(`/api/contracts/${active.id}`).set(performer())).body.status).toBe('ended');

      const pages: string[] = [];
      let cursor: string | null = null;
      do {
        const res: { body: { items: Array<{ id: string }>; nextCursor: string | null } } = await t.http
          .get(`/api/contracts?clientId=${c.id}&limit=3${cursor ? `&cursor=${cursor}` : ''}`)
          .set(performer());
        pages.push(...res.body.items.map((i) => i.id));
        cursor = res.body.nextCursor;
      } while (cursor);
      expect(pages.sort()).toEqual([pending.id, active.id, ended.id, toCancel.id].sort());
    });
  });

  describe('renewals', () => {
    let in7: Body & { id: string };
    let in30: Body & { id: string };
    let in31: Body & { id: string };
    let in3: Body & { id: string };
    let today: Body & { id: string };

    beforeAll(async () => {
      const c = await createClient(t);
      in30 = await concludeNew(c.id, -335, 30, 0);
      in7 = await concludeNew(c.id, -358, 7, 1);
      in31 = await concludeNew(c.id, -334, 31, 2);
      in3 = await concludeNew(c.id, -362, 3, 3);
      today = await concludeNew(c.id, -365, 0, 0);
      await concludeNew(c.id, -400, -1, 0);
      const cancelled = await concludeNew(c.id, -355, 10, 1);
      const res = await t.http
        .post(`/api/contracts/${cancelled.id}/cancel`)
        .set(performer())
        .send({ reason: 'Sold' });
      expect(res.status).toBe(200);
    });

    it('lists contracts ending within the window, oldest end date first, with client and insurer', async () => {
      const res = await t.http.get('/api/contracts/renewals?withinDays=30&limit=500').set(broker());
      expect(res.status).toBe(200);
      const ids: string[] = res.body.items.map((i: { id: string }) => i.id);
      const ours = ids.filter((id) => [today.id, in3.id, in7.id, in30.id, in31.id].includes(id));
      expect(ours).toEqual([today.id, in3.id, in7.id, in30.id]);
      const ends = res.body.items.map((i: { endDate: string }) => i.endDate);
      expect([...ends].sort()).toEqual(ends);
      const item = res.body.items.find((i: { id: string }) => i.id === in7.id);
      expect(item).toMatchObject({
        daysLeft: 7,
        insurer: { id: insurers[1], name: 'Beta Ubezpieczenia' },
        renewalOfferRequestId: null,
      });
      expect(item.client).toMatchObject({ id: in7.clientId, firstName: 'Zofia' });
      expect(typeof item.client.lastName).toBe('string');
      const [entry] = await auditEntriesOf(t, res.headers['x-request-id']);
      expect(entry).toMatchObject({ action: 'list', resource: 'contract', outcome: 'allowed' });
      expect(entry.client_ids).toContain(in7.clientId);
      expect(entry.fields).toEqual(expect.arrayContaining(['client.firstName', 'endDate']));

      const narrow = await t.http.get('/api/contracts/renewals?withinDays=7&limit=500').set(performer());
      const narrowIds = narrow.body.items.map((i: { id: string }) => i.id);
      expect(narrowIds).toContain(in7.id);
      expect(narrowIds).not.toContain(in30.id);

      const paged: string[] = [];
      let cursor: string | null = null;
      do {
        const page: { status: number; body: { items: Array<{ id: string }>; nextCursor: string | null } } =
          await t.http
            .get(`/api/contracts/renewals?withinDays=30&limit=2${cursor ? `&cursor=${cursor}` : ''}`)
            .set(broker());
        expect(page.status).toBe(200);
        paged.push(...page.body.items.map((i) => i.id));
        cursor = page.body.nextCursor;
      } while (cursor);
      expect(paged).toEqual(ids);

      expect(
        (await t.http.get('/api/contracts/renewals').set(t.as('accountant', 'legal_obligation'))).status,
      ).toBe(403);
      expect((await t.http.get('/api/contracts/renewals?withinDays=1000').set(broker())).status).toBe(400);
    });

    it('starting a renewal opens an offer request linked to the contract, with the needs carried over; once', async () => {
      const started = await t.http.post(`/api/contracts/${in7.id}/renewal`).set(broker()).send({});
      expect(started.status).toBe(201);
      expect(started.body).toMatchObject({
        clientId: in7.clientId,
        lineOfBusiness: 'motor',
        status: 'open',
        renewsContractId: in7.id,
        needs: { requiredCoverages: ['oc', 'ac'] },
      });
      const [entry] = await auditEntriesOf(t, started.headers['x-request-id']);
      expect(entry).toMatchObject({
        action: 'create',
        resource: 'offer_request',
        resource_id: started.body.id,
        outcome: 'allowed',
      });

      const again = await t.http.post(`/api/contracts/${in7.id}/renewal`).set(broker()).send({});
      expect(again.status).toBe(409);
      expect(again.body).toMatchObject({ code: 'RENEWAL_ALREADY_STARTED', offerRequestId: started.body.id });

      const list = await t.http.get('/api/contracts/renewals?withinDays=30&limit=500').set(broker());
      expect(list.body.items.find((i: { id: string }) => i.id === in7.id).renewalOfferRequestId).toBe(
        started.body.id,
      );

      const custom = await t.http
        .post(`/api/contracts/${in30.id}/renewal`)
        .set(broker())
        .send({ needs: { requiredCoverages: ['oc', 'glass'], notes: 'Adds glass cover.' } });
      expect(custom.status).toBe(201);
      expect(custom.body.needs).toEqual({
        requiredCoverages: ['oc', 'glass'],
        maxPremium: null,
        notes: 'Adds glass cover.',
      });
      const bad = await t.http
        .post(`/api/contracts/${in31.id}/renewal`)
        .set(broker())
        .send({ needs: { requiredCoverages: ['fire'] } });
      expect(bad.status).toBe(400);
      const mk = await t.http
        .post(`/api/contracts/${in31.id}/renewal`)
        .set(t.as('marketing', 'marketing'))
        .send({});
      expect(mk.status).toBe(404);
    });
  });

  it('the OpenAPI document describes the routes, with X-Purpose where personal data is touched', async () => {
    const res = await t.http.get('/docs/openapi.json');
    expect(res.status).toBe(200);
    const paths = res.body.paths;
    for (const path of [
      '/api/insurers',
      '/api/offer-requests',
      '/api/offer-requests/{id}/quotes',
      '/api/offer-requests/{id}/comparison',
      '/api/offer-requests/{id}/conclude',
      '/api/contracts',
      '/api/contracts/{id}',
      '/api/contracts/{id}/cancel',
      '/api/contracts/renewals',
    ]) {
      expect([path, paths[path] !== undefined]).toEqual([path, true]);
    }
    const conclude = paths['/api/offer-requests/{id}/conclude'].post;
    expect(conclude.parameters.find((p: { name: string }) => p.name === 'X-Purpose').schema.enum).toEqual([
      'contract_performance',
    ]);
    expect(
      paths['/api/insurers'].get.parameters.find((p: { name: string }) => p.name === 'X-Purpose'),
    ).toBeUndefined();
  });

  describe('for other modules', () => {
    it('exports contract and offer facts: ending soon, per client, reminders, retention', async () => {
      const c = await createClient(t);
      const soon = await concludeNew(c.id, -358, 7, 2);
      const old = await concludeNew(c.id, -800, -400, 2);
      const contracts = t.app.get(ContractsService);
      const due = await contracts.activeEndingOnWithoutPurpose(await day(7), 500);
      expect(due.find((d) => d.contractId === soon.id)).toEqual({
        contractId: soon.id,
        clientId: c.id,
        endDate: await day(7),
        policyNumber: soon.policyNumber,
        lineOfBusiness: 'motor',
        insurerName: 'Gamma Insurance',
      });
      const after = await contracts.activeEndingOnWithoutPurpose(await day(7), 500, soon.id);
      expect(after.map((d) => d.contractId)).not.toContain(soon.id);
      const ending = await contracts.endingBetweenWithoutPurpose(await day(6), await day(8));
      expect(ending.find((e) => e.id === soon.id)).toMatchObject({
        status: 'active',
        premium: pln(150_000),
        commission: pln(18_000),
        insurerName: 'Gamma Insurance',
      });
      const mine = await contracts.forClientWithoutPurpose(c.id);
      expect(mine.map((m) => m.id)).toEqual([old.id, soon.id]);
      expect(mine[0].status).toBe('ended');
      const facts = await contracts.retentionFactsWithoutPurpose([
        c.id,
        client.id,
        restrictedClient.id,
        insurers[0],
      ]);
      expect(facts.get(c.id)).toEqual({ latestEndDate: await day(7), anyActive: true });
      expect(facts.get(insurers[0])).toEqual({ latestEndDate: null, anyActive: false });
      const offers = await t.app.get(OffersService).forClientWithoutPurpose(c.id);
      expect(offers).toHaveLength(2);
      expect(offers[0]).toMatchObject({ status: 'concluded', needs: { requiredCoverages: ['oc', 'ac'] } });
      expect(offers[0].quotes[0]).toMatchObject({ insurerName: 'Gamma Insurance', premium: pln(150_000) });
    });
  });
});
