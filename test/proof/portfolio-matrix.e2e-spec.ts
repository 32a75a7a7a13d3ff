import { randomUUID } from 'node:crypto';
import { BrokerClock } from '@app/common/clock/broker-clock';
import { makeNip } from '@app/common/validation/nip';
import { Purpose } from '@app/privacy';
import { StaffService } from '../../src/auth';
import { PortfolioAccess } from '../../src/portfolios';
import { clientBody } from '../support/fixtures';
import { DeclaredRoute, collectRoutes } from '../support/routes';
import { TEST_PASSWORD, TestApp, startTestApp } from '../support/test-app';
import {
  BOUND,
  Fixture,
  HIDDEN,
  NOT_REACHING,
  PROBES,
  Probe,
  STATES,
  State,
  methodOf,
  multipartBody,
  unbound,
} from './portfolio-probes';

const pln = (amount: number) => ({ amount, currency: 'PLN' });
type Body = Record<string, unknown>;
interface Answer {
  status: number;
  body: Body;
}

/**
 * The authorization matrix's portfolio dimension. For every route touching client data and every
 * portfolio-bound purpose a broker may use, over clients in four portfolio states, the test broker
 * gets the client's data in its own portfolio and under an open break-glass grant exactly alike
 * (and as the registry says), and for another team's client, with or without an expired grant,
 * exactly what a record that does not exist gets: `:id` routes 404, lists and searches without the
 * client or its records, writes refused with nothing changed.
 */
