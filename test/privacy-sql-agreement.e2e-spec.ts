import { toPositional } from '@app/common/database/sql';
import { makeNip } from '@app/common/validation/nip';
import {
  CHANNELS,
  CONSENT_PURPOSES,
  EntityName,
  PrivacyScope,
  PURPOSES,
  Purpose,
  REGISTRY,
  Role,
} from '@app/privacy';
import { ClientsService } from '../src/clients';
import { PortfolioAccess } from '../src/portfolios';
import { createClient } from './support/fixtures';
import { startTestApp, TestApp } from './support/test-app';

const COMPANY_REGISTER_FIELDS = ['companyName', 'nip', 'regon', 'krs'];

type ClientRecordEntity = 'OfferRequest' | 'Quote' | 'Contract' | 'Instalment';

/** Each client record's table, joined so that its client is under `c` (as the owners' repositories do). */
const RECORD_FROM: Record<ClientRecordEntity, (join: (alias: string, on: string) => string) => string> = {
  OfferRequest: (join) => `offer_request x ${join('c', 'x.client_id')}`,
  Quote: (join) => `quote x JOIN offer_request r ON r.id = x.offer_request_id ${join('c', 'r.client_id')}`,
  Contract: (join) => `contract x ${join('c', 'x.client_id')}`,
  Instalment: (join) => `instalment x ${join('c', 'x.client_id')}`,
};

/** The lists over HTTP that filter the entity in SQL (quotes are read only with their request). */
const RECORD_LISTS: Partial<Record<ClientRecordEntity, string>> = {
  OfferRequest: '/api/offer-requests?limit=500',
  Contract: '/api/contracts?limit=500',
};

const ROLE_PURPOSE = PURPOSES.flatMap((purpose) =>
  REGISTRY[purpose].roles.map((role) => [role, purpose] as const),
);

/**
 * Lists filter in SQL; single reads check in memory. Both come from the registry and must agree:
 * for every purpose, the set of clients a list returns equals the set the in-memory ability admits.
 */
