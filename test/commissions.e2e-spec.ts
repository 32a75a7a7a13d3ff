import { BrokerClock } from '@app/common/clock/broker-clock';
import { money } from '@app/common/locale/polish';
import { PersonalDataLifecycle } from '@app/privacy';
import { makeNip } from '@app/common/validation/nip';
import { addDays } from '../src/reminders/reminder-dates';
import { auditEntriesOf, concludeContract, createClient } from './support/fixtures';
import { TestApp, startTestApp } from './support/test-app';

type Line = {
  id: string;
  policyNumber: string;
  status: string;
  contractId: string | null;
  expected: { amount: number } | null;
  paid: { amount: number } | null;
  difference: { amount: number };
  settledAt: string | null;
};
const pln = (amount: number) => ({ amount, currency: 'PLN' });

/**
 * Commissions over HTTP on PostgreSQL: an agreement with an insurer (rates and the split between
 * brokers), the commission of a contract and of each instalment paid, and an insurer's statement
 * reconciled to the grosz, settled and exported for the accountant; refused for every role and
 * purpose that may not, with nothing changed and the refusal recorded.
 */
describe('commissions', () => {
  let t: TestApp;
  let today: string;
  let insurerId: string;
  let secondBrokerId: string;
  const contractOf: Record<string, string> = {};
  let statementId: string;
  const accountant = () => t.as('accountant', 'legal_obligation');
  const statementCount = async () =>
    Number((await t.db.query(`SELECT count(*)::int AS n FROM commission_statement`))[0].n);

  beforeAll(async () => {
    t = await startTestApp();
    today = t.app.get(BrokerClock).today();
    const insurer = await t.http
      .post('/api/insurers')
      .set(t.as('admin'))
      .send({ name: 'Prowizje TU', nip: makeNip(733_000_001), dsrContactEmail: 'iod@prowizje-tu.pl' });
    expect(insurer.status).toBe(201);
    insurerId = insurer.body.id;
    const second = await t.http.post('/api/staff').set(t.as('admin')).send({
      email: 'drugi.broker@demo.local',
      password: 'Prowizyjna-ulica-12',
      fullName: 'Drugi Broker',
      role: 'broker',
    });
    expect(second.status).toBe(201);
    secondBrokerId = second.body.id;
    // Three policies of 1 000,00 zł, running for a month already.
    for (const number of ['PR/1', 'PR/2', 'PR/3']) {
      const client = await createClient(t);
      contractOf[number] = await concludeContract(t, {
        clientId: client.id,
        insurerId,
        policyNumber: number,
        startInDays: -30,
        endInDays: 335,
      });
    }
    // PR/3 is paid in four instalments, the first of them paid.
    const schedule = await t.http
      .post(`/api/contracts/${contractOf['PR/3']}/instalments`)
      .set(t.as('broker', 'contract_performance'))
      .send({ count: 4 });
    expect(schedule.status).toBe(201);
    const paid = await t.http
      .post(`/api/instalments/${schedule.body.items[0].id}/payment`)
      .set(t.as('broker', 'contract_performance'))
      .send({ paidAt: today, amount: 25_000 });
    expect(paid.status).toBe(200);
  });
  afterAll(async () => {
    await t?.close();
  });

  it('makes agreements only as an administrator, with rates of four decimal places and shares adding up to 1', async () => {
    const body = {
      insurerId,
      lineOfBusiness: 'motor',
      firstYearRate: 0.15,
      renewalRate: 0.1,
      splits: [
        { staffId: t.staff.broker.id, share: 0.6 },
        { staffId: secondBrokerId, share: 0.4 },
      ],
    };
    for (const role of ['broker', 'accountant', 'manager', 'marketing', 'dpo'] as const) {
      const refused = await t.http.post('/api/commission-agreements').set(t.as(role)).send(body);
      expect(`${role} ${refused.status}`).toBe(`${role} 403`);
    }
    const bad = [
      [{ ...body, firstYearRate: 0.12345 }, 'VALIDATION_FAILED'],
      [{ ...body, renewalRate: 1.5 }, 'VALIDATION_FAILED'],
      [{ ...body, splits: [{ staffId: t.staff.broker.id, share: 0.9 }] }, 'SPLITS_NOT_WHOLE'],
      [{ ...body, splits: [{ staffId: t.staff.accountant.id, share: 1 }] }, 'SPLIT_STAFF_NOT_BROKER'],
      [
        {
          ...body,
          splits: [
            { staffId: t.staff.broker.id, share: 0.5 },
            { staffId: t.staff.broker.id, share: 0.5 },
          ],
        },
        'SPLIT_STAFF_REPEATED',
      ],
      [{ ...body, insurerId: '00000000-0000-4000-8000-000000000000' }, 'UNKNOWN_INSURER'],
    ] as const;
    for (const [input, code] of bad) {
      const res = await t.http.post('/api/commission-agreements').set(t.as('admin')).send(input);
      expect([res.status, res.body.code]).toEqual([400, code]);
    }
    expect(Number((await t.db.query(`SELECT count(*)::int AS n FROM commission_agreement`))[0].n)).toBe(0);

    // A first version at other rates, then the one in force replacing it (the old one kept as history).
    const first = await t.http
      .post('/api/commission-agreements')
      .set(t.as('admin'))
      .send({ ...body, firstYearRate: 0.2, splits: undefined });
    expect(first.status).toBe(201);
    const created = await t.http.post('/api/commission-agreements').set(t.as('admin')).send(body);
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({
      firstYearRate: 0.15,
      renewalRate: 0.1,
      replaced: true,
      insurerName: 'Prowizje TU',
    });
    const listed = await t.http
      .get(`/api/commission-agreements?insurerId=${insurerId}`)
      .set(t.as('accountant'));
    expect(listed.status).toBe(200);
    expect(listed.body.items.map((a: { id: string }) => a.id)).toEqual([created.body.id]);
    // Pages: newest first, one at a time by the cursor.
    const home = await t.http
      .post('/api/commission-agreements')
      .set(t.as('admin'))
      .send({ ...body, lineOfBusiness: 'home', splits: undefined, validFrom: '2026-01-01' });
    expect([home.status, home.body.validFrom, home.body.replaced]).toEqual([201, '2026-01-01', false]);
    const page1 = await t.http.get('/api/commission-agreements?limit=1').set(t.as('accountant'));
    const page2 = await t.http
      .get(`/api/commission-agreements?limit=1&cursor=${page1.body.nextCursor}`)
      .set(t.as('accountant'));
    expect([...page1.body.items, ...page2.body.items].map((a: { id: string }) => a.id)).toEqual([
      home.body.id,
      created.body.id,
    ]);
    expect(page2.body.nextCursor).toBeNull();
    for (const role of ['broker', 'manager', 'marketing', 'dpo'] as const) {
      const refused = await t.http.get('/api/commission-agreements').set(t.as(role));
      expect(`${role} ${refused.status}`).toBe(`${role} 403`);
    }
  });

  it('computes a contract’s commission at the agreement’s rate, split between brokers and per instalment paid', async () => {
    const res = await t.http
      .get(`/api/contracts/${contractOf['PR/3']}/commission`)
      .set(t.as('broker', 'contract_performance'));
    expect(res.status).toBe(200);
    // 1 000,00 zł at 15 %: 150,00 zł, of which 60 % and 40 %; a quarter earned by the first instalment.
    expect(res.body).toMatchObject({
      basis: 'agreement',
      year: 'first_year',
      rate: 0.15,
      premium: pln(100_000),
      commission: pln(15_000),
      earned: pln(3_750),
      settled: pln(0),
      splits: [
        { staffId: t.staff.broker.id, share: 0.6, commission: pln(9_000) },
        { staffId: secondBrokerId, share: 0.4, commission: pln(6_000) },
      ],
    });
    expect(res.body.instalments.map((i: { commission: { amount: number } }) => i.commission.amount)).toEqual([
      3_750, 3_750, 3_750, 3_750,
    ]);
    expect(res.body.instalments.map((i: { earned: { amount: number } }) => i.earned.amount)).toEqual([
      3_750, 0, 0, 0,
    ]);
    // The accountant reads it too; marketing and the manager's purpose are refused at the door.
    const books = await t.http.get(`/api/contracts/${contractOf['PR/3']}/commission`).set(accountant());
    expect([books.status, books.body.commission]).toEqual([200, pln(15_000)]);
    for (const [role, purpose] of [
      ['marketing', 'marketing'],
      ['manager', 'security_audit'],
      ['broker', 'client_contact'],
    ] as const) {
      const refused = await t.http
        .get(`/api/contracts/${contractOf['PR/3']}/commission`)
        .set(t.as(role, purpose));
      expect(`${role}/${purpose} ${refused.status}`).toBe(`${role}/${purpose} 403`);
    }
  });

  it('reconciles a statement exactly: one line matching, one differing by 12,34 zł, one unknown policy, one missing', async () => {
    const content = [
      'Nr polisy;Prowizja;Uwagi',
      'PR/1;150,00;',
      'pr/2;137,66;korekta',
      'XX/999;10.00;',
      '',
    ].join('\r\n');
    const body = {
      insurerId,
      format: 'csv',
      content,
      mapping: { policyNumber: 'Nr polisy', commission: 'Prowizja' },
    };
    // Refused for every role and purpose but the accountant's legal obligation, before anything is read.
    for (const [role, purpose, status] of [
      ['broker', 'contract_performance', 403],
      ['broker', 'claims', 403],
      ['manager', 'security_audit', 403],
      ['dpo', 'data_subject_rights', 403],
      ['marketing', 'marketing', 403],
      ['admin', 'legal_obligation', 403],
      ['accountant', undefined, 400],
    ] as const) {
      const refused = await t.http.post('/api/commission-statements').set(t.as(role, purpose)).send(body);
      expect(`${role}/${purpose} ${refused.status}`).toBe(`${role}/${purpose} ${status}`);
    }
    // A file with a bad amount imports nothing and names the row and column.
    const broken = await t.http
      .post('/api/commission-statements')
      .set(accountant())
      .send({ ...body, content: 'Nr polisy;Prowizja\r\nPR/1;150,001\r\n' });
    expect(broken.status).toBe(400);
    expect(broken.body).toMatchObject({
      code: 'STATEMENT_FILE_INVALID',
      rows: [{ row: 2, column: 'Prowizja', code: 'INVALID_AMOUNT' }],
    });
    expect(await statementCount()).toBe(0);

    const accepted = await t.http.post('/api/commission-statements').set(accountant()).send(body);
    expect(accepted.status).toBe(202);
    statementId = accepted.body.id;
    const res = await t.http.get(`/api/commission-statements/${statementId}`).set(accountant());
    expect(res.status).toBe(200);
    const lines = res.body.lines as Line[];
    expect(
      lines.map((l) => [
        l.policyNumber,
        l.status,
        l.expected?.amount ?? null,
        l.paid?.amount ?? null,
        l.difference.amount,
      ]),
    ).toEqual([
      ['PR/1', 'matched', 15_000, 15_000, 0],
      ['PR/2', 'differs', 15_000, 13_766, -1_234],
      ['XX/999', 'unknown_policy', null, 1_000, 1_000],
      // Only the first instalment is paid: a quarter of the commission is due.
      ['PR/3', 'missing', 3_750, null, -3_750],
    ]);
    expect(money(-lines[1].difference.amount)).toBe('12,34 zł');
    expect(lines.map((l) => l.contractId)).toEqual([
      contractOf['PR/1'],
      contractOf['PR/2'],
      null,
      contractOf['PR/3'],
    ]);
    expect(res.body).toMatchObject({
      counts: { matched: 1, differs: 1, unknown_policy: 1, missing: 1, settled: 0, lines: 4 },
      expected: pln(33_750),
      paid: pln(29_766),
      difference: pln(-3_984),
    });
    // The mapping is kept for the insurer's next statement.
    const mapping = await t.http
      .get(`/api/commission-statement-mappings/${insurerId}`)
      .set(t.as('accountant'));
    expect(mapping.body).toEqual({
      insurerId,
      policyNumber: 'Nr polisy',
      commission: 'Prowizja',
      kept: true,
    });
    // Recorded: who imported it, under which purpose, whose data, which fields; never a policy number.
    const [entry] = await auditEntriesOf(t, accepted.headers['x-request-id'] as string);
    expect(entry).toMatchObject({
      action: 'create',
      resource: 'commission_statement',
      purpose: 'legal_obligation',
      outcome: 'allowed',
    });
    expect([...entry.client_ids].length).toBe(3);
    expect(JSON.stringify(entry)).not.toContain('PR/');
    // Nobody else reads it.
    for (const [role, purpose] of [
      ['broker', 'contract_performance'],
      ['dpo', 'claims'],
      ['manager', 'security_audit'],
    ] as const) {
      for (const url of [
        `/api/commission-statements/${statementId}`,
        '/api/commission-statements',
        `/api/commission-statements/${statementId}/export?format=csv`,
      ]) {
        const refused = await t.http.get(url).set(t.as(role, purpose));
        expect(`${role}/${purpose} ${url} ${refused.status}`).toBe(`${role}/${purpose} ${url} 403`);
      }
    }
  });

  it('settles lines once, only as the accountant, and exports the reconciliation for the books', async () => {
    const lines = (await t.http.get(`/api/commission-statements/${statementId}`).set(accountant())).body
      .lines as Line[];
    const matched = lines.find((l) => l.status === 'matched')!;
    const url = `/api/commission-statements/${statementId}/lines/${matched.id}/settle`;
    for (const [role, purpose] of [
      ['broker', 'contract_performance'],
      ['dpo', 'data_subject_rights'],
      ['admin', 'legal_obligation'],
    ] as const) {
      const refused = await t.http.post(url).set(t.as(role, purpose));
      expect(`${role}/${purpose} ${refused.status}`).toBe(`${role}/${purpose} 403`);
    }
    const unsettled = await t.db.query(
      `SELECT count(*)::int AS n FROM commission_statement_line WHERE settled_at IS NOT NULL`,
    );
    expect(unsettled[0].n).toBe(0);
    const settled = await t.http.post(url).set(accountant());
    expect(settled.status).toBe(200);
    expect(settled.body).toMatchObject({ id: matched.id, status: 'matched', policyNumber: 'PR/1' });
    expect(settled.body.settledAt).toEqual(expect.any(String));
    const again = await t.http.post(url).set(accountant());
    expect([again.status, again.body.code]).toEqual([409, 'LINE_ALREADY_SETTLED']);
    const unknownLine = await t.http
      .post(`/api/commission-statements/${statementId}/lines/00000000-0000-4000-8000-000000000000/settle`)
      .set(accountant());
    expect(unknownLine.status).toBe(404);

    // The contract's card shows what the insurer paid; the next statement expects nothing more of PR/1.
    const card = await t.http.get(`/api/contracts/${contractOf['PR/1']}/commission`).set(accountant());
    expect(card.body.settled).toEqual(pln(15_000));
    const next = await t.http.post('/api/commission-statements').set(accountant()).send({
      insurerId,
      format: 'csv',
      content: 'Nr polisy;Prowizja\nPR/1;0,00\nPR/2;150,00\nPR/3;37,50\n',
    });
    expect(next.status).toBe(202);
    const nextLines = (await t.http.get(`/api/commission-statements/${next.body.id}`).set(accountant())).body
      .lines as Line[];
    expect(nextLines.map((l) => [l.policyNumber, l.status, l.expected?.amount])).toEqual([
      ['PR/1', 'matched', 0],
      ['PR/2', 'matched', 15_000],
      ['PR/3', 'matched', 3_750],
    ]);

    // The list: newest first, a page at a time, counts and totals without any policy number.
    const first = await t.http.get('/api/commission-statements?limit=1').set(accountant());
    const second = await t.http
      .get(`/api/commission-statements?limit=1&cursor=${first.body.nextCursor}`)
      .set(accountant());
    expect([first.body.items[0].id, second.body.items[0].id, second.body.nextCursor]).toEqual([
      next.body.id,
      statementId,
      null,
    ]);
    expect(second.body.items[0].counts).toMatchObject({ lines: 4, settled: 1 });
    expect(JSON.stringify(first.body)).not.toContain('PR/');

    const exported = await t.http
      .get(`/api/commission-statements/${statementId}/export?format=csv`)
      .set(accountant());
    expect(exported.status).toBe(200);
    expect(exported.headers['content-type']).toMatch(/^text\/csv/);
    const rows = exported.text
      .replace(/^\uFEFF/, '')
      .trim()
      .split('\r\n');
    expect(rows[0]).toBe(
      'Numer polisy;Status;Oczekiwana prowizja (zł);Wypłacona prowizja (zł);Różnica (zł);Rozliczono',
    );
    expect(rows.slice(1).map((r) => r.split(';').slice(0, 5).join(';'))).toEqual([
      'PR/1;zgodna;150,00;150,00;0,00',
      'PR/2;różnica;150,00;137,66;-12,34',
      'XX/999;nieznana polisa;;10,00;10,00',
      'PR/3;brak w zestawieniu;37,50;;-37,50',
    ]);
    expect(rows[1].split(';')[5]).toBe(settled.body.settledAt);
    const [entry] = await auditEntriesOf(t, exported.headers['x-request-id'] as string);
    expect(entry).toMatchObject({
      action: 'export',
      resource: 'commission_statement',
      purpose: 'legal_obligation',
      outcome: 'allowed',
    });
    expect(entry.fields).toEqual(expect.arrayContaining(['policyNumber', 'expected', 'paid', 'difference']));
    // A refused export is recorded as denied.
    const refused = await t.http
      .get(`/api/commission-statements/${statementId}/export?format=csv`)
      .set(t.as('broker', 'contract_performance'));
    const [denied] = await auditEntriesOf(t, refused.headers['x-request-id'] as string);
    expect(denied).toMatchObject({ outcome: 'denied', purpose: 'contract_performance' });
  });

  it('applies the renewal rate to a contract renewing one with the same insurer', async () => {
    const renewal = await t.http
      .post(`/api/contracts/${contractOf['PR/2']}/renewal`)
      .set(t.as('broker', 'offer_preparation'))
      .send({});
    expect(renewal.status).toBe(201);
    const quote = await t.http
      .post(`/api/offer-requests/${renewal.body.id}/quotes`)
      .set(t.as('broker', 'offer_preparation'))
      .send({
        insurerId,
        productName: 'Auto',
        premium: pln(123_457),
        sumInsured: pln(5_000_000),
        deductible: pln(0),
        coverages: [{ code: 'oc', limit: pln(500_000_000) }],
        validUntil: addDays(today, 10),
        commissionRate: 0.2,
      });
    expect(quote.status).toBe(201);
    const concluded = await t.http
      .post(`/api/offer-requests/${renewal.body.id}/conclude`)
      .set(t.as('broker', 'contract_performance'))
      .send({
        quoteId: quote.body.id,
        policyNumber: 'PR/2/2',
        startDate: addDays(today, 335),
        endDate: addDays(today, 700),
        recommendation: 'Odnowienie u tego samego ubezpieczyciela.',
      });
    expect(concluded.status).toBe(201);
    const res = await t.http
      .get(`/api/contracts/${concluded.body.id}/commission`)
      .set(t.as('broker', 'contract_performance'));
    // 1 234,57 zł at the renewal rate of 10 %: 123,457 zł, rounded half up to 123,46 zł.
    expect(res.body).toMatchObject({
      year: 'renewal',
      rate: 0.1,
      commission: pln(12_346),
      instalments: null,
    });
    expect(res.body.splits.map((s: { commission: { amount: number } }) => s.commission.amount)).toEqual([
      7_408, 4_938,
    ]);
  });
  it('erases a client’s policy number from statement lines and keeps the amounts for the books', async () => {
    const clientId = (
      await t.db.query(`SELECT client_id FROM commission_statement_line WHERE contract_id = $1 LIMIT 1`, [
        contractOf['PR/2'],
      ])
    )[0].client_id as string;
    const before = await t.db.query(
      `SELECT id, expected, paid, status FROM commission_statement_line WHERE client_id = $1 ORDER BY id`,
      [clientId],
    );
    expect(before.length).toBeGreaterThan(0);
    const lifecycle = t.app.get(PersonalDataLifecycle);
    await t.db.transaction(async (manager) => {
      for (const step of lifecycle.erasureSteps().filter((s) => s.name === 'commission_statement_line'))
        await step.erase([clientId], manager);
    });
    const after = await t.db.query(
      `SELECT id, expected, paid, status, policy_number FROM commission_statement_line WHERE client_id = $1 ORDER BY id`,
      [clientId],
    );
    expect(after.map(({ policy_number: _, ...rest }: Record<string, unknown>) => rest)).toEqual(before);
    expect(after.every((l: { policy_number: string }) => l.policy_number.startsWith('erased-'))).toBe(true);
    const others = await t.db.query(
      `SELECT count(*)::int AS n FROM commission_statement_line WHERE policy_number IN ('PR/1', 'PR/3', 'XX/999')`,
    );
    expect(others[0].n).toBeGreaterThan(0);
  });
});
