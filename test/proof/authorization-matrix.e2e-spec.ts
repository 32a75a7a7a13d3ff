import { BrokerClock } from '@app/common/clock/broker-clock';
import {
  CHANNEL_FIELDS,
  CONSENT_PURPOSES,
  ENTITIES,
  PURPOSES,
  Purpose,
  REGISTRY,
  ROLES,
  Role,
  allFieldsOf,
  readableFields,
  roleMayUse,
  writableFields,
} from '@app/privacy';
import { makeNip } from '@app/common/validation/nip';
import { companyBody, createClient } from '../support/fixtures';
import { checkCommissionRoutes } from './commission-matrix';
import { collectRoutes } from '../support/routes';
import { startTestApp, TestApp } from '../support/test-app';

/**
 * The authorization matrix, generated from the registry: every role x purpose x endpoint touching
 * client data x field x consent state, and which consent purposes' consents each may read and
 * withdraw, checked over HTTP. The oracle below reads the registry's declarations directly (roles,
 * fields, consent gate, restriction, refused erasure, consent operations), not the CASL code under
 * test. A client whose erasure was refused keeps its e-mail consents here, so that only the
 * registry's `seesErasureRefused` explains what consent-gated purposes see.
 */
/** A field's value as stored for a client made from `body` (the phone normalised, the language by default Polish). */
function storedValue(body: Record<string, unknown>, field: string): unknown {
  if (field === 'phone') return `+48${String(body.phone)}`;
  if (field === 'language') return body.language ?? 'pl';
  return body[field];
}

type ConsentState = 'none' | 'email' | 'phone' | 'withdrawn' | 'restricted' | 'erasure_refused';
const STATES: ConsentState[] = ['none', 'email', 'phone', 'withdrawn', 'restricted', 'erasure_refused'];

/** Fields known to the matrix; a field added to the registry must be added here too. */
const MATRIX_FIELDS = {
  Client: [
    'id',
    'status',
    'createdAt',
    'restricted',
    'teamId',
    'kind',
    'companyName',
    'nip',
    'regon',
    'krs',
    'firstName',
    'lastName',
    'email',
    'phone',
    'address',
    'dateOfBirth',
    'pesel',
    'language',
  ],
  Contract: [
    'id',
    'clientId',
    'insurerId',
    'insurerName',
    'offerRequestId',
    'quoteId',
    'renewalOfferRequestId',
    'lineOfBusiness',
    'status',
    'createdAt',
    'policyNumber',
    'startDate',
    'endDate',
    'productName',
    'coverages',
    'sumInsured',
    'deductible',
    'cancelledAt',
    'cancellationReason',
    'recommendation',
    'acknowledgedMismatch',
    'premium',
    'commissionRate',
    'commission',
    'source',
    'insuredId',
    'insuredObject',
  ],
  Instalment: [
    'id',
    'contractId',
    'clientId',
    'number',
    'count',
    'createdAt',
    'dueDate',
    'amount',
    'paidAmount',
    'paidAt',
    'status',
  ],
  CommissionStatementLine: [
    'id',
    'statementId',
    'contractId',
    'clientId',
    'rowNumber',
    'status',
    'policyNumber',
    'expected',
    'paid',
    'difference',
    'settledAt',
  ],
};

/**
 * Every route that touches personal data, and how the matrix covers it. Routes of other resources
 * are covered by their own suites, named here; a new route fails the coverage check until listed.
 */
