import { ENTITIES, PURPOSES, Purpose, REGISTRY, ROLES, Role, roleMayUse } from '@app/privacy';
import { TestApp } from '../support/test-app';

/**
 * The commission routes in the authorization matrix: every role x purpose (x client state for a
 * contract's commission), the oracle read from the registry's declarations: which purposes read
 * a contract's premium and commission and its schedule's amounts, which read, create and write
 * statement lines, and which fields of a line leave.
 */
export interface CommissionMatrixContext<State extends string> {
  t: TestApp;
  states: readonly State[];
  insurerId: string;
  contractOf: Record<State, string>;
  policyNumberOf: Record<State, string>;
  /** Whether a contract of a client in this state is visible with its schedule (null: refused at the door). */
  contractVisible: (role: Role, purpose: Purpose, state: State) => boolean;
  check: (ok: boolean, what: string) => void;
}

const reads = (access: { read: 'all' | readonly string[] } | undefined, fields: readonly string[]) =>
  access !== undefined && (access.read === 'all' || fields.every((f) => access.read.includes(f)));

/** A contract's commission: its premium and commission, and the schedule's amounts. */
const readsCommission = (purpose: Purpose) =>
  reads(REGISTRY[purpose].access.Contract, ['premium', 'commission']) &&
  reads(REGISTRY[purpose].access.Instalment, ['dueDate', 'amount', 'paidAmount', 'status']);

const lineAccess = (purpose: Purpose) => REGISTRY[purpose].access.CommissionStatementLine;

/** The fields of a statement line a purpose reads (every line of the matrix's clients is visible to it). */
function expectedLineFields(purpose: Purpose): string[] {
  const access = lineAccess(purpose)!;
  const personal =
    access.read === 'all' ? Object.keys(ENTITIES.CommissionStatementLine.personal) : [...access.read];
  return [...ENTITIES.CommissionStatementLine.alwaysVisible, ...personal].sort();
}