describe('authorization matrix (portfolios)', () => {
  let t: TestApp;
  const fixtures = {} as Record<State, Fixture>;
  let ghost: Fixture;
  let otherTeam: string;
  let checks = 0;
  const leaks: string[] = [];
  const check = (ok: boolean, what: string) => {
    checks += 1;
    if (!ok) leaks.push(what);
  };
  const exercised = new Set<string>();

  beforeAll(async () => {
    t = await startTestApp();
    const clock = t.app.get(BrokerClock);
    // The broker's today and the instant it began: an activity happens at a moment, and midnight UTC
    // of the broker's date is still ahead in the hour after midnight in Warsaw.
    const [{ start, end, valid, today, day_start: dayStart }] = await t.db.query(
      `SELECT to_char(${clock.todaySql} - 345, 'YYYY-MM-DD') AS start, to_char(${clock.todaySql} + 20, 'YYYY-MM-DD') AS end, to_char(${clock.todaySql} + 14, 'YYYY-MM-DD') AS valid, to_char(${clock.todaySql}, 'YYYY-MM-DD') AS today, (${clock.todaySql})::timestamp AT TIME ZONE '${clock.timeZone}' AS day_start`,
    );
    const todayBegan = (dayStart as Date).toISOString();
    const team = await t.http.post('/api/teams').set(t.as('admin')).send({ name: 'Warszawa' });
    otherTeam = team.body.id;
    const broker2 = await t.app.get(StaffService).upsert({
      email: 'broker2@demo.local',
      fullName: 'Wanda Warszawska',
      role: 'broker',
      password: TEST_PASSWORD,
    });
    await t.http.post(`/api/teams/${otherTeam}/members`).set(t.as('admin')).send({ staffId: broker2.id });
    const login = await t.http
      .post('/api/auth/login')
      .send({ email: 'broker2@demo.local', password: TEST_PASSWORD });
    const insurer = await t.http
      .post('/api/insurers')
      .set(t.as('admin'))
      .send({ name: 'Portfel TU', nip: makeNip(813_000_000), dsrContactEmail: 'iod@portfel-tu.pl' });
    const names: Record<State, string> = {
      own: 'Portfelowa-Alfa',
      other: 'Portfelowa-Beta',
      open_grant: 'Portfelowa-Gamma',
      expired_grant: 'Portfelowa-Delta',
    };
    /** A record created by the owner of the client's portfolio (the test broker or Warszawa's). */
    const create = async (state: State, purpose: Purpose, url: string, body: object) => {
      const headers =
        state === 'own'
          ? t.as('broker', purpose)
          : { authorization: `Bearer ${login.body.accessToken}`, 'x-purpose': purpose };
      const res = await t.http.post(url).set(headers).send(body);
      if (res.status !== 201)
        throw new Error(`${state}: POST ${url} ${res.status} ${JSON.stringify(res.body)}`);
      return res.body.id as string;
    };
    for (const state of STATES) {
      const client = clientBody({ lastName: names[state] });
      const clientId = await create(state, 'offer_preparation', '/api/clients', client);
      await create(state, 'offer_preparation', `/api/clients/${clientId}/consents`, {
        purpose: 'client_contact',
        channel: 'email',
        source: 'paper_form',
        noticeVersion: '2026-01',
      });
      const offerRequestId = await create(state, 'offer_preparation', '/api/offer-requests', {
        clientId,
        lineOfBusiness: 'motor',
        needs: { requiredCoverages: ['oc'] },
      });
      const quoteId = await create(
        state,
        'offer_preparation',
        `/api/offer-requests/${offerRequestId}/quotes`,
        {
          insurerId: insurer.body.id,
          productName: 'Auto Portfel',
          premium: pln(120_000),
          sumInsured: pln(5_000_000),
          deductible: pln(0),
          coverages: [{ code: 'oc', limit: pln(529_000_000) }],
          validUntil: valid,
          commissionRate: 0.1,
        },
      );
      const policyNumber = `PM/${state}`;
      const contractId = await create(
        state,
        'contract_performance',
        `/api/offer-requests/${offerRequestId}/conclude`,
        { quoteId, policyNumber, startDate: start, endDate: end, recommendation: 'Jedyna oferta.' },
      );
      const schedule = await t.http
        .post(`/api/contracts/${contractId}/instalments`)
        .set(
          state === 'own'
            ? t.as('broker', 'contract_performance')
            : { authorization: `Bearer ${login.body.accessToken}`, 'x-purpose': 'contract_performance' },
        )
        .send({ count: 4 });
      if (schedule.status !== 201) throw new Error(`${state}: schedule ${schedule.status}`);
      const instalmentId = schedule.body.items[1].id as string;
      const holdId = await create(state, 'claims', `/api/clients/${clientId}/legal-holds`, {
        reason: 'Szkoda komunikacyjna w toku',
      });
      const householdId = await create(state, 'offer_preparation', '/api/households', {
        name: `Dom ${names[state]}`,
        memberIds: [clientId],
      });
      const claimId = await create(state, 'claims', '/api/claims', {
        contractId,
        dateOfLoss: today,
        description: `Szkoda ${names[state]}`,
      });
      const taskId = await create(state, 'offer_preparation', '/api/tasks', {
        clientId,
        title: `Zadzwonić: ${names[state]}`,
      });
      const activityId = await create(state, 'offer_preparation', `/api/clients/${clientId}/activities`, {
        kind: 'note',
        at: todayBegan,
        summary: `Notatka ${names[state]}`,
      });
      const document = await t.http
        .post('/api/documents')
        .set(
          state === 'own'
            ? t.as('broker', 'contract_performance')
            : { authorization: `Bearer ${login.body.accessToken}`, 'x-purpose': 'contract_performance' },
        )
        .field('clientId', clientId)
        .field('contractId', contractId)
        .field('category', 'policy')
        .attach('file', Buffer.from('%PDF-1.4\n%%EOF\n', 'latin1'), {
          filename: 'polisa.pdf',
          contentType: 'application/pdf',
        });
      if (document.status !== 201) throw new Error(`${state}: document ${document.status}`);
      fixtures[state] = {
        claimId,
        taskId,
        activityId,
        documentId: document.body.id as string,
        householdId,
        clientId,
        client,
        offerRequestId,
        quoteId,
        contractId,
        instalmentId,
        policyNumber,
        holdId,
        insurerId: insurer.body.id,
        startDate: start,
        endDate: end,
        today,
        todayBegan,
      };
    }
    // Records that do not exist: what a hidden client's records must be answered like.
    ghost = {
      ...fixtures.other,
      client: clientBody({ lastName: 'Portfelowa-Nikt' }),
      clientId: randomUUID(),
      offerRequestId: randomUUID(),
      quoteId: randomUUID(),
      contractId: randomUUID(),
      instalmentId: randomUUID(),
      holdId: randomUUID(),
      householdId: randomUUID(),
      claimId: randomUUID(),
      taskId: randomUUID(),
      activityId: randomUUID(),
      documentId: randomUUID(),
    };
    for (const state of ['open_grant', 'expired_grant'] as const) {
      const grant = await t.http
        .post(`/api/clients/${fixtures[state].clientId}/break-glass`)
        .set(t.as('broker', 'offer_preparation'))
        .send({ reason: 'Klient dzwoni, opiekunka na urlopie' });
      expect(grant.status).toBe(201);
    }
    await t.db.query(
      `UPDATE break_glass_grant SET expires_at = now() - interval '1 second', granted_at = now() - interval '1 hour' WHERE client_id = $1`,
      [fixtures.expired_grant.clientId],
    );
    await t.app.get(PortfolioAccess).forget(t.staff.broker.id);
  });
  afterAll(async () => {
    await t?.close();
  });

  async function call(
    method: string,
    url: string,
    purpose: Purpose,
    body?: object,
    form?: Record<string, string>,
  ): Promise<Answer> {
    const upload = form ? multipartBody(form) : undefined;
    const res = await t.app
      .getHttpAdapter()
      .getInstance()
      .inject({
        method: method as 'GET',
        url,
        headers: {
          ...t.as('broker', purpose),
          ...(upload
            ? { 'content-type': upload.contentType }
            : body
              ? { 'content-type': 'application/json' }
              : {}),
        },
        payload: upload ? upload.payload : body ? JSON.stringify(body) : undefined,
      });
    // A download answers the file itself: compared by status, with no fields of its own.
    const json = String(res.headers['content-type'] ?? '').startsWith('application/json');
    return { status: res.statusCode, body: (res.body && json ? res.json() : {}) as Body };
  }

  /** Whatever of this client may not leave in an answer about it (less the ids the request named). */
  function secretsOf(f: Fixture, named: string): string[] {
    return [
      f.clientId,
      f.offerRequestId,
      f.quoteId,
      f.contractId,
      f.instalmentId,
      f.holdId,
      f.claimId,
      f.taskId,
      f.activityId,
      f.documentId,
      f.policyNumber,
      String(f.client.pesel),
      String(f.client.email),
      String(f.client.lastName),
    ].filter((s) => !named.includes(s));
  }

  /** The purposes a route admits for a broker among the portfolio-bound ones. */
  function purposesOf(route: DeclaredRoute): Purpose[] {
    const access = route.access!;
    return BOUND.filter((p) => !access.purposes || access.purposes.includes(p));
  }

  const keys = (body: unknown) =>
    Object.keys((body ?? {}) as object)
      .sort()
      .join();
  const itemsOf = (a: Answer) => ((a.body.items as Body[] | undefined) ?? []) as Body[];

  async function run(probe: Probe, purpose: Purpose) {
    const label = `${probe.route} [${purpose}] ${probe.kind === 'list' ? probe.url(ghost).split('?')[1] : ''}`;
    const answers = {} as Record<State | 'ghost', Answer>;
    for (const state of [...STATES, 'ghost'] as const) {
      if (state === 'ghost' && probe.kind === 'list') continue;
      const f = state === 'ghost' ? ghost : fixtures[state];
      answers[state] = await call(
        methodOf(probe.route),
        probe.url(f),
        purpose,
        probe.body?.(f),
        probe.form?.(f),
      );
    }
    const own = answers.own;
    const open = answers.open_grant;
    if (probe.kind === 'list') {
      const find = (state: State) =>
        itemsOf(answers[state]).find((i) => i.id === probe.target!(fixtures[state]));
      check(own.status === open.status, `${label}: own ${own.status}, open grant ${open.status}`);
      check(
        !!find('own') === !!find('open_grant'),
        `${label}: listed own ${!!find('own')}, open grant ${!!find('open_grant')}`,
      );
      check(keys(find('own')) === keys(find('open_grant')), `${label}: fields own/open grant differ`);
      const oracle = probe.oracle?.(purpose);
      if (oracle) {
        check(
          own.status === oracle.status && !!find('own') === !!oracle.listed,
          `${label}: own ${own.status} listed ${!!find('own')}`,
        );
        if (oracle.fields)
          check(keys(find('own')) === oracle.fields.join(), `${label}: own fields ${keys(find('own'))}`);
      }
      for (const state of HIDDEN) {
        const text = JSON.stringify(answers[state].body);
        const leaked = secretsOf(fixtures[state], probe.url(fixtures[state])).filter((s) => text.includes(s));
        check(
          answers[state].status === own.status,
          `${label} ${state}: ${answers[state].status} != own ${own.status}`,
        );
        check(leaked.length === 0, `${label} ${state}: leaked ${leaked.join(', ')}`);
      }
      return;
    }
    check(own.status === open.status, `${label}: own ${own.status}, open grant ${open.status}`);
    check(
      keys(own.body) === keys(open.body),
      `${label}: own/open grant fields ${keys(own.body)} | ${keys(open.body)}`,
    );
    const oracle = probe.oracle?.(purpose);
    if (oracle) {
      check(own.status === oracle.status, `${label}: own ${own.status} != ${oracle.status}`);
      if (oracle.fields && own.status === 200)
        check(keys(own.body) === oracle.fields.join(), `${label}: own fields ${keys(own.body)}`);
    }
    const ghostAnswer = `${answers.ghost.status} ${String(answers.ghost.body.code)}`;
    check([403, 404].includes(answers.ghost.status), `${label} no such record: ${ghostAnswer}`);
    if (probe.kind === 'one')
      check(answers.ghost.status === 404 || own.status === 403, `${label} no such record: ${ghostAnswer}`);
    for (const state of HIDDEN) {
      const a = answers[state];
      const named =
        probe.url(fixtures[state]) +
        JSON.stringify(probe.body?.(fixtures[state]) ?? {}) +
        JSON.stringify(probe.form?.(fixtures[state]) ?? {});
      const leaked = secretsOf(fixtures[state], named).filter((s) => JSON.stringify(a.body).includes(s));
      check(
        `${a.status} ${String(a.body.code)}` === ghostAnswer,
        `${label} ${state}: ${a.status} ${String(a.body.code)}, no such record: ${ghostAnswer}`,
      );
      check(leaked.length === 0, `${label} ${state}: leaked ${leaked.join(', ')}`);
    }
  }

  /** Every row of the hidden clients and their records, to show that no write changed them. */
  async function hiddenRows(): Promise<Array<{ t: string; row: unknown }>> {
    const clientIds = HIDDEN.map((s) => fixtures[s].clientId);
    return t.db.query(
      `SELECT 'client' AS t, to_jsonb(c) AS row FROM client c WHERE c.id = ANY($1::uuid[])
       UNION ALL SELECT 'consent', to_jsonb(x) FROM consent x WHERE x.client_id = ANY($1::uuid[])
       UNION ALL SELECT 'offer_request', to_jsonb(x) FROM offer_request x WHERE x.client_id = ANY($1::uuid[])
       UNION ALL SELECT 'quote', to_jsonb(q) FROM quote q JOIN offer_request r ON r.id = q.offer_request_id WHERE r.client_id = ANY($1::uuid[])
       UNION ALL SELECT 'contract', to_jsonb(x) FROM contract x WHERE x.client_id = ANY($1::uuid[]) OR x.insured_id = ANY($1::uuid[])
       UNION ALL SELECT 'contract_annex', to_jsonb(a) FROM contract_annex a JOIN contract k ON k.id = a.contract_id WHERE k.client_id = ANY($1::uuid[])
       UNION ALL SELECT 'legal_hold', to_jsonb(x) FROM legal_hold x WHERE x.client_id = ANY($1::uuid[])
       UNION ALL SELECT 'instalment', to_jsonb(x) FROM instalment x WHERE x.client_id = ANY($1::uuid[])
       UNION ALL SELECT 'claim', to_jsonb(x) FROM claim x WHERE x.client_id = ANY($1::uuid[])
       UNION ALL SELECT 'task', to_jsonb(x) FROM task x WHERE x.client_id = ANY($1::uuid[])
       UNION ALL SELECT 'client_activity', to_jsonb(x) FROM client_activity x WHERE x.client_id = ANY($1::uuid[])
       UNION ALL SELECT 'break_glass_grant', to_jsonb(x) FROM break_glass_grant x WHERE x.client_id = ANY($1::uuid[])
       UNION ALL SELECT 'document', to_jsonb(x) FROM document x WHERE x.client_id = ANY($1::uuid[])
       ORDER BY 1, 2`,
      [clientIds],
    );
  }

  it('exercises or explains every route touching personal data', () => {
    const routes = collectRoutes(t.app).filter((r) => r.access?.personalData);
    const probed = new Set(PROBES.map((p) => p.route));
    const unexplained = routes
      .map((r) => `${r.method} ${r.path}`)
      .filter(
        (r) =>
          !probed.has(r) &&
          !(r in NOT_REACHING) &&
          !unbound(routes.find((x) => `${x.method} ${x.path}` === r)!),
      );
    expect(unexplained).toEqual([]);
    // A probe or explanation naming a route that no longer exists fails, and so does a probe of a
    // route that no portfolio-bound purpose of a broker can reach (it belongs among the explained).
    const known = new Set(routes.map((r) => `${r.method} ${r.path}`));
    expect([...probed, ...Object.keys(NOT_REACHING)].filter((r) => !known.has(r))).toEqual([]);
    expect(
      routes.filter((r) => probed.has(`${r.method} ${r.path}`) && unbound(r)).map((r) => r.path),
    ).toEqual([]);
    expect([...BOUND].sort()).toEqual([
      'claims',
      'client_contact',
      'contract_performance',
      'offer_preparation',
    ]);
  });

  it('gives the own and the break-glass client alike and another portfolio’s nothing, on every route and purpose', async () => {
    const routes = collectRoutes(t.app);
    const before = await hiddenRows();
    for (const kind of ['one', 'list', 'write'] as const) {
      for (const probe of PROBES.filter((p) => p.kind === kind)) {
        const route = routes.find((r) => `${r.method} ${r.path}` === probe.route)!;
        for (const purpose of purposesOf(route)) {
          await run(probe, purpose);
          exercised.add(probe.route);
        }
      }
    }
    // A new client may not be placed in another team's portfolio either.
    const theirs = `SELECT count(*)::int AS n FROM client WHERE team_id = $1`;
    const [{ n: theirsBefore }] = await t.db.query(theirs, [otherTeam]);
    for (const purpose of BOUND) {
      const res = await call('POST', '/api/clients', purpose, { ...clientBody(), teamId: otherTeam });
      check(
        [403, 404].includes(res.status),
        `POST /api/clients [${purpose}] into another team: ${res.status}`,
      );
    }
    const [{ n: theirsAfter }] = await t.db.query(theirs, [otherTeam]);
    check(theirsAfter === theirsBefore, 'a client was placed in another team’s portfolio');
    const after = await hiddenRows();
    for (const table of new Set([...before, ...after].map((r) => r.t))) {
      const rows = (list: Array<{ t: string; row: unknown }>) =>
        JSON.stringify(list.filter((r) => r.t === table));
      check(rows(after) === rows(before), `a write changed another portfolio’s ${table} rows`);
    }
    expect(leaks).toEqual([]);
    expect(exercised.size).toBe(new Set(PROBES.map((p) => p.route)).size);
    expect(checks).toBeGreaterThanOrEqual(700);
  });
});