const COVERED_HERE = [
  'GET /api/contracts/:id/instalments',
  'POST /api/contracts/:id/instalments',
  'GET /api/instalments',
  'POST /api/instalments/:id/payment',
  'GET /api/contracts',
  'POST /api/contracts',
  'GET /api/contracts/:id',
  'GET /api/contracts/:id/annexes',
  'POST /api/contracts/:id/annexes',
  'PATCH /api/offer-requests/:id',
  'PATCH /api/offer-requests/:id/quotes/:quoteId',
  'GET /api/clients',
  'POST /api/clients',
  'GET /api/clients/:id',
  'PATCH /api/clients/:id',
  'GET /api/clients/:id/consents',
  'POST /api/clients/:id/consents',
  'POST /api/clients/:id/consents/withdraw',
  'POST /api/imports',
  'GET /api/imports/:id',
  'GET /api/clients/:id/household',
  'GET /api/contracts/:id/commission',
  'POST /api/commission-statements',
  'GET /api/commission-statements',
  'GET /api/commission-statements/:id',
  'GET /api/commission-statements/:id/export',
  'POST /api/commission-statements/:id/lines/:lineId/settle',
];
const COVERED_ELSEWHERE: Record<string, string> = {
  'GET /api/mandates/:id/subjects': 'test/mandates.e2e-spec.ts',
  'POST /api/mandates/:id/subjects': 'test/mandates.e2e-spec.ts',
  'GET /api/mandates/:id/subjects/:subjectId': 'test/mandates.e2e-spec.ts',
  'POST /api/mandates/:id/subjects/:subjectId/contracts': 'test/mandates.e2e-spec.ts',
  'POST /api/data-subject-requests': 'test/data-subject-requests.e2e-spec.ts',
  'GET /api/data-subject-requests': 'test/data-subject-requests.e2e-spec.ts',
  'GET /api/data-subject-requests/:id': 'test/data-subject-requests.e2e-spec.ts',
  'POST /api/data-subject-requests/:id/extend': 'test/data-subject-requests.e2e-spec.ts',
  'POST /api/data-subject-requests/:id/verify-identity': 'test/data-subject-requests.e2e-spec.ts',
  'POST /api/data-subject-requests/:id/reject': 'test/data-subject-requests.e2e-spec.ts',
  'GET /api/data-subject-requests/:id/report': 'test/data-subject-requests.e2e-spec.ts',
  'GET /api/data-subject-requests/:id/export': 'test/data-subject-requests.e2e-spec.ts',
  'POST /api/data-subject-requests/:id/execute': 'test/data-subject-requests.e2e-spec.ts',
  'POST /api/data-subject-requests/:id/complete': 'test/dsr-deadlines-and-delivery.e2e-spec.ts',
  'POST /api/clients/:id/legal-holds': 'test/retention.e2e-spec.ts',
  'GET /api/clients/:id/legal-holds': 'test/retention.e2e-spec.ts',
  'DELETE /api/clients/:id/legal-holds/:holdId': 'test/retention.e2e-spec.ts',
  'GET /api/legal-holds': 'test/active-legal-holds.e2e-spec.ts',
  'POST /api/retention/sweep': 'test/retention.e2e-spec.ts',
  'GET /api/offer-requests': 'test/offers-contracts.e2e-spec.ts',
  'POST /api/offer-requests': 'test/offers-contracts.e2e-spec.ts',
  'GET /api/offer-requests/:id': 'test/offers-contracts.e2e-spec.ts',
  'GET /api/offer-requests/:id/comparison': 'test/offers-contracts.e2e-spec.ts',
  'POST /api/offer-requests/:id/conclude': 'test/offers-contracts.e2e-spec.ts',
  'POST /api/offer-requests/:id/quotes': 'test/offers-contracts.e2e-spec.ts',
  'POST /api/contracts/:id/cancel': 'test/offers-contracts.e2e-spec.ts',
  'POST /api/contracts/:id/renewal': 'test/offers-contracts.e2e-spec.ts',
  'GET /api/contracts/renewals': 'test/offers-contracts.e2e-spec.ts',
  'GET /api/contracts/:id/reminders': 'test/messaging.e2e-spec.ts',
  'POST /api/campaigns': 'test/messaging.e2e-spec.ts',
  'GET /api/campaigns/:id': 'test/messaging.e2e-spec.ts',
  'POST /api/campaigns/:id/cancel': 'test/messaging.e2e-spec.ts',
  'POST /api/campaigns/:id/launch': 'test/messaging.e2e-spec.ts',
  'GET /api/campaigns/:id/recipients': 'test/messaging.e2e-spec.ts',
  'GET /api/access-logs': 'test/access-log.e2e-spec.ts',
  'GET /api/access-logs/anomalies': 'test/access-log.e2e-spec.ts',
  'GET /api/access-logs/export': 'test/access-log.e2e-spec.ts',
  'GET /api/access-logs/verify': 'test/access-log.e2e-spec.ts',
  'GET /api/access-logs/client-lookup': 'test/access-log-client-lookup.e2e-spec.ts (every role and purpose)',
  'GET /api/access-logs/actors': 'test/access-log-client-lookup.e2e-spec.ts',
  'GET /api/duplicate-reviews': 'test/duplicate-pesel.e2e-spec.ts',
  'POST /api/duplicate-reviews/:id/resolve': 'test/duplicate-pesel.e2e-spec.ts',
  'GET /api/campaigns': 'test/campaigns-workplace.e2e-spec.ts',
  'POST /api/campaigns/:id/preview': 'test/campaigns-workplace.e2e-spec.ts',
  'POST /api/campaigns/:id/test-send': 'test/campaigns-workplace.e2e-spec.ts',
  'POST /api/clients/:id/break-glass': 'test/portfolios.e2e-spec.ts, test/proof/portfolio-matrix.e2e-spec.ts',
  'GET /api/clients/:id/representatives':
    'test/companies-households.e2e-spec.ts (every role and purpose), test/proof/portfolio-matrix.e2e-spec.ts',
  'POST /api/clients/:id/representatives':
    'test/companies-households.e2e-spec.ts, test/proof/portfolio-matrix.e2e-spec.ts',
  'POST /api/households': 'test/companies-households.e2e-spec.ts, test/proof/portfolio-matrix.e2e-spec.ts',
  'GET /api/households/:id':
    'test/companies-households.e2e-spec.ts (every role and purpose), test/proof/portfolio-matrix.e2e-spec.ts',
  'POST /api/households/:id/members':
    'test/companies-households.e2e-spec.ts, test/proof/portfolio-matrix.e2e-spec.ts',
  'POST /api/claims': 'test/proof/service-matrix.e2e-spec.ts, test/claims-tasks-timeline.e2e-spec.ts',
  'GET /api/claims': 'test/proof/service-matrix.e2e-spec.ts',
  'GET /api/claims/:id': 'test/proof/service-matrix.e2e-spec.ts',
  'PATCH /api/claims/:id': 'test/proof/service-matrix.e2e-spec.ts, test/claims-tasks-timeline.e2e-spec.ts',
  'GET /api/tasks': 'test/proof/service-matrix.e2e-spec.ts',
  'POST /api/tasks': 'test/proof/service-matrix.e2e-spec.ts',
  'PATCH /api/tasks/:id': 'test/claims-tasks-timeline.e2e-spec.ts, test/proof/portfolio-matrix.e2e-spec.ts',
  'GET /api/clients/:id/activities': 'test/proof/service-matrix.e2e-spec.ts',
  'POST /api/clients/:id/activities': 'test/proof/service-matrix.e2e-spec.ts',
  'POST /api/documents': 'test/proof/authorization-matrix-documents.e2e-spec.ts, test/documents.e2e-spec.ts',
  'GET /api/documents/:id': 'test/proof/authorization-matrix-documents.e2e-spec.ts',
  'GET /api/documents/:id/content': 'test/proof/authorization-matrix-documents.e2e-spec.ts',
  'GET /api/clients/:id/documents': 'test/proof/authorization-matrix-documents.e2e-spec.ts',
};

function visible(role: Role, purpose: Purpose, state: ConsentState): boolean {
  const def = REGISTRY[purpose];
  if (!roleMayUse(role, purpose) || !def.access.Client) return false;
  if (state === 'restricted' && !def.seesRestricted) return false;
  if (state === 'erasure_refused' && !def.seesErasureRefused) return false;
  if (def.consentGate) {
    return (
      state === 'email' ||
      state === 'phone' ||
      (state === 'restricted' && def.seesRestricted) ||
      (state === 'erasure_refused' && def.seesErasureRefused)
    );
  }
  return true;
}

