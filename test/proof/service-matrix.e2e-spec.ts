import { BrokerClock } from '@app/common/clock/broker-clock';
import { makeNip } from '@app/common/validation/nip';
import {
  CONSENT_PURPOSES,
  ENTITIES,
  EntityName,
  PURPOSES,
  Purpose,
  REGISTRY,
  ROLES,
  Role,
  allFieldsOf,
  recordPurposesVisibleUnder,
  roleMayUse,
  writableFields,
} from '@app/privacy';
import { concludeContract, createClient } from '../support/fixtures';
import { startTestApp, TestApp } from '../support/test-app';

/**
 * The authorization matrix for claims, tasks and the client's timeline, generated from the
 * registry: every role x purpose x consent state, each read route's status and exact fields, and
 * every write accepted only where the registry allows it (a refused one changes nothing). The
 * oracle reads the registry's declarations (roles, entity access, consent gate, restriction,
 * refused erasure), not the code under test. Listed in authorization-matrix.e2e-spec.ts.
 */
type State = 'none' | 'email' | 'withdrawn' | 'restricted' | 'erasure_refused';
const STATES: State[] = ['none', 'email', 'withdrawn', 'restricted', 'erasure_refused'];

/** Fields known to this matrix; a field added to the registry must be added here too. */
const MATRIX_FIELDS: Record<'Claim' | 'Task' | 'ClientActivity', string[]> = {
  Claim: [
    'id',
    'contractId',
    'clientId',
    'status',
    'legalHoldId',
    'createdAt',
    'createdBy',
    'insurerClaimNumber',
    'dateOfLoss',
    'description',
    'amountClaimed',
    'amountPaid',
    'history',
  ],
  Task: [
    'id',
    'clientId',
    'contractId',
    'instalmentId',
    'kind',
    'purpose',
    'status',
    'assigneeId',
    'createdAt',
    'createdBy',
    'completedAt',
    'title',
    'description',
    'dueDate',
  ],
  ClientActivity: ['id', 'clientId', 'kind', 'purpose', 'createdAt', 'createdBy', 'at', 'summary'],
};
/** Claims carry, besides the entity's fields, the moves they may make and the policy number where the contract shows. */
const CLAIM_EXTRAS = ['allowedTransitions', 'policyNumber'];

function clientVisible(role: Role, purpose: Purpose, state: State): boolean {
  const def = REGISTRY[purpose];
  if (!roleMayUse(role, purpose) || !def.access.Client) return false;
  if (state === 'restricted' && !def.seesRestricted) return false;
  if (state === 'erasure_refused' && !def.seesErasureRefused) return false;
  if (def.consentGate) return state === 'email' || state === 'restricted' || state === 'erasure_refused';
  return true;
}

function expectedFields(entity: EntityName, role: Role, purpose: Purpose, state: State): string[] | null {
  const access = REGISTRY[purpose].access[entity];
  if (!access || !clientVisible(role, purpose, state)) return null;
  const personal = access.read === 'all' ? Object.keys(ENTITIES[entity].personal) : [...access.read];
  return [...new Set([...ENTITIES[entity].alwaysVisible, ...personal])].sort();
}

const reads = (role: Role, purpose: Purpose, entity: EntityName) =>
  roleMayUse(role, purpose) && REGISTRY[purpose].access[entity] !== undefined;
const writes = (role: Role, purpose: Purpose, entity: EntityName) =>
  roleMayUse(role, purpose) && writableFields(purpose, entity).length > 0;