describe('SQL visibility agrees with the in-memory ability', () => {
  let t: TestApp;
  const facts: Array<{
    id: string;
    restricted: boolean;
    erasureRefused: boolean;
    activeConsents: string[];
    teamId: string;
  }> = [];
  /** The scope a staff member's requests get: their purpose and their portfolio. */
  const scopeOf = async (role: Role, purpose: Purpose) =>
    PrivacyScope.forStaff(
      t.staff[role].id,
      role,
      purpose,
      await t.app.get(PortfolioAccess).of(t.staff[role].id),
    );
  const records: Record<ClientRecordEntity, Array<{ id: string; clientId: string }>> = {
    OfferRequest: [],
    Quote: [],
    Contract: [],
    Instalment: [],
  };

  beforeAll(async () => {
    t = await startTestApp();
    // A quarter of the clients sit in another team's portfolio, outside every test account's.
    const [other] = await t.db.query(`INSERT INTO team (name) VALUES ('Inny zespół') RETURNING id::text`);
    let seed = 42;
    const random = () => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648;
    for (let i = 0; i < 40; i++) {
      const { id } = await createClient(t);
      const consents: string[] = [];
      for (const purpose of CONSENT_PURPOSES)
        for (const channel of CHANNELS) if (random() < 0.25) consents.push(`${purpose}:${channel}`);
      const restricted = random() < 0.2;
      // Clients whose erasure was refused (art. 17(3)), some of them restricted as well.
      const erasureRefused = random() < 0.25;
      for (const key of consents) {
        const [purpose, channel] = key.split(':');
        await t.db.query(
          `INSERT INTO consent (client_id, purpose, channel, source, notice_version) VALUES ($1, $2, $3, 'test', '1')`,
          [id, purpose, channel],
        );
      }
      // A withdrawn consent must not count.
      await t.db
        .query(
          `INSERT INTO consent (client_id, purpose, channel, source, notice_version, withdrawn_at) VALUES ($1, 'marketing', 'email', 'test', '1', now())
         ON CONFLICT DO NOTHING`,
          [id],
        )
        .catch(() => undefined);
      if (restricted) await t.db.query(`UPDATE client SET restricted = true WHERE id = $1`, [id]);
      if (erasureRefused) await t.db.query(`UPDATE client SET erasure_refused = true WHERE id = $1`, [id]);
      if (i % 4 === 3) await t.db.query(`UPDATE client SET team_id = $2 WHERE id = $1`, [id, other.id]);
      const [{ team_id: teamId }] = await t.db.query(`SELECT team_id::text FROM client WHERE id = $1`, [id]);
      const active = await t.db.query(
        `SELECT purpose || ':' || channel AS k FROM consent WHERE client_id = $1 AND withdrawn_at IS NULL`,
        [id],
      );
      facts.push({
        id,
        restricted,
        erasureRefused,
        activeConsents: active.map((r: { k: string }) => r.k),
        teamId,
      });
    }
    // One offer request, one quote and one contract per client, whatever the client's state.
    const [insurer] = await t.db.query(
      `INSERT INTO insurer (name, nip, krs, dsr_contact_email) VALUES ('Agreement TU', $1, '0000123456', 'iod@agreement.example') RETURNING id`,
      [makeNip(777_100_200)],
    );
    for (const [n, f] of facts.entries()) {
      const [request] = await t.db.query(
        `INSERT INTO offer_request (client_id, line_of_business, required_coverages, notes) VALUES ($1, 'motor', '{oc}', 'needs') RETURNING id`,
        [f.id],
      );
      const [quote] = await t.db.query(
        `INSERT INTO quote (offer_request_id, insurer_id, status, decline_reason) VALUES ($1, $2, 'declined', 'no') RETURNING id`,
        [request.id, insurer.id],
      );
      const [contract] = await t.db.query(
        `INSERT INTO contract (client_id, insurer_id, line_of_business, policy_number, product_name, start_date, end_date,
                               premium, commission_rate_bp, commission, sum_insured, deductible)
         VALUES ($1, $2, 'motor', $3, 'Motor', '2026-01-01', '2026-12-31', 1000, 1000, 100, 40000, 250) RETURNING id`,
        [f.id, insurer.id, `AGR/${n}`],
      );
      records.OfferRequest.push({ id: request.id, clientId: f.id });
      records.Quote.push({ id: quote.id, clientId: f.id });
      records.Contract.push({ id: contract.id, clientId: f.id });
      const [instalment] = await t.db.query(
        `INSERT INTO instalment (contract_id, client_id, number, count, due_date, amount) VALUES ($1, $2, 1, 1, '2026-01-01', 1000) RETURNING id`,
        [contract.id, f.id],
      );
      records.Instalment.push({ id: instalment.id, clientId: f.id });
    }
  });
  afterAll(async () => {
    await t?.close();
  });

  it.each(PURPOSES.map((p) => [p]))('%s', async (purpose) => {
    const role = REGISTRY[purpose].roles[0];
    const scope = await scopeOf(role, purpose);
    const expected = facts
      .filter((f) => scope.fields('Client', f).length > 0)
      .map((f) => f.id)
      .sort();
    // The condition the client repository puts in its lists selects exactly those clients.
    const clients = t.app.get(ClientsService);
    const visible = scope.visibleSql('Client', clients.sqlTranslators('c'));
    const { sql, params } = toPositional(
      `SELECT c.id FROM ${clients.fromSql('c')} WHERE c.id = ANY(:ids::uuid[]) AND ${visible.sql}`,
      { ...visible.params, ids: facts.map((f) => f.id) },
    );
    const selected = (await t.db.query(sql, params)).map((r: { id: string }) => r.id).sort();
    expect(selected).toEqual(expected);
    const res = await t.http.get('/api/clients?limit=500').set(t.as(role, purpose));
    expect(res.status).toBe(200);
    const listed = res.body.items.map((i: { id: string }) => i.id).sort();
    expect(listed).toEqual(expected);
    // Both sides are exercised: the sample holds clients in the refused-erasure state.
    expect(facts.filter((f) => f.erasureRefused).length).toBeGreaterThan(3);
    for (const item of res.body.items as Array<Record<string, unknown>>) {
      const f = facts.find((x) => x.id === item.id)!;
      // The sample holds persons: a company's register data is visible to all, and a person has none.
      const personFields = scope.fields('Client', f).filter((k) => !COMPANY_REGISTER_FIELDS.includes(k));
      expect(Object.keys(item).sort()).toEqual(personFields.sort());
    }
  });

  describe.each((['OfferRequest', 'Quote', 'Contract', 'Instalment'] as const).map((e) => [e]))(
    'records of a client: %s',
    (entity) => {
      it.each(ROLE_PURPOSE.map(([role, purpose]) => [role, purpose]))(
        '%s under %s',
        async (role, purpose) => {
          const scope = await scopeOf(role, purpose);
          const clients = t.app.get(ClientsService);
          const byId = new Map(facts.map((f) => [f.id, f]));
          const expected = records[entity]
            .filter((r) => scope.clientRecordFields(entity as EntityName, byId.get(r.clientId)).length > 0)
            .map((r) => r.id)
            .sort();
          // The condition the owners' repositories put in their lists.
          const visible = scope.clientRecordSql(entity, clients.sqlTranslators('c'));
          const { sql, params } = toPositional(
            `SELECT x.id FROM ${RECORD_FROM[entity]((a, on) => clients.joinSql(a, on))}
            WHERE x.id = ANY(:ids::uuid[]) AND ${visible.sql}`,
            { ...visible.params, ids: records[entity].map((r) => r.id) },
          );
          const selected = (await t.db.query(sql, params)).map((r: { id: string }) => r.id).sort();
          expect(selected).toEqual(expected);
          // And the list itself, through the guard, the scope and the repository.
          const list = RECORD_LISTS[entity];
          if (list) {
            const res = await t.http.get(list).set(t.as(role, purpose));
            expect(res.status).toBe(200);
            expect(res.body.items.map((i: { id: string }) => i.id).sort()).toEqual(expected);
          }
          // The sample covers every state a client's rules test.
          const states = records[entity].map((r) => byId.get(r.clientId)!);
          expect(states.filter((f) => f.restricted).length).toBeGreaterThan(3);
          expect(states.filter((f) => f.erasureRefused).length).toBeGreaterThan(3);
          expect(states.filter((f) => f.activeConsents.length > 0).length).toBeGreaterThan(3);
          // ... and both sides of the portfolio.
          expect(new Set(states.map((f) => f.teamId)).size).toBe(2);
        },
      );

      it('sees some but not all of the records under some purpose, and none under another', async () => {
        const byId = new Map(facts.map((f) => [f.id, f]));
        const counts: number[] = [];
        for (const [role, purpose] of ROLE_PURPOSE) {
          const scope = await scopeOf(role, purpose);
          counts.push(
            records[entity].filter(
              (r) => scope.clientRecordFields(entity as EntityName, byId.get(r.clientId)).length > 0,
            ).length,
          );
        }
        expect(counts.some((n) => n > 0 && n < records[entity].length)).toBe(true);
        expect(counts.some((n) => n === 0)).toBe(true);
      });
    },
  );
});