/** A client's contract is visible when the client is and the purpose has rules for contracts. */
function expectedContractFields(role: Role, purpose: Purpose, state: ConsentState): string[] | null {
  if (!visible(role, purpose, state)) return null;
  const access = REGISTRY[purpose].access.Contract;
  if (!access) return null;
  const personal = access.read === 'all' ? Object.keys(ENTITIES.Contract.personal) : [...access.read];
  return [...new Set([...ENTITIES.Contract.alwaysVisible, ...personal])].sort();
}

/** A client's instalments are visible when the client is and the purpose has rules for instalments and contracts. */
function expectedInstalmentFields(role: Role, purpose: Purpose, state: ConsentState): string[] | null {
  if (!visible(role, purpose, state)) return null;
  const access = REGISTRY[purpose].access.Instalment;
  if (!access || !REGISTRY[purpose].access.Contract) return null;
  const personal = access.read === 'all' ? Object.keys(ENTITIES.Instalment.personal) : [...access.read];
  return [...new Set([...ENTITIES.Instalment.alwaysVisible, ...personal])].sort();
}

/** The instalment routes refuse at the door every purpose the registry gives no instalments. */
const readsInstalments = (role: Role, purpose: Purpose) =>
  roleMayUse(role, purpose) && REGISTRY[purpose].access.Instalment !== undefined;

/** A book import is accepted only under a purpose the registry lets import, by a role that may use it. */
const mayImport = (role: Role, purpose: Purpose) =>
  roleMayUse(role, purpose) && REGISTRY[purpose].bookImport === true;

/** The consent purposes whose consents a purpose may read or withdraw: a consent-gated purpose only its own. */
function expectedConsentPurposes(purpose: Purpose, operation: 'read' | 'withdraw'): string[] {
  const def = REGISTRY[purpose];
  if (!def.consents[operation]) return [];
  return def.consentGate ? [def.consentGate] : [...CONSENT_PURPOSES];
}

function expectedReadFields(role: Role, purpose: Purpose, state: ConsentState): string[] | null {
  if (!visible(role, purpose, state)) return null;
  const def = REGISTRY[purpose];
  const access = def.access.Client!;
  const base = access.read === 'all' ? Object.keys(ENTITIES.Client.personal) : [...access.read];
  const channelFields = def.consentGate
    ? state === 'email' || state === 'restricted' || state === 'erasure_refused'
      ? [...CHANNEL_FIELDS.email]
      : state === 'phone'
        ? [...CHANNEL_FIELDS.phone]
        : []
    : [];
  return [...new Set([...ENTITIES.Client.alwaysVisible, ...base, ...channelFields])].sort();
}