export async function checkCommissionRoutes<State extends string>(
  ctx: CommissionMatrixContext<State>,
): Promise<void> {
  const { t, check } = ctx;
  const server = t.app.getHttpAdapter().getInstance();
  const call = async (method: 'GET' | 'POST', url: string, role: Role, purpose?: Purpose, body?: object) => {
    const res = await server.inject({
      method,
      url,
      headers: { ...t.as(role, purpose), ...(body ? { 'content-type': 'application/json' } : {}) },
      payload: body ? JSON.stringify(body) : undefined,
    });
    let json: Record<string, unknown> = {};
    try {
      json = res.json();
    } catch {
      // The export answers CSV.
    }
    return { status: res.statusCode, body: json, text: res.body };
  };
  const count = async (sql: string) => Number((await t.db.query(sql))[0].n);

  // Agreements: the office's terms with insurers, made by administrators, read by them and the accountant.
  const agreementsBefore = await count(`SELECT count(*)::int AS n FROM commission_agreement`);
  let made = 0;
  for (const role of ROLES) {
    const create = await call('POST', '/api/commission-agreements', role, undefined, {
      insurerId: ctx.insurerId,
      lineOfBusiness: 'home',
      firstYearRate: 0.15,
      renewalRate: 0.1,
    });
    check(create.status === (role === 'admin' ? 201 : 403), `${role} POST agreement ${create.status}`);
    if (create.status === 201) made += 1;
    const list = await call('GET', '/api/commission-agreements', role);
    check(
      list.status === (['admin', 'accountant'].includes(role) ? 200 : 403),
      `${role} GET agreements ${list.status}`,
    );
    const mapping = await call('GET', `/api/commission-statement-mappings/${ctx.insurerId}`, role);
    check(mapping.status === (role === 'accountant' ? 200 : 403), `${role} GET mapping ${mapping.status}`);
  }
  check(
    (await count(`SELECT count(*)::int AS n FROM commission_agreement`)) === agreementsBefore + made,
    'a refused agreement was stored',
  );

  // A contract's commission, for every client state.
  for (const role of ROLES) {
    for (const purpose of PURPOSES) {
      for (const state of ctx.states) {
        const label = `${role}/${purpose}/${state}`;
        const res = await call('GET', `/api/contracts/${ctx.contractOf[state]}/commission`, role, purpose);
        const door = roleMayUse(role, purpose) && readsCommission(purpose);
        const want = !door ? 403 : ctx.contractVisible(role, purpose, state) ? 200 : 404;
        check(res.status === want, `${label} GET commission ${res.status} (want ${want})`);
        if (res.status === 200)
          check(
            (res.body.commission as { amount: number }).amount === 9_500 && res.body.rate === 0.1,
            `${label} commission ${JSON.stringify(res.body.commission)}`,
          );
      }
    }
  }

  // Statements: imported, read, exported and settled only where the registry gives statement lines.
  const content = [
    'policyNumber;commission',
    ...ctx.states.map((s) => `${ctx.policyNumberOf[s]};1,00`),
    'MX/unknown;2,00',
  ].join('\n');
  const statementsBefore = await count(`SELECT count(*)::int AS n FROM commission_statement`);
  let statementId: string | null = null;
  let accepted = 0;
  for (const role of ROLES) {
    for (const purpose of PURPOSES) {
      const creates = roleMayUse(role, purpose) && lineAccess(purpose)?.create === true;
      const res = await call('POST', '/api/commission-statements', role, purpose, {
        insurerId: ctx.insurerId,
        format: 'csv',
        content,
      });
      check(res.status === (creates ? 202 : 403), `${role}/${purpose} POST statement ${res.status}`);
      if (res.status === 202) {
        accepted += 1;
        statementId ??= res.body.id as string;
      }
    }
  }
  check(accepted > 0 && statementId !== null, 'no statement was accepted');
  check(
    (await count(`SELECT count(*)::int AS n FROM commission_statement`)) === statementsBefore + accepted,
    'a refused statement was stored',
  );
  const lineIds = (
    await t.db.query(`SELECT id FROM commission_statement_line WHERE statement_id = $1 ORDER BY id`, [
      statementId,
    ])
  ).map((r: { id: string }) => r.id);
  const settledCount = () =>
    count(`SELECT count(*)::int AS n FROM commission_statement_line WHERE settled_at IS NOT NULL`);
  for (const role of ROLES) {
    for (const purpose of PURPOSES) {
      const label = `${role}/${purpose}`;
      const door = roleMayUse(role, purpose) && lineAccess(purpose) !== undefined;
      const one = await call('GET', `/api/commission-statements/${statementId}`, role, purpose);
      check(one.status === (door ? 200 : 403), `${label} GET statement ${one.status}`);
      if (one.status === 200) {
        const lines = one.body.lines as Array<Record<string, unknown>>;
        check(lines.length === ctx.states.length + 1, `${label} statement lines ${lines.length}`);
        for (const line of lines)
          check(
            JSON.stringify(Object.keys(line).sort()) === JSON.stringify(expectedLineFields(purpose)),
            `${label} line fields ${Object.keys(line).sort().join('|')}`,
          );
      }
      const list = await call('GET', '/api/commission-statements', role, purpose);
      check(list.status === (door ? 200 : 403), `${label} GET statements ${list.status}`);
      const exported = await call('GET', `/api/commission-statements/${statementId}/export`, role, purpose);
      check(
        exported.status === (door ? 200 : 403) &&
          (exported.status !== 200 || ctx.states.every((s) => exported.text.includes(ctx.policyNumberOf[s]))),
        `${label} export ${exported.status}`,
      );
      // Settling a line: each writer settles one line once; everyone else changes nothing.
      const writes =
        door && lineAccess(purpose)!.write !== undefined && lineAccess(purpose)!.write.length > 0;
      const before = await settledCount();
      const settle = await call(
        'POST',
        `/api/commission-statements/${statementId}/lines/${lineIds[0]}/settle`,
        role,
        purpose,
      );
      const want = !door ? 403 : !writes ? 403 : before === 0 ? 200 : 409;
      check(settle.status === want, `${label} settle ${settle.status} (want ${want})`);
      check((await settledCount()) === before + (settle.status === 200 ? 1 : 0), `${label} settle changed`);
    }
  }
}
