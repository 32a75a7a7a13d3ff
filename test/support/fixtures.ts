import { Client } from 'pg';
import { makeNip } from '@app/common/validation/nip';
import { makePesel } from '@app/common/validation/pesel';
import { makeRegon } from '@app/common/validation/regon';
import { BrokerClock } from '@app/common/clock/broker-clock';
import { addDays } from '../../src/reminders/reminder-dates';
import type { TestApp } from './test-app';

let serial = 0;

/** Builds a valid client body; every call gives a distinct PESEL and e-mail. */
export function clientBody(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  serial += 1;
  const n = (process.pid % 1000) * 1000 + serial;
  const birth = `19${String(50 + (n % 49)).padStart(2, '0')}-0${(n % 9) + 1}-1${n % 9}`;
  return {
    firstName: 'Zofia',
    lastName: `Testowa${serial}`,
    email: `zofia.${n}@example.com`,
    phone: `60${String(1000000 + n).slice(-7)}`,
    address: { street: `ul. Lipowa ${serial}`, postalCode: '00-950', city: 'Warszawa', country: 'PL' },
    dateOfBirth: birth,
    pesel: makePesel(birth, n % 10000),
    ...overrides,
  };
}

/** Builds a valid company client body; every call gives a distinct NIP and REGON. */
export function companyBody(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  serial += 1;
  const n = (process.pid % 1000) * 1000 + serial;
  return {
    kind: 'company',
    companyName: `Przykład ${serial} sp. z o.o.`,
    nip: makeNip(527_000_000 + n * 17),
    regon: makeRegon(14_000_000 + n * 13),
    krs: String(10_000 + n).padStart(10, '0'),
    address: { street: 'ul. Fabryczna 5', postalCode: '15-001', city: 'Białystok', country: 'PL' },
    email: `biuro.${n}@przyklad.example`,
    ...overrides,
  };
}

/**
 * A company with the person as its representative, and the person's household, created as a
 * broker under offer_preparation; answers their ids.
 */
export async function createCompanyAndHousehold(t: TestApp, personId: string) {
  const broker = t.as('broker', 'offer_preparation');
  const company = await t.http.post('/api/clients').set(broker).send(companyBody());
  const link = await t.http
    .post(`/api/clients/${company.body.id}/representatives`)
    .set(broker)
    .send({ personId, role: 'prezes zarządu' });
  const household = await t.http
    .post('/api/households')
    .set(broker)
    .send({ name: 'Testowi', memberIds: [personId] });
  if ([company, link, household].some((r) => r.status !== 201))
    throw new Error(`company or household failed: ${company.status} ${link.status} ${household.status}`);
  return { companyId: company.body.id as string, householdId: household.body.id as string };
}

/** Creates a client as a broker under offer_preparation and returns its id and the body used. */
export async function createClient(t: TestApp, overrides: Record<string, unknown> = {}) {
  const body = clientBody(overrides);
  const res = await t.http.post('/api/clients').set(t.as('broker', 'offer_preparation')).send(body);
  if (res.status !== 201) throw new Error(`client create failed: ${res.status} ${JSON.stringify(res.body)}`);
  return { id: res.body.id as string, body };
}

export async function grantConsent(t: TestApp, clientId: string, purpose: string, channel: string) {
  const res = await t.http
    .post(`/api/clients/${clientId}/consents`)
    .set(t.as('broker', 'offer_preparation'))
    .send({ purpose, channel, source: 'paper_form', evidence: 'form 1', noticeVersion: '2026-01' });
  if (res.status !== 201) throw new Error(`consent grant failed: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body;
}

/** Entries of the record of operations written for one HTTP request. */
export async function auditEntriesOf(t: TestApp, requestId: string) {
  return t.db.query(
    `SELECT id::text, actor_id, actor_role, purpose, action, resource, resource_id, client_ids::text[] AS client_ids,
            fields, outcome, reason, request_id, ip FROM audit_entry WHERE request_id = $1 ORDER BY id`,
    [requestId],
  );
}

/**
 * Refreshes the planner's statistics after a bulk insert. Autovacuum is off on the machines that
 * run the suite, and only the owner may ANALYZE, so this connects as the database owner.
 */
export async function analyze(t: TestApp, tables: string[]): Promise<void> {
  const owner = new Client({ connectionString: t.databaseUrl });
  await owner.connect();
  try {
    for (const table of tables) await owner.query(`ANALYZE ${table}`);
  } finally {
    await owner.end();
  }
}

/**
 * A contract concluded through the offer flow (request, one quote, conclusion) for a client,
 * running from `startInDays` to `endInDays` from the broker's today; answers its id.
 */
export async function concludeContract(
  t: TestApp,
  opts: {
    clientId: string;
    insurerId: string;
    policyNumber: string;
    endInDays: number;
    startInDays?: number;
    line?: 'motor' | 'travel';
  },
): Promise<string> {
  const today = t.app.get(BrokerClock).today();
  const line = opts.line ?? 'motor';
  const cover = line === 'motor' ? 'oc' : 'kl';
  const request = await t.http
    .post('/api/offer-requests')
    .set(t.as('broker', 'offer_preparation'))
    .send({ clientId: opts.clientId, lineOfBusiness: line, needs: { requiredCoverages: [cover] } });
  if (request.status !== 201)
    throw new Error(`offer request: ${request.status} ${JSON.stringify(request.body)}`);
  const quote = await t.http
    .post(`/api/offer-requests/${request.body.id}/quotes`)
    .set(t.as('broker', 'offer_preparation'))
    .send({
      insurerId: opts.insurerId,
      productName: 'Auto',
      premium: { amount: 100_000, currency: 'PLN' },
      sumInsured: { amount: 5_000_000, currency: 'PLN' },
      deductible: { amount: 0, currency: 'PLN' },
      coverages: [{ code: cover, limit: { amount: 500_000_000, currency: 'PLN' } }],
      validUntil: addDays(today, 10),
      commissionRate: 0.1,
    });
  if (quote.status !== 201) throw new Error(`quote: ${quote.status} ${JSON.stringify(quote.body)}`);
  const concluded = await t.http
    .post(`/api/offer-requests/${request.body.id}/conclude`)
    .set(t.as('broker', 'contract_performance'))
    .send({
      quoteId: quote.body.id,
      policyNumber: opts.policyNumber,
      startDate: addDays(today, opts.startInDays ?? opts.endInDays - 365),
      endDate: addDays(today, opts.endInDays),
      recommendation: 'Renewal of the current cover.',
    });
  if (concluded.status !== 201)
    throw new Error(`conclusion: ${concluded.status} ${JSON.stringify(concluded.body)}`);
  return concluded.body.id as string;
}