describe('authorization matrix (clients)', () => {
  let t: TestApp;
  const clientOf = {} as Record<ConsentState, { id: string; body: Record<string, unknown> }>;
  const contractOf = {} as Record<ConsentState, string>;
  const requestOf = {} as Record<ConsentState, string>;
  const quoteOf = {} as Record<ConsentState, string>;
  let insurerId: string;
  let startOfContracts: string;
  /** Per client: the second instalment of a quarterly schedule from 100 days ago (overdue, unpaid). */
  const instalmentOf = {} as Record<ConsentState, string>;
  let checks = 0;
  const leaks: string[] = [];
  const check = (ok: boolean, what: string) => {
    checks += 1;
    if (!ok) leaks.push(what);
  };

  beforeAll(async () => {
    t = await startTestApp();
    const insurer = await t.http
      .post('/api/insurers')
      .set(t.as('admin'))
      .send({ name: 'Matrix TU', nip: makeNip(812_000_000), dsrContactEmail: 'iod@matrix-tu.pl' });
    expect(insurer.status).toBe(201);
    const [{ start, later, year }] = await t.db.query(
      `SELECT to_char(${t.app.get(BrokerClock).todaySql} - 100, 'YYYY-MM-DD') AS start, to_char(${t.app.get(BrokerClock).todaySql} + 14, 'YYYY-MM-DD') AS later, to_char(${t.app.get(BrokerClock).todaySql} + 364, 'YYYY-MM-DD') AS year`,
    );
    insurerId = insurer.body.id;
    startOfContracts = start;
    for (const state of STATES) {
      clientOf[state] = await createClient(t);
      const broker = t.as('broker', 'offer_preparation');
      const request = await t.http
        .post('/api/offer-requests')
        .set(broker)
        .send({
          clientId: clientOf[state].id,
          lineOfBusiness: 'motor',
          needs: { requiredCoverages: ['oc'], notes: 'needs a car' },
        });
      const money = (amount: number) => ({ amount, currency: 'PLN' });
      const quote = await t.http
        .post(`/api/offer-requests/${request.body.id}/quotes`)
        .set(broker)
        .send({
          insurerId: insurer.body.id,
          productName: 'OC',
          premium: money(90_000),
          sumInsured: money(1_000_000),
          deductible: money(0),
          coverages: [{ code: 'oc', limit: money(529_000_000) }],
          validUntil: later,
          commissionRate: 0.1,
        });
      const contract = await t.http
        .post(`/api/offer-requests/${request.body.id}/conclude`)
        .set(t.as('broker', 'contract_performance'))
        .send({
          quoteId: quote.body.id,
          policyNumber: `MX/${state}`,
          startDate: start,
          endDate: year,
          recommendation: 'Only quote meeting the needs.',
        });
      expect(contract.status).toBe(201);
      contractOf[state] = contract.body.id;
      requestOf[state] = request.body.id;
      quoteOf[state] = quote.body.id;
      const annex = await t.http
        .post(`/api/contracts/${contract.body.id}/annexes`)
        .set(t.as('broker', 'contract_performance'))
        .send({ effectiveDate: later, reason: 'Matrix annex', changes: { premium: money(95_000) } });
      expect(annex.status).toBe(201);
      const schedule = await t.http
        .post(`/api/contracts/${contract.body.id}/instalments`)
        .set(t.as('broker', 'contract_performance'))
        .send({ count: 4 });
      expect(schedule.status).toBe(201);
      instalmentOf[state] = schedule.body.items[1].id;
      const channel = state === 'phone' ? 'phone' : 'email';
      if (state !== 'none') {
        for (const purpose of CONSENT_PURPOSES) {
          await t.db.query(
            `INSERT INTO consent (client_id, purpose, channel, source, notice_version) VALUES ($1, $2, $3, 'matrix', '1')`,
            [clientOf[state].id, purpose, channel],
          );
        }
      }
      if (state === 'withdrawn')
        await t.db.query(`UPDATE consent SET withdrawn_at = now() WHERE client_id = $1`, [
          clientOf[state].id,
        ]);
      if (state === 'restricted')
        await t.db.query(`UPDATE client SET restricted = true WHERE id = $1`, [clientOf[state].id]);
      if (state === 'erasure_refused')
        await t.db.query(`UPDATE client SET erasure_refused = true WHERE id = $1`, [clientOf[state].id]);
    }
  });
  afterAll(async () => {
    await t?.close();
  });

  it('knows every field of the registry and every route touching personal data', () => {
    expect([...allFieldsOf('Client')].sort()).toEqual([...MATRIX_FIELDS.Client].sort());
    expect([...allFieldsOf('Contract')].sort()).toEqual([...MATRIX_FIELDS.Contract].sort());
    expect([...allFieldsOf('Instalment')].sort()).toEqual([...MATRIX_FIELDS.Instalment].sort());
    expect([...allFieldsOf('CommissionStatementLine')].sort()).toEqual(
      [...MATRIX_FIELDS.CommissionStatementLine].sort(),
    );
    const personalRoutes = collectRoutes(t.app)
      .filter((r) => r.access?.personalData)
      .map((r) => `${r.method} ${r.path}`);
    const unknown = personalRoutes.filter((r) => !COVERED_HERE.includes(r) && !(r in COVERED_ELSEWHERE));
    expect(unknown).toEqual([]);
  });

  it('returns exactly the permitted fields and refuses every forbidden write, for every combination', async () => {
    const server = t.app.getHttpAdapter().getInstance();
    const todayOf = async (): Promise<string> =>
      (await t.db.query(`SELECT to_char(${t.app.get(BrokerClock).todaySql}, 'YYYY-MM-DD') AS d`))[0].d;
    const call = async (
      method: 'GET' | 'PATCH' | 'POST',
      url: string,
      role: Role,
      purpose: Purpose,
      body?: object,
    ) => {
      const res = await server.inject({
        method,
        url,
        headers: { ...t.as(role, purpose), ...(body ? { 'content-type': 'application/json' } : {}) },
        payload: body ? JSON.stringify(body) : undefined,
      });
      return { status: res.statusCode, body: res.json() as Record<string, unknown> };
    };
    for (const role of ROLES) {
      for (const purpose of PURPOSES) {
        const allowedPurpose = roleMayUse(role, purpose);
        const readable = new Set(readableFields(purpose, 'Client'));
        for (const state of STATES) {
          const label = `${role}/${purpose}/${state}`;
          const client = clientOf[state];
          const expected = expectedReadFields(role, purpose, state);

          // One client.
          const one = await call('GET', `/api/clients/${client.id}`, role, purpose);
          const expectedStatus = !allowedPurpose ? 403 : expected ? 200 : 404;
          check(one.status === expectedStatus, `${label} GET one status ${one.status} != ${expectedStatus}`);
          for (const field of MATRIX_FIELDS.Client) {
            const shouldSee = expected?.includes(field) ?? false;
            check((field in one.body && one.status === 200) === shouldSee, `${label} GET one field ${field}`);
          }

          // The list.
          const list = await call('GET', '/api/clients?limit=500', role, purpose);
          check(list.status === (allowedPurpose ? 200 : 403), `${label} list status ${list.status}`);
          const item = ((list.body.items as Array<Record<string, unknown>> | undefined) ?? []).find(
            (i) => i.id === client.id,
          );
          for (const field of MATRIX_FIELDS.Client) {
            const shouldSee = expected?.includes(field) ?? false;
            check((item !== undefined && field in item) === shouldSee, `${label} list field ${field}`);
          }

          // Filters: allowed only on fields the purpose can read, and never revealing invisible clients.
          for (const [param, fields, value] of [
            ['q', ['firstName', 'lastName'], String(client.body.lastName).slice(0, 5)],
            ['email', ['email'], String(client.body.email)],
            ['pesel', ['pesel'], String(client.body.pesel)],
          ] as Array<[string, string[], string]>) {
            const res = await call(
              'GET',
              `/api/clients?${param}=${encodeURIComponent(value)}&limit=500`,
              role,
              purpose,
            );
            const filterAllowed = allowedPurpose && fields.every((f) => readable.has(f));
            const found = ((res.body.items as Array<{ id: string }> | undefined) ?? []).some(
              (i) => i.id === client.id,
            );
            const mayFind = filterAllowed && expected !== null && fields.every((f) => expected.includes(f));
            check(
              res.status === (!allowedPurpose ? 403 : filterAllowed ? 200 : 403) && (!found || mayFind),
              `${label} filter ${param} -> ${res.status} found=${found}`,
            );
          }

          // Writes of each personal field, with the stored value so that an allowed write changes nothing.
          const writable = new Set(writableFields(purpose, 'Client'));
          const forbidden: string[] = [];
          for (const field of Object.keys(ENTITIES.Client.personal)) {
            const value = storedValue(client.body, field);
            const res = await call('PATCH', `/api/clients/${client.id}`, role, purpose, { [field]: value });
            let want: number;
            if (!allowedPurpose) want = 403;
            else if (!expected) want = 404;
            else if (writable.has(field)) want = 200;
            else want = 403;
            if (want === 403 && allowedPurpose && expected) forbidden.push(field);
            check(
              res.status === want &&
                (want !== 403 ||
                  !allowedPurpose ||
                  JSON.stringify(res.body.fields) === JSON.stringify([field])),
              `${label} PATCH ${field} -> ${res.status} (want ${want})`,
            );
          }
          if (forbidden.length > 1) {
            const body = Object.fromEntries(forbidden.map((f) => [f, storedValue(client.body, f)]));
            const res = await call('PATCH', `/api/clients/${client.id}`, role, purpose, body);
            check(
              res.status === 403 &&
                [...(res.body.fields as string[])].sort().join() === [...forbidden].sort().join(),
              `${label} PATCH many forbidden`,
            );
          }

          // The client's contract, alone and in the list.
          const contractExpected = expectedContractFields(role, purpose, state);
          const contract = await call('GET', `/api/contracts/${contractOf[state]}`, role, purpose);
          const contractStatus = !allowedPurpose ? 403 : contractExpected ? 200 : 404;
          check(
            contract.status === contractStatus,
            `${label} GET contract ${contract.status} != ${contractStatus}`,
          );
          const contracts = await call('GET', '/api/contracts?limit=500', role, purpose);
          check(
            contracts.status === (allowedPurpose ? 200 : 403),
            `${label} contract list ${contracts.status}`,
          );
          const listed = ((contracts.body.items as Array<Record<string, unknown>> | undefined) ?? []).find(
            (i) => i.id === contractOf[state],
          );
          for (const field of MATRIX_FIELDS.Contract) {
            const shouldSee = contractExpected?.includes(field) ?? false;
            check(
              (field in contract.body && contract.status === 200) === shouldSee,
              `${label} GET contract field ${field}`,
            );
            check(
              (listed !== undefined && field in listed) === shouldSee,
              `${label} contract list field ${field}`,
            );
          }

          // The contract's schedule, and the instalment in the overdue list.
          const instalmentExpected = expectedInstalmentFields(role, purpose, state);
          const reads = readsInstalments(role, purpose);
          const schedule = await call(
            'GET',
            `/api/contracts/${contractOf[state]}/instalments`,
            role,
            purpose,
          );
          const scheduleStatus = !reads ? 403 : instalmentExpected ? 200 : 404;
          check(
            schedule.status === scheduleStatus,
            `${label} GET schedule ${schedule.status} != ${scheduleStatus}`,
          );
          const scheduled = ((schedule.body.items as Array<Record<string, unknown>> | undefined) ?? []).find(
            (i) => i.id === instalmentOf[state],
          );
          const overdue = await call('GET', '/api/instalments?overdue=true&limit=500', role, purpose);
          check(overdue.status === (reads ? 200 : 403), `${label} overdue list ${overdue.status}`);
          const overdueItem = ((overdue.body.items as Array<Record<string, unknown>> | undefined) ?? []).find(
            (i) => i.id === instalmentOf[state],
          );
          for (const field of MATRIX_FIELDS.Instalment) {
            const shouldSee = instalmentExpected?.includes(field) ?? false;
            check(
              (scheduled !== undefined && field in scheduled) === shouldSee,
              `${label} schedule field ${field}`,
            );
            check(
              (overdueItem !== undefined && field in overdueItem) === shouldSee,
              `${label} overdue list field ${field}`,
            );
          }
          if (overdueItem) {
            const contract = overdueItem.contract as Record<string, unknown>;
            const readsNumber =
              expectedContractFields(role, purpose, state)?.includes('policyNumber') ?? false;
            check('policyNumber' in contract === readsNumber, `${label} overdue list policy number`);
          }

          // Consent state: readable under purposes that see the client and may read consents.
          const consents = await call('GET', `/api/clients/${client.id}/consents`, role, purpose);
          const consentStatus = !allowedPurpose
            ? 403
            : !expected
              ? 404
              : REGISTRY[purpose].consents.read
                ? 200
                : 403;
          check(
            consents.status === consentStatus,
            `${label} consents -> ${consents.status} (want ${consentStatus})`,
          );
        }
      }
    }
    // Writes of instalments, after every read: a payment of 1 grosz, then a new schedule (refused
    // once a payment exists), each allowed only where the registry lets the purpose write them.
    const today = await todayOf();
    for (const role of ROLES) {
      for (const purpose of PURPOSES) {
        for (const state of STATES) {
          const label = `${role}/${purpose}/${state}`;
          const seen = expectedInstalmentFields(role, purpose, state) !== null;
          const door = roleMayUse(role, purpose) && purpose === 'contract_performance';
          const writes = writableFields(purpose, 'Instalment').includes('paidAmount');
          const before = await t.db.query(`SELECT paid_amount FROM instalment WHERE id = $1`, [
            instalmentOf[state],
          ]);
          const pay = await call('POST', `/api/instalments/${instalmentOf[state]}/payment`, role, purpose, {
            paidAt: today,
            amount: 1,
          });
          const payWant = !door ? 403 : !seen ? 404 : writes ? 200 : 403;
          check(pay.status === payWant, `${label} payment ${pay.status} (want ${payWant})`);
          const after = await t.db.query(`SELECT paid_amount FROM instalment WHERE id = $1`, [
            instalmentOf[state],
          ]);
          check(
            Number(after[0].paid_amount) === Number(before[0].paid_amount) + (payWant === 200 ? 1 : 0),
            `${label} payment changed ${before[0].paid_amount} -> ${after[0].paid_amount}`,
          );
          const remake = await call(
            'POST',
            `/api/contracts/${contractOf[state]}/instalments`,
            role,
            purpose,
            {
              count: 2,
            },
          );
          const remakeWant = !door
            ? 403
            : !seen
              ? 404
              : !writes
                ? 403
                : Number(after[0].paid_amount) > 0
                  ? 409
                  : 201;
          check(remake.status === remakeWant, `${label} schedule ${remake.status} (want ${remakeWant})`);
        }
      }
    }
    expect(leaks.slice(0, 20)).toEqual([]);
    expect(checks).toBeGreaterThanOrEqual(10_000);
    // Nothing the matrix wrote changed a value.
    for (const state of STATES) {
      const res = await call('GET', `/api/clients/${clientOf[state].id}`, 'dpo', 'data_subject_rights');
      expect(res.body.email).toBe(clientOf[state].body.email);
      expect(res.body.pesel).toBe(clientOf[state].body.pesel);
    }
  }, 300_000);

  it('answers the register, annexes and corrections as the registry says, and refused or conflicting writes change nothing', async () => {
    const server = t.app.getHttpAdapter().getInstance();
    const call = async (
      method: 'GET' | 'POST' | 'PATCH',
      url: string,
      role: Role,
      purpose: Purpose,
      body?: object,
    ) => {
      const res = await server.inject({
        method,
        url,
        headers: { ...t.as(role, purpose), ...(body ? { 'content-type': 'application/json' } : {}) },
        payload: body ? JSON.stringify(body) : undefined,
      });
      return { status: res.statusCode, body: res.json() as Record<string, unknown> };
    };
    const snapshot = () =>
      t.db.query(
        `SELECT (SELECT count(*) FROM contract)::int AS contracts, (SELECT count(*) FROM contract_annex)::int AS annexes,
                (SELECT string_agg(coalesce(notes, '-') || '/' || status, ',' ORDER BY id) FROM offer_request) AS requests,
                (SELECT string_agg(product_name || '/' || premium, ',' ORDER BY id) FROM quote) AS quotes`,
      );
    const before = await snapshot();
    const counted = checks;
    const annexFields = (purpose: Purpose) => {
      const access = REGISTRY[purpose].access.ContractAnnex;
      if (!access) return null;
      const personal =
        access.read === 'all' ? Object.keys(ENTITIES.ContractAnnex.personal) : [...access.read];
      return [...ENTITIES.ContractAnnex.alwaysVisible, ...personal].sort();
    };
    const writes = (purpose: Purpose, entity: 'OfferRequest' | 'Quote', field: string) =>
      writableFields(purpose, entity).includes(field);
    for (const role of ROLES) {
      for (const purpose of PURPOSES) {
        const allowedPurpose = roleMayUse(role, purpose);
        // The register and annexes accept contract performance alone.
        const performs = allowedPurpose && purpose === 'contract_performance';
        for (const state of STATES) {
          const label = `${role}/${purpose}/${state}`;
          const seen = visible(role, purpose, state);
          const contractSeen = expectedContractFields(role, purpose, state) !== null;

          // The register: a policy number the insurer already has, so a permitted write conflicts.
          const register = await call('POST', '/api/contracts', role, purpose, {
            policyholderId: clientOf[state].id,
            insurerId,
            lineOfBusiness: 'motor',
            policyNumber: `MX/${state}`,
            productName: 'OC',
            startDate: startOfContracts,
            endDate: '2099-12-31',
            premium: { amount: 1, currency: 'PLN' },
            source: 'transferred',
          });
          const registerWant = !performs ? 403 : !seen ? 404 : 409;
          check(
            register.status === registerWant,
            `${label} POST contract ${register.status} (want ${registerWant})`,
          );

          // The history of annexes, projected per field.
          const history = await call('GET', `/api/contracts/${contractOf[state]}/annexes`, role, purpose);
          const historyFields = contractSeen ? annexFields(purpose) : null;
          const historyWant = !allowedPurpose ? 403 : historyFields ? 200 : 404;
          check(
            history.status === historyWant,
            `${label} GET annexes ${history.status} (want ${historyWant})`,
          );
          if (history.status === 200) {
            const [first] = history.body as unknown as Array<Record<string, unknown>>;
            check(
              JSON.stringify(Object.keys(first ?? {}).sort()) === JSON.stringify(historyFields),
              `${label} annex fields ${Object.keys(first ?? {}).join('|')}`,
            );
          }

          // An annex dated before the contract: refused after the checks of purpose and visibility.
          const annex = await call('POST', `/api/contracts/${contractOf[state]}/annexes`, role, purpose, {
            effectiveDate: '2000-01-01',
            reason: 'Matrix probe',
            changes: { premium: { amount: 1, currency: 'PLN' } },
          });
          const annexWant = !performs ? 403 : !contractSeen ? 404 : 400;
          check(
            annex.status === annexWant &&
              (annexWant !== 400 || annex.body.code === 'ANNEX_DATE_OUTSIDE_CONTRACT'),
            `${label} POST annex ${annex.status} ${String(annex.body.code)} (want ${annexWant})`,
          );

          // Corrections of a concluded request and its quote: 409 where the purpose may write them.
          const requestSeen = seen && REGISTRY[purpose].access.OfferRequest !== undefined;
          const correctRequest = await call(
            'PATCH',
            `/api/offer-requests/${requestOf[state]}`,
            role,
            purpose,
            {
              needs: { notes: 'matrix' },
            },
          );
          const requestWant = !allowedPurpose
            ? 403
            : !requestSeen
              ? 404
              : writes(purpose, 'OfferRequest', 'notes')
                ? 409
                : 403;
          check(
            correctRequest.status === requestWant,
            `${label} PATCH offer request ${correctRequest.status} (want ${requestWant})`,
          );
          const quoteSeen = requestSeen && REGISTRY[purpose].access.Quote !== undefined;
          const correctQuote = await call(
            'PATCH',
            `/api/offer-requests/${requestOf[state]}/quotes/${quoteOf[state]}`,
            role,
            purpose,
            { productName: 'Matrix' },
          );
          const quoteWant = !allowedPurpose
            ? 403
            : !quoteSeen
              ? 404
              : writes(purpose, 'Quote', 'productName')
                ? 409
                : 403;
          check(
            correctQuote.status === quoteWant,
            `${label} PATCH quote ${correctQuote.status} (want ${quoteWant})`,
          );
        }
      }
    }
    expect(leaks.slice(0, 20)).toEqual([]);
    expect(checks - counted).toBeGreaterThanOrEqual(1_500);
    expect(await snapshot()).toEqual(before);
  });

  it('lets each purpose read and withdraw only the consent purposes the registry gives it, for every combination', async () => {
    const server = t.app.getHttpAdapter().getInstance();
    const call = async (method: 'GET' | 'POST', url: string, role: Role, purpose: Purpose, body?: object) => {
      const res = await server.inject({
        method,
        url,
        headers: { ...t.as(role, purpose), ...(body ? { 'content-type': 'application/json' } : {}) },
        payload: body ? JSON.stringify(body) : undefined,
      });
      return { status: res.statusCode, body: res.json() as Record<string, unknown> };
    };
    const before = checks;
    for (const role of ROLES) {
      for (const purpose of PURPOSES) {
        const allowedPurpose = roleMayUse(role, purpose);
        for (const state of STATES) {
          const label = `${role}/${purpose}/${state}`;
          const client = clientOf[state];
          const expected = expectedReadFields(role, purpose, state);
          const consents = await call('GET', `/api/clients/${client.id}/consents`, role, purpose);
          // Only the consents of the consent purposes the purpose deals with.
          const readableConsents = expectedConsentPurposes(purpose, 'read');
          if (consents.status === 200) {
            const entries = [
              ...(consents.body.active as Array<{ purpose: string }>),
              ...(consents.body.history as Array<{ purpose: string }>),
            ];
            const seen = [...new Set(entries.map((c) => c.purpose))].sort();
            const present = state === 'none' ? [] : readableConsents;
            check(
              JSON.stringify(seen) === JSON.stringify([...present].sort()),
              `${label} consents read ${seen.join('|')} (want ${present.join('|')})`,
            );
          }
          // Withdrawing each consent purpose's consent on a channel without one: allowed or refused, never a change.
          const withdrawable = expectedConsentPurposes(purpose, 'withdraw');
          for (const consentPurpose of CONSENT_PURPOSES) {
            const res = await call('POST', `/api/clients/${client.id}/consents/withdraw`, role, purpose, {
              purpose: consentPurpose,
              channel: 'post',
              source: 'matrix',
            });
            let want: number;
            if (!allowedPurpose) want = 403;
            else if (!expected) want = 404;
            else want = withdrawable.includes(consentPurpose) ? 200 : 403;
            const code = REGISTRY[purpose].consents.withdraw
              ? 'CONSENT_PURPOSE_NOT_ALLOWED'
              : 'CONSENT_OPERATION_NOT_ALLOWED';
            check(
              res.status === want && (want !== 403 || !allowedPurpose || res.body.code === code),
              `${label} withdraw ${consentPurpose} -> ${res.status} ${String(res.body.code)} (want ${want})`,
            );
          }
        }
      }
    }
    expect(leaks.slice(0, 20)).toEqual([]);
    expect(checks - before).toBeGreaterThanOrEqual(900);
  });

  it('accepts a book import only where the registry allows it, and shows it only to its author', async () => {
    const server = t.app.getHttpAdapter().getInstance();
    const content = Buffer.from('kind;firstName;lastName;pesel\r\n', 'utf8').toString('base64');
    const submit = (role: Role, purpose: Purpose) =>
      server.inject({
        method: 'POST',
        url: '/api/imports',
        headers: { ...t.as(role, purpose), 'content-type': 'application/json' },
        payload: JSON.stringify({ kind: 'book', format: 'csv', content, dryRun: true }),
      });
    const [{ n: before }] = await t.db.query(`SELECT count(*)::int AS n FROM book_import`);
    const outcomes: string[] = [];
    const wanted: string[] = [];
    let accepted = 0;
    let authored: { id: string; role: Role; purpose: Purpose } | null = null;
    for (const role of ROLES) {
      for (const purpose of PURPOSES) {
        const res = await submit(role, purpose);
        const want = mayImport(role, purpose) ? 202 : 403;
        outcomes.push(`${role}/${purpose} ${res.statusCode}`);
        wanted.push(`${role}/${purpose} ${want}`);
        if (res.statusCode === 202) {
          accepted += 1;
          authored ??= { id: (res.json() as { id: string }).id, role, purpose };
        }
      }
    }
    expect(outcomes).toEqual(wanted);
    expect(accepted).toBeGreaterThan(0);
    const [{ n: after }] = await t.db.query(`SELECT count(*)::int AS n FROM book_import`);
    expect(after - before).toBe(accepted);
    // Reading it back: its author under an importing purpose; every other pair is refused at the door.
    for (const role of ROLES) {
      for (const purpose of PURPOSES) {
        const res = await server.inject({
          method: 'GET',
          url: `/api/imports/${authored!.id}`,
          headers: t.as(role, purpose),
        });
        const author = t.staff[role].id === t.staff[authored!.role].id;
        const want = !mayImport(role, purpose) ? 403 : author ? 200 : 404;
        expect(`${role}/${purpose} ${res.statusCode}`).toBe(`${role}/${purpose} ${want}`);
      }
    }
  });

  it('reads and corrects a company’s register data, and a client’s household, as the registry says', async () => {
    const server = t.app.getHttpAdapter().getInstance();
    const broker = t.as('broker', 'offer_preparation');
    const body = companyBody();
    const company = await t.http.post('/api/clients').set(broker).send(body);
    expect(company.status).toBe(201);
    const member = await createClient(t, { lastName: 'Macierzowa' });
    const household = await t.http
      .post('/api/households')
      .set(broker)
      .send({ name: 'Macierzowi', memberIds: [member.id] });
    expect(household.status).toBe(201);
    const call = (method: 'GET' | 'PATCH', url: string, role: Role, purpose: Purpose, payload?: object) =>
      server.inject({
        method,
        url,
        headers: { ...t.as(role, purpose), ...(payload ? { 'content-type': 'application/json' } : {}) },
        payload: payload ? JSON.stringify(payload) : undefined,
      });
    const outcomes: string[] = [];
    const wanted: string[] = [];
    const register = ['companyName', 'nip', 'regon', 'krs'];
    for (const role of ROLES) {
      for (const purpose of PURPOSES) {
        const label = `${role}/${purpose}`;
        const may = roleMayUse(role, purpose);
        // Neither client holds a consent: a consent-gated purpose sees neither.
        const seen = visible(role, purpose, 'none');
        const read = await call('GET', `/api/clients/${company.body.id}`, role, purpose);
        const readWant = !may ? 403 : seen ? 200 : 404;
        outcomes.push(`${label} GET company ${read.statusCode}`);
        wanted.push(`${label} GET company ${readWant}`);
        if (read.statusCode === 200) {
          // Register data is not personal data: it comes with any visible company.
          const got = read.json() as Record<string, unknown>;
          outcomes.push(`${label} register ${register.map((f) => String(got[f])).join('|')}`);
          wanted.push(`${label} register ${register.map((f) => String(body[f])).join('|')}`);
        }
        const writable = new Set(writableFields(purpose, 'Client'));
        for (const field of register) {
          const res = await call('PATCH', `/api/clients/${company.body.id}`, role, purpose, {
            [field]: body[field],
          });
          const want = !may ? 403 : !seen ? 404 : writable.has(field) ? 200 : 403;
          const fields = res.statusCode === 403 && may ? ` ${JSON.stringify(res.json().fields)}` : '';
          outcomes.push(`${label} PATCH ${field} ${res.statusCode}${fields}`);
          wanted.push(`${label} PATCH ${field} ${want}${want === 403 && may ? ` ["${field}"]` : ''}`);
        }
        const home = await call('GET', `/api/clients/${member.id}/household`, role, purpose);
        const homeWant = !may ? 403 : seen ? 200 : 404;
        outcomes.push(`${label} GET household ${home.statusCode}`);
        wanted.push(`${label} GET household ${homeWant}`);
        if (home.statusCode === 200) {
          const got = (home.json() as { household: { id: string; name?: string } | null }).household;
          const access = REGISTRY[purpose].access.Household;
          const nameRead = access && (access.read === 'all' || access.read.includes('name'));
          outcomes.push(`${label} household ${got?.id ?? 'none'} ${got?.name ?? '-'}`);
          wanted.push(
            `${label} household ${access ? household.body.id : 'none'} ${nameRead ? 'Macierzowi' : '-'}`,
          );
        }
      }
    }
    expect(outcomes).toEqual(wanted);
    // Every allowed correction wrote the same values: nothing changed.
    const [row] = await t.db.query(`SELECT company_name, nip, regon, krs FROM client WHERE id = $1`, [
      company.body.id,
    ]);
    expect(row).toEqual({ company_name: body.companyName, nip: body.nip, regon: body.regon, krs: body.krs });
  });

  it('lets administrators alone manage staff: every other role gets 403 on every staff endpoint and changes nothing', async () => {
    const server = t.app.getHttpAdapter().getInstance();
    const created = await server.inject({
      method: 'POST',
      url: '/api/staff',
      headers: { ...t.as('admin'), 'content-type': 'application/json' },
      payload: JSON.stringify({
        email: 'matrix.staff@demo.local',
        password: 'Matrycowa-ulica-77',
        fullName: 'Matrix Staff',
        role: 'broker',
      }),
    });
    expect(created.statusCode).toBe(201);
    const id = (created.json() as { id: string }).id;
    const endpoints: Array<{ method: 'GET' | 'POST' | 'PATCH'; url: string; body?: object; admin: number }> =
      [
        { method: 'GET', url: '/api/staff', admin: 200 },
        {
          method: 'POST',
          url: '/api/staff',
          body: {
            email: 'matrix.other@demo.local',
            password: 'Matrycowa-ulica-78',
            fullName: 'M',
            role: 'dpo',
          },
          admin: 201,
        },
        { method: 'PATCH', url: `/api/staff/${id}`, body: { role: 'manager' }, admin: 200 },
        { method: 'POST', url: `/api/staff/${id}/deactivate`, admin: 200 },
        { method: 'POST', url: `/api/staff/${id}/reactivate`, admin: 200 },
        { method: 'POST', url: `/api/staff/${id}/password-reset`, admin: 200 },
      ];
    const before = await t.db.query(`SELECT id, role, active, session_version FROM staff ORDER BY id`);
    const outcomes: string[] = [];
    for (const role of ROLES.filter((r) => r !== 'admin')) {
      for (const e of endpoints) {
        const res = await server.inject({
          method: e.method,
          url: e.url,
          headers: { ...t.as(role), ...(e.body ? { 'content-type': 'application/json' } : {}) },
          payload: e.body ? JSON.stringify(e.body) : undefined,
        });
        outcomes.push(`${role} ${e.method} ${e.url} ${res.statusCode}`);
      }
    }
    expect(outcomes.filter((o) => !o.endsWith(' 403'))).toEqual([]);
    expect(await t.db.query(`SELECT id, role, active, session_version FROM staff ORDER BY id`)).toEqual(
      before,
    );
    for (const e of endpoints) {
      const res = await server.inject({
        method: e.method,
        url: e.url,
        headers: { ...t.as('admin'), ...(e.body ? { 'content-type': 'application/json' } : {}) },
        payload: e.body ? JSON.stringify(e.body) : undefined,
      });
      expect(`admin ${e.method} ${e.url} ${res.statusCode}`).toBe(`admin ${e.method} ${e.url} ${e.admin}`);
    }
  });
  it('answers commissions, agreements and statements as the registry says, for every combination', async () => {
    const before = checks;
    await checkCommissionRoutes({
      t,
      states: STATES,
      insurerId,
      contractOf,
      policyNumberOf: Object.fromEntries(STATES.map((s) => [s, `MX/${s}`])) as Record<ConsentState, string>,
      contractVisible: (role, purpose, state) =>
        expectedContractFields(role, purpose, state) !== null &&
        expectedInstalmentFields(role, purpose, state) !== null,
      check,
    });
    expect(leaks.slice(0, 20)).toEqual([]);
    expect(checks - before).toBeGreaterThanOrEqual(400);
  });
});
