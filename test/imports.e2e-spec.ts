import { INestApplicationContext } from '@nestjs/common';
import { makePesel } from '@app/common/validation/pesel';
import { BOOK_COLUMNS } from '../src/imports';
import { CORRECT, HEADER, INSURER_NIP, PESEL_A, PESEL_D, UNKNOWN_NIP, csv, xlsx } from './support/book-files';
import { clearRedisPrefix, startWorker, waitFor } from './support/messaging';
import { brokerOfAnotherTeam } from './support/other-team';
import { TestApp, startTestApp } from './support/test-app';

type Headers = Record<string, string>;
interface ImportBody {
  status: string;
  rows: number;
  processed: number;
  stored: number;
  clientsCreated: number;
  contractsCreated: number;
  errorCount: number;
  errors: Array<{ row: number; column: string | null; code: string; message: string }>;
}

/**
 * Imports of a book of business over HTTP, on PostgreSQL, with the worker running the jobs: a dry
 * run reports every error by row and column and stores nothing, a file with errors is never stored
 * even in part, the same file imported twice stores once, XLSX reads as CSV does, and only the
 * purpose the registry allows may import.
 */
describe('book imports', () => {
  let t: TestApp;
  let worker: INestApplicationContext;
  const broker = (): Headers => t.as('broker', 'contract_performance');

  async function runImport(
    content: Buffer,
    { format = 'csv', dryRun }: { format?: 'csv' | 'xlsx'; dryRun: boolean },
  ): Promise<ImportBody> {
    const accepted = await t.http
      .post('/api/imports')
      .set(broker())
      .send({ kind: 'book', format, content: content.toString('base64'), dryRun });
    expect(accepted.status).toBe(202);
    const id = accepted.body.id as string;
    return waitFor(`import ${id}`, async () => {
      const res = await t.http.get(`/api/imports/${id}`).set(broker());
      expect(res.status).toBe(200);
      return ['done', 'rejected', 'failed'].includes(res.body.status) ? (res.body as ImportBody) : null;
    });
  }

  const counts = async () => {
    const [row] = await t.db.query(
      `SELECT (SELECT count(*)::int FROM client) AS clients, (SELECT count(*)::int FROM contract) AS contracts`,
    );
    return row as { clients: number; contracts: number };
  };
  const codes = (body: ImportBody) => body.errors.map((e) => `${e.row}:${e.column}:${e.code}`);

  beforeAll(async () => {
    t = await startTestApp();
    const insurer = await t.http
      .post('/api/insurers')
      .set(t.as('admin'))
      .send({ name: 'Import TU', nip: INSURER_NIP, dsrContactEmail: 'iod@import.example' });
    expect(insurer.status).toBe(201);
    worker = await startWorker(t.config);
  });
  afterAll(async () => {
    await worker?.close();
    await t?.close();
    if (t) await clearRedisPrefix(t.config);
  });

  const broken = () => {
    const rows = CORRECT.map((r) => [...r, '']);
    rows[0][3] = PESEL_A.slice(0, 10) + String((Number(PESEL_A[10]) + 1) % 10); // wrong check digit
    rows[1][13] = '30.02.2026'; // no such day
    rows[2][9] = UNKNOWN_NIP; // a valid NIP of no insurer in the system
    return { header: [...HEADER, 'fax'], rows };
  };
  const BROKEN_ERRORS = [
    '1:fax:UNKNOWN_COLUMN',
    '2:pesel:INVALID_PESEL',
    '3:startDate:INVALID_DATE',
    '4:insurerNip:UNKNOWN_INSURER',
  ];

  it('reports every error of a dry run with its row and column, and stores nothing', async () => {
    const before = await counts();
    const { header, rows } = broken();
    const body = await runImport(csv(header, rows), { dryRun: true });
    expect(body.status).toBe('rejected');
    expect(codes(body)).toEqual(BROKEN_ERRORS);
    expect(body.rows).toBe(4);
    expect(body.stored).toBe(0);
    // The messages say what is wrong without repeating the value.
    expect(JSON.stringify(body.errors)).not.toContain(rows[0][3]);
    expect(await counts()).toEqual(before);
  });

  it('stores nothing of a file with errors when it is committed', async () => {
    const before = await counts();
    const { header, rows } = broken();
    const body = await runImport(csv(header, rows), { dryRun: false });
    expect(body.status).toBe('rejected');
    expect(codes(body)).toEqual(BROKEN_ERRORS);
    expect(body.stored).toBe(0);
    expect(await counts()).toEqual(before);
  });

  it('stores the corrected file once: a second import of it changes nothing', async () => {
    const before = await counts();
    const dry = await runImport(csv(HEADER, CORRECT), { dryRun: true });
    expect(dry).toMatchObject({ status: 'done', rows: 4, stored: 0, errorCount: 0 });
    expect(await counts()).toEqual(before);

    const first = await runImport(csv(HEADER, CORRECT), { dryRun: false });
    expect(first).toMatchObject({
      status: 'done',
      rows: 4,
      processed: 4,
      stored: 4,
      clientsCreated: 3,
      contractsCreated: 3,
    });
    const after = await counts();
    expect(after).toEqual({ clients: before.clients + 3, contracts: before.contracts + 3 });
    const policies = await t.db.query(
      `SELECT policy_number, premium::int, to_char(start_date, 'YYYY-MM-DD') AS start, to_char(end_date, 'YYYY-MM-DD') AS "end", source
         FROM contract WHERE policy_number LIKE 'IMP/%' ORDER BY policy_number`,
    );
    expect(policies).toEqual([
      {
        policy_number: 'IMP/1',
        premium: 123_456,
        start: '2026-01-01',
        end: '2026-12-31',
        source: 'transferred',
      },
      {
        policy_number: 'IMP/2',
        premium: 85_050,
        start: '2026-02-01',
        end: '2027-01-31',
        source: 'transferred',
      },
      {
        policy_number: 'IMP/3',
        premium: 9_900,
        start: '2026-03-01',
        end: '2026-03-15',
        source: 'transferred',
      },
    ]);
    // Anna's two policies belong to one client; the client-only row made a client without a policy.
    const [anna] = await t.db.query(
      `SELECT count(DISTINCT client_id)::int AS n FROM contract WHERE policy_number IN ('IMP/1', 'IMP/2')`,
    );
    expect(anna.n).toBe(1);
    // The file's own data only: no consent comes from a file that carries no evidence of one.
    const [consents] = await t.db.query(
      `SELECT count(*)::int AS n FROM consent k JOIN contract c ON c.client_id = k.client_id WHERE c.policy_number LIKE 'IMP/%'`,
    );
    expect(consents.n).toBe(0);

    const second = await runImport(csv(HEADER, CORRECT), { dryRun: false });
    expect(second).toMatchObject({
      status: 'done',
      rows: 4,
      stored: 0,
      clientsCreated: 0,
      contractsCreated: 0,
    });
    expect(await counts()).toEqual(after);

    // The same rows comma-separated, without a BOM, with the premium quoted: the same book.
    const comma = await runImport(csv(HEADER, CORRECT, ',', false), { dryRun: false });
    expect(comma).toMatchObject({ status: 'done', stored: 0 });
    expect(await counts()).toEqual(after);

    // No copy of any file outlives its job.
    const [left] = await t.db.query(`SELECT count(*)::int AS n FROM book_import WHERE content IS NOT NULL`);
    expect(left.n).toBe(0);
  });

  it('reads an XLSX file with the same rows as the CSV file', async () => {
    const { header, rows } = broken();
    const dry = await runImport(await xlsx(header, rows), { format: 'xlsx', dryRun: true });
    expect(codes(dry)).toEqual(BROKEN_ERRORS);

    const before = await counts();
    const again = await runImport(await xlsx(HEADER, CORRECT), { format: 'xlsx', dryRun: false });
    expect(again).toMatchObject({ status: 'done', rows: 4, stored: 0 });
    expect(await counts()).toEqual(before);

    // Typed cells: a PESEL typed as a number (its leading zero lost), a date cell, a number premium.
    const typed = await runImport(
      await xlsx(HEADER, [
        [
          'person',
          'Dorota',
          'Ćwik',
          Number(PESEL_D),
          '',
          '',
          '',
          '',
          '',
          INSURER_NIP,
          'IMP/4',
          'life',
          'Życie',
          new Date(Date.UTC(2026, 4, 1)),
          '30.04.2027',
          1500.5,
        ],
      ]),
      { format: 'xlsx', dryRun: false },
    );
    expect(typed).toMatchObject({ status: 'done', stored: 1, clientsCreated: 1, contractsCreated: 1 });
    const [policy] = await t.db.query(
      `SELECT premium::int, to_char(start_date, 'YYYY-MM-DD') AS start FROM contract WHERE policy_number = 'IMP/4'`,
    );
    expect(policy).toEqual({ premium: 150_050, start: '2026-05-01' });
  });

  it('refuses a policy the register holds for another client', async () => {
    const rows = [[...CORRECT[2]]];
    rows[0][3] = makePesel('1990-06-06', 505);
    rows[0][1] = 'Inna';
    const body = await runImport(csv(HEADER, rows), { dryRun: true });
    expect(codes(body)).toEqual(['2:policyNumber:POLICY_OF_ANOTHER_CLIENT']);
  });

  it('links rows only to clients of the broker’s own teams, and shows an import only to its author', async () => {
    // Another team's broker, with a client of their own.
    const broker2 = (await brokerOfAnotherTeam(t)).as('contract_performance');
    const pesel = makePesel('1968-08-08', 606);
    const theirs = await t.http
      .post('/api/clients')
      .set(broker2)
      .send({ firstName: 'Wiesław', lastName: 'Obcy', pesel });
    expect(theirs.status).toBe(201);

    const rows = [[...CORRECT[2]]];
    rows[0][3] = pesel;
    rows[0][10] = 'IMP/OTHER';
    const before = await counts();
    const body = await runImport(csv(HEADER, rows), { dryRun: false });
    expect(codes(body)).toEqual(['2:pesel:CLIENT_OUTSIDE_PORTFOLIO']);
    expect(await counts()).toEqual(before);
    const [{ n }] = await t.db.query(`SELECT count(*)::int AS n FROM contract WHERE client_id = $1`, [
      theirs.body.id,
    ]);
    expect(n).toBe(0);

    // The other broker does not see this broker's import; its author does.
    const [last] = await t.db.query(`SELECT id::text FROM book_import ORDER BY created_at DESC LIMIT 1`);
    expect((await t.http.get(`/api/imports/${last.id}`).set(broker2)).status).toBe(404);
    expect((await t.http.get(`/api/imports/${last.id}`).set(broker())).status).toBe(200);
  });

  it('serves the empty template with the header row', async () => {
    const res = await t.http.get('/api/imports/template?format=csv').set(t.as('broker'));
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toMatch(/^text\/csv/);
    expect(res.text.trim()).toBe(BOOK_COLUMNS.join(';'));
    expect((await t.http.get('/api/imports/template?format=pdf').set(t.as('broker'))).status).toBe(400);
  });

  it('lets only the purpose the registry allows import, and read an import back', async () => {
    const content = csv(HEADER, CORRECT).toString('base64');
    const body = { kind: 'book', format: 'csv', content, dryRun: true };
    for (const headers of [
      t.as('broker', 'offer_preparation'),
      t.as('marketing', 'marketing'),
      t.as('admin', 'security_audit'),
    ]) {
      expect((await t.http.post('/api/imports').set(headers).send(body)).status).toBe(403);
    }
    const accepted = await t.http.post('/api/imports').set(broker()).send(body);
    expect(accepted.status).toBe(202);
    expect(
      (await t.http.get(`/api/imports/${accepted.body.id}`).set(t.as('broker', 'offer_preparation'))).status,
    ).toBe(403);
    expect((await t.http.get(`/api/imports/${accepted.body.id}`).set(broker())).status).toBe(200);
  });

  it('refuses content that is not base64 or not a file of the format', async () => {
    const notBase64 = await t.http
      .post('/api/imports')
      .set(broker())
      .send({ kind: 'book', format: 'csv', content: '%%%', dryRun: true });
    expect(notBase64.status).toBe(400);
    const body = await runImport(Buffer.from('not a workbook'), { format: 'xlsx', dryRun: true });
    expect(codes(body)).toEqual(['1:null:INVALID_XLSX']);
    const cp1250 = await runImport(
      Buffer.from([0x6b, 0x69, 0x6e, 0x64, 0x0d, 0x0a, 0xb3, 0xf3, 0x64, 0x9f]),
      { dryRun: true },
    );
    expect(codes(cp1250)).toEqual(['1:null:INVALID_ENCODING']);
    // A body past the API's usual 1 MB is taken on this route; a cell that long is an error of its row.
    const huge = await runImport(
      Buffer.from(`kind;firstName;lastName;pesel\r\nperson;${'a'.repeat(1_200_000)};Nowak;${PESEL_A}\r\n`),
      {
        dryRun: true,
      },
    );
    expect(codes(huge)).toEqual(['2:firstName:TOO_LONG']);
  });
});