describe('authorization matrix (claims, tasks, timeline)', () => {
  let t: TestApp;
  const clientOf = {} as Record<State, string>;
  const contractOf = {} as Record<State, string>;
  const claimOf = {} as Record<State, string>;
  /** Per state and purpose that may make them: a task and an activity recorded under that purpose. */
  const taskOf = {} as Record<State, Partial<Record<Purpose, string>>>;
  const activityOf = {} as Record<State, Partial<Record<Purpose, string>>>;
  let today: string;
  let checks = 0;
  const leaks: string[] = [];
  const check = (ok: boolean, what: string) => {
    checks += 1;
    if (!ok) leaks.push(what);
  };

  beforeAll(async () => {
    t = await startTestApp();
    today = t.app.get(BrokerClock).today();
    const insurer = await t.http
      .post('/api/insurers')
      .set(t.as('admin'))
      .send({ name: 'Macierz Szkód TU', nip: makeNip(816_000_000), dsrContactEmail: 'iod@macierz.pl' });
    for (const state of STATES) {
      const client = await createClient(t);
      clientOf[state] = client.id;
      contractOf[state] = await concludeContract(t, {
        clientId: client.id,
        insurerId: insurer.body.id,
        policyNumber: `SM/${state}`,
        endInDays: 200,
      });
      const claim = await t.http
        .post('/api/claims')
        .set(t.as('broker', 'claims'))
        .send({ contractId: contractOf[state], dateOfLoss: today, description: `Szkoda ${state}` });
      expect(claim.status).toBe(201);
      claimOf[state] = claim.body.id;
      if (state !== 'none') {
        for (const purpose of CONSENT_PURPOSES)
          await t.db.query(
            `INSERT INTO consent (client_id, purpose, channel, source, notice_version) VALUES ($1, $2, 'email', 'matrix', '1')`,
            [client.id, purpose],
          );
      }
      taskOf[state] = {};
      activityOf[state] = {};
      for (const purpose of PURPOSES.filter((p) => writes('broker', p, 'Task'))) {
        if (!clientVisible('broker', purpose, state === 'none' ? 'none' : 'email')) continue;
        const task = await t.http
          .post('/api/tasks')
          .set(t.as('broker', purpose))
          .send({ clientId: client.id, title: `Zadanie ${purpose}`, dueDate: today });
        expect(task.status).toBe(201);
        taskOf[state][purpose] = task.body.id;
        const activity = await t.http
          .post(`/api/clients/${client.id}/activities`)
          .set(t.as('broker', purpose))
          .send({ kind: 'note', at: new Date().toISOString(), summary: `Notatka ${purpose}` });
        expect(activity.status).toBe(201);
        activityOf[state][purpose] = activity.body.id;
      }
      if (state === 'withdrawn')
        await t.db.query(`UPDATE consent SET withdrawn_at = now() WHERE client_id = $1`, [client.id]);
      if (state === 'restricted')
        await t.db.query(`UPDATE client SET restricted = true WHERE id = $1`, [client.id]);
      if (state === 'erasure_refused')
        await t.db.query(`UPDATE client SET erasure_refused = true WHERE id = $1`, [client.id]);
    }
  });
  afterAll(async () => {
    await t?.close();
  });

  it('knows every field of the registry’s claims, tasks and activities', () => {
    for (const entity of ['Claim', 'Task', 'ClientActivity'] as const)
      expect([...allFieldsOf(entity)].sort()).toEqual([...MATRIX_FIELDS[entity]].sort());
  });

  it('reads exactly the permitted records and fields, for every role, purpose and consent state', async () => {
    const server = t.app.getHttpAdapter().getInstance();
    const get = async (url: string, role: Role, purpose: Purpose) => {
      const res = await server.inject({ method: 'GET', url, headers: t.as(role, purpose) });
      return { status: res.statusCode, body: res.json() as Record<string, unknown> };
    };
    const keys = (o: unknown) => Object.keys((o ?? {}) as object).sort();
    for (const role of ROLES) {
      for (const purpose of PURPOSES) {
        for (const state of STATES) {
          const label = `${role}/${purpose}/${state}`;
          // One claim, and the claims of its contract.
          const claimFields = expectedFields('Claim', role, purpose, state);
          const one = await get(`/api/claims/${claimOf[state]}`, role, purpose);
          const oneStatus = !reads(role, purpose, 'Claim') ? 403 : claimFields ? 200 : 404;
          check(one.status === oneStatus, `${label} claim status ${one.status} != ${oneStatus}`);
          if (claimFields && one.status === 200)
            check(
              keys(one.body).join() === [...claimFields, ...CLAIM_EXTRAS].sort().join(),
              `${label} claim fields ${keys(one.body).join()}`,
            );
          const list = await get(`/api/claims?contractId=${contractOf[state]}&limit=500`, role, purpose);
          check(
            list.status === (reads(role, purpose, 'Claim') ? 200 : 403),
            `${label} claims list ${list.status}`,
          );
          const listed = ((list.body.items as Array<{ id: string }> | undefined) ?? []).find(
            (c) => c.id === claimOf[state],
          );
          check(!!listed === !!claimFields, `${label} claim listed ${!!listed}`);

          // Tasks: only the purpose's own (all of them for the person's own requests).
          const tasks = await get(`/api/tasks?clientId=${clientOf[state]}&limit=500`, role, purpose);
          check(
            tasks.status === (reads(role, purpose, 'Task') ? 200 : 403),
            `${label} tasks ${tasks.status}`,
          );
          const taskFields = expectedFields('Task', role, purpose, state);
          const expectedTasks = taskFields
            ? recordPurposesVisibleUnder(purpose)
                .map((p) => taskOf[state][p])
                .filter((id): id is string => !!id)
                .sort()
            : [];
          const gotTasks = (tasks.body.items as Array<Record<string, unknown>> | undefined) ?? [];
          check(
            gotTasks
              .map((x) => x.id)
              .sort()
              .join() === expectedTasks.join(),
            `${label} tasks ${gotTasks.length} != ${expectedTasks.length}`,
          );
          for (const task of gotTasks)
            check(keys(task).join() === taskFields!.join(), `${label} task fields ${keys(task).join()}`);

          // The timeline.
          const timeline = await get(`/api/clients/${clientOf[state]}/activities`, role, purpose);
          const activityFields = expectedFields('ClientActivity', role, purpose, state);
          const timelineStatus = !reads(role, purpose, 'ClientActivity') ? 403 : activityFields ? 200 : 404;
          check(
            timeline.status === timelineStatus,
            `${label} timeline ${timeline.status} != ${timelineStatus}`,
          );
          const expectedActivities = activityFields
            ? recordPurposesVisibleUnder(purpose)
                .map((p) => activityOf[state][p])
                .filter((id): id is string => !!id)
                .sort()
            : [];
          const gotActivities = (timeline.body.items as Array<Record<string, unknown>> | undefined) ?? [];
          check(
            gotActivities
              .map((a) => a.id)
              .sort()
              .join() === expectedActivities.join(),
            `${label} activities ${gotActivities.length} != ${expectedActivities.length}`,
          );
          for (const activity of gotActivities)
            check(keys(activity).join() === activityFields!.join(), `${label} activity fields`);
        }
      }
    }
    expect(leaks).toEqual([]);
    expect(checks).toBeGreaterThanOrEqual(ROLES.length * PURPOSES.length * STATES.length * 6);
  }, 600_000);

  it('accepts writes only where the registry allows them, and a refused write changes nothing', async () => {
    const server = t.app.getHttpAdapter().getInstance();
    const send = async (
      method: 'POST' | 'PATCH',
      url: string,
      role: Role,
      purpose: Purpose,
      body: object,
    ) => {
      const res = await server.inject({
        method,
        url,
        headers: { ...t.as(role, purpose), 'content-type': 'application/json' },
        payload: JSON.stringify(body),
      });
      return res.statusCode;
    };
    const counts = async () =>
      (
        await t.db.query(
          `SELECT (SELECT count(*) FROM claim)::int AS claims, (SELECT count(*) FROM task)::int AS tasks,
                  (SELECT count(*) FROM client_activity)::int AS activities,
                  (SELECT string_agg(status || jsonb_array_length(history), ',' ORDER BY id) FROM claim) AS claim_states`,
        )
      )[0];
    const state: State = 'email';
    for (const role of ROLES) {
      for (const purpose of PURPOSES) {
        const label = `${role}/${purpose}`;
        const seen = clientVisible(role, purpose, state);
        const before = await counts();
        const claim = await send('POST', '/api/claims', role, purpose, {
          contractId: contractOf[state],
          dateOfLoss: today,
          description: 'Macierz',
        });
        const claimOk = writes(role, purpose, 'Claim') ? (seen ? 201 : 404) : 403;
        check(claim === claimOk, `${label} POST claim ${claim} != ${claimOk}`);
        const note = await send('PATCH', `/api/claims/${claimOf[state]}`, role, purpose, { note: 'Macierz' });
        check(
          note === (writes(role, purpose, 'Claim') ? (seen ? 200 : 404) : 403),
          `${label} PATCH claim ${note}`,
        );
        const task = await send('POST', '/api/tasks', role, purpose, {
          clientId: clientOf[state],
          title: 'Macierz',
        });
        const taskOk = writes(role, purpose, 'Task') ? (seen ? (role === 'broker' ? 201 : 400) : 404) : 403;
        check(task === taskOk, `${label} POST task ${task} != ${taskOk}`);
        const activity = await send('POST', `/api/clients/${clientOf[state]}/activities`, role, purpose, {
          kind: 'call',
          at: new Date().toISOString(),
          summary: 'Macierz',
        });
        const activityOk = writes(role, purpose, 'ClientActivity') ? (seen ? 201 : 404) : 403;
        check(activity === activityOk, `${label} POST activity ${activity} != ${activityOk}`);
        const after = await counts();
        const expected = {
          claims: before.claims + (claim === 201 ? 1 : 0),
          tasks: before.tasks + (task === 201 ? 1 : 0),
          activities: before.activities + (activity === 201 ? 1 : 0),
        };
        check(
          after.claims === expected.claims &&
            after.tasks === expected.tasks &&
            after.activities === expected.activities,
          `${label} refused writes changed rows`,
        );
        if (note !== 200)
          check(
            after.claim_states === before.claim_states || claim === 201,
            `${label} refused note changed a claim`,
          );
      }
    }
    expect(leaks).toEqual([]);
  }, 300_000);
});
