import { INestApplicationContext } from '@nestjs/common';
import { makeNip } from '@app/common/validation/nip';
import { makePesel } from '@app/common/validation/pesel';
import { makeRegon } from '@app/common/validation/regon';
import { StaffService } from '../src/auth';
import { INSURER_NIP, csv, errorCodes, importBook, xlsx } from './support/book-files';
import { clearRedisPrefix, startWorker } from './support/messaging';
import { TEST_PASSWORD, TestApp, startTestApp } from './support/test-app';

/** Flips the last digit: the same number with a wrong check digit. */
const wrongCheckDigit = (valid: string) => valid.slice(0, -1) + String((Number(valid.slice(-1)) + 1) % 10);

const HEADER = [
  'kind',
  'companyName',
  'nip',
  'regon',
  'krs',
  'firstName',
  'lastName',
  'pesel',
  'email',
  'city',
  'street',
  'postalCode',
  'insurerNip',
  'policyNumber',
  'lineOfBusiness',
  'productName',
  'startDate',
  'endDate',
  'premium',
];
const NIP_A = makeNip(777_100_100);
const NIP_B = makeNip(777_100_200);
const REGON_A = makeRegon(52_000_001);
const REGON_B = makeRegon(52_000_002, 3);
const PESEL = makePesel('1979-09-19', 707);

/**
 * Row 2: company A with a policy; row 3: company A again with a second policy; row 4: company B
 * (a 14-digit REGON, no KRS) registered without a policy; row 5: a person with a policy.
 */
const CORRECT: string[][] = [
  [
    'company',
    'Alfa Handel Sp. z o.o.',
    NIP_A,
    REGON_A,
    '0000123456',
    '',
    '',
    '',
    'biuro@alfa.example',
    'Białystok',
    'ul. Handlowa 2',
    '15-002',
    INSURER_NIP,
    'IMPC/1',
    'property',
    'Mienie Firmy',
    '2026-01-01',
    '31.12.2026',
    '5 000,00',
  ],
  [
    'company',
    'Alfa Handel Sp. z o.o.',
    NIP_A,
    REGON_A,
    '0000123456',
    '',
    '',
    '',
    '',
    '',
    '',
    '',
    INSURER_NIP,
    'IMPC/2',
    'motor',
    'Flota OC',
    '01.02.2026',
    '2027-01-31',
    '12000',
  ],
  ['company', 'Beta Oddział', NIP_B, REGON_B, '', '', '', '', '', '', '', '', '', '', '', '', '', '', ''],
  [
    'person',
    '',
    '',
    '',
    '',
    'Ewa',
    'Osobna',
    PESEL,
    '',
    '',
    '',
    '',
    INSURER_NIP,
    'IMPC/3',
    'life',
    'Życie',
    '2026-01-01',
    '2026-12-31',
    '300',
  ],
];

/**
 * Book imports carry companies as they carry persons: a company row is checked (name, NIP and
 * REGON with their check digits, KRS), every error is reported by row and column with nothing
 * stored, a company is identified by its NIP so a second import of the same file stores nothing,
 * and a policy whose policyholder is a company is registered for that company.
 */
describe('book imports of companies', () => {
  let t: TestApp;
  let worker: INestApplicationContext;
  const broker = () => t.as('broker', 'contract_performance');
  const counts = async () => {
    const [row] = await t.db.query(
      `SELECT (SELECT count(*)::int FROM client) AS clients, (SELECT count(*)::int FROM client WHERE kind = 'company') AS companies,
              (SELECT count(*)::int FROM contract) AS contracts`,
    );
    return row as { clients: number; companies: number; contracts: number };
  };

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
    const rows = CORRECT.map((r) => [...r]);
    rows[0][2] = wrongCheckDigit(NIP_A); // NIP check digit
    rows[1][3] = wrongCheckDigit(REGON_A); // REGON check digit (row 3 also loses its NIP match)
    rows[1][4] = '12345'; // KRS of 5 digits
    rows[2][1] = ''; // no company name
    rows[2][7] = PESEL; // a PESEL on a company
    rows[3][2] = NIP_B; // a NIP on a person
    return rows;
  };
  const BROKEN_ERRORS = [
    '2:nip:INVALID_NIP',
    '3:krs:INVALID_KRS',
    '3:regon:INVALID_REGON',
    '4:companyName:MISSING_VALUE',
    '4:pesel:FIELD_NOT_OF_CLIENT_KIND',
    '5:nip:FIELD_NOT_OF_CLIENT_KIND',
  ];

  it('reports every error of company rows by row and column, in a dry run and a commit, and stores nothing', async () => {
    const before = await counts();
    const dry = await importBook(t, broker(), csv(HEADER, broken()), { dryRun: true });
    expect(dry.status).toBe('rejected');
    expect(errorCodes(dry)).toEqual(BROKEN_ERRORS);
    expect(JSON.stringify(dry.errors)).not.toContain(wrongCheckDigit(NIP_A));
    const committed = await importBook(t, broker(), csv(HEADER, broken()), { dryRun: false });
    expect(committed).toMatchObject({
      status: 'rejected',
      stored: 0,
      clientsCreated: 0,
      contractsCreated: 0,
    });
    expect(errorCodes(committed)).toEqual(BROKEN_ERRORS);
    // The same checks on an XLSX file.
    const workbook = await importBook(t, broker(), await xlsx(HEADER, broken()), {
      format: 'xlsx',
      dryRun: false,
    });
    expect(errorCodes(workbook)).toEqual(BROKEN_ERRORS);
    expect(await counts()).toEqual(before);

    // One NIP names one company throughout the file.
    const renamed = CORRECT.map((r) => [...r]);
    renamed[1][1] = 'Alfa Inna S.A.';
    const conflict = await importBook(t, broker(), csv(HEADER, renamed), { dryRun: true });
    expect(errorCodes(conflict)).toEqual(['3:nip:CONFLICTING_COMPANY']);
    expect(await counts()).toEqual(before);
  });

  it('stores the corrected file’s companies and their policies once; a second import changes nothing', async () => {
    const before = await counts();
    const dry = await importBook(t, broker(), csv(HEADER, CORRECT), { dryRun: true });
    expect(dry).toMatchObject({ status: 'done', rows: 4, stored: 0, errorCount: 0 });
    expect(await counts()).toEqual(before);

    const first = await importBook(t, broker(), csv(HEADER, CORRECT), { dryRun: false });
    expect(first).toMatchObject({
      status: 'done',
      rows: 4,
      stored: 4,
      clientsCreated: 3,
      contractsCreated: 3,
    });
    const after = await counts();
    expect(after).toEqual({
      clients: before.clients + 3,
      companies: before.companies + 2,
      contracts: before.contracts + 3,
    });
    const companies = await t.db.query(
      `SELECT company_name AS name, nip, regon, krs, email, first_name, pesel_cipher, address->>'city' AS city
         FROM client WHERE nip = ANY($1::text[]) ORDER BY nip`,
      [[NIP_A, NIP_B].sort()],
    );
    const byNip = Object.fromEntries(companies.map((c: { nip: string }) => [c.nip, c]));
    expect(byNip[NIP_A]).toEqual({
      name: 'Alfa Handel Sp. z o.o.',
      nip: NIP_A,
      regon: REGON_A,
      krs: '0000123456',
      email: 'biuro@alfa.example',
      first_name: null,
      pesel_cipher: null,
      city: 'Białystok',
    });
    expect(byNip[NIP_B]).toMatchObject({ name: 'Beta Oddział', regon: REGON_B, krs: null });
    // Both of company A's policies are the company's; it reads as a company under the purpose.
    const policies = await t.db.query(
      `SELECT c.policy_number, k.kind, k.id::text AS client_id, c.premium::int AS premium
         FROM contract c JOIN client k ON k.id = c.client_id WHERE c.policy_number LIKE 'IMPC/%' ORDER BY c.policy_number`,
    );
    expect(policies.map((p: { policy_number: string; kind: string }) => [p.policy_number, p.kind])).toEqual([
      ['IMPC/1', 'company'],
      ['IMPC/2', 'company'],
      ['IMPC/3', 'person'],
    ]);
    expect(policies[0].client_id).toBe(policies[1].client_id);
    expect(policies[0].premium).toBe(500_000);
    const read = await t.http.get(`/api/contracts/${await contractId('IMPC/1')}`).set(broker());
    expect(read.status).toBe(200);
    expect(read.body.clientId).toBe(policies[0].client_id);
    const company = await t.http.get(`/api/clients/${policies[0].client_id}`).set(broker());
    expect(company.body).toMatchObject({ kind: 'company', nip: NIP_A, krs: '0000123456' });
    // Each company's registration is in the record of operations with the fields the file gave.
    const [entry] = await t.db.query(
      `SELECT fields FROM audit_entry WHERE action = 'create' AND resource = 'client' AND resource_id = $1`,
      [policies[0].client_id],
    );
    expect([...entry.fields].sort()).toEqual(['address', 'companyName', 'email', 'krs', 'nip', 'regon']);

    const second = await importBook(t, broker(), csv(HEADER, CORRECT), { dryRun: false });
    expect(second).toMatchObject({
      status: 'done',
      rows: 4,
      stored: 0,
      clientsCreated: 0,
      contractsCreated: 0,
    });
    expect(await counts()).toEqual(after);
    // A new policy of a known company is linked to it, the company not registered again.
    const more = [[...CORRECT[0]]];
    more[0][13] = 'IMPC/4';
    const added = await importBook(t, broker(), csv(HEADER, more), { dryRun: false });
    expect(added).toMatchObject({ status: 'done', stored: 1, clientsCreated: 0, contractsCreated: 1 });
    expect(await contractClient('IMPC/4')).toBe(policies[0].client_id);
  });

  it('refuses a company another team’s portfolio holds, by its NIP', async () => {
    const team = await t.http.post('/api/teams').set(t.as('admin')).send({ name: 'Warszawa' });
    const staff = await t.app.get(StaffService).upsert({
      email: 'broker2@demo.local',
      fullName: 'Wanda Warszawska',
      role: 'broker',
      password: TEST_PASSWORD,
    });
    await t.http.post(`/api/teams/${team.body.id}/members`).set(t.as('admin')).send({ staffId: staff.id });
    const login = await t.http
      .post('/api/auth/login')
      .send({ email: 'broker2@demo.local', password: TEST_PASSWORD });
    const broker2 = {
      authorization: `Bearer ${login.body.accessToken}`,
      'x-purpose': 'contract_performance',
    };
    const nip = makeNip(777_100_900);
    const theirs = await t.http
      .post('/api/clients')
      .set(broker2)
      .send({ kind: 'company', companyName: 'Obca Firma', nip, regon: makeRegon(52_000_009) });
    expect(theirs.status).toBe(201);

    const row = [...CORRECT[0]];
    row[2] = nip;
    row[13] = 'IMPC/OTHER';
    const before = await counts();
    const body = await importBook(t, broker(), csv(HEADER, [row]), { dryRun: false });
    expect(errorCodes(body)).toEqual(['2:nip:CLIENT_OUTSIDE_PORTFOLIO']);
    expect(await counts()).toEqual(before);
    // Their own import links the row to their company.
    const own = await importBook(t, broker2, csv(HEADER, [row]), { dryRun: false });
    expect(own).toMatchObject({ status: 'done', clientsCreated: 0, contractsCreated: 1 });
    expect(await contractClient('IMPC/OTHER')).toBe(theirs.body.id);
  });

  async function contractId(policyNumber: string): Promise<string> {
    const [row] = await t.db.query(`SELECT id::text FROM contract WHERE policy_number = $1`, [policyNumber]);
    return row.id;
  }
  async function contractClient(policyNumber: string): Promise<string> {
    const [row] = await t.db.query(`SELECT client_id::text FROM contract WHERE policy_number = $1`, [
      policyNumber,
    ]);
    return row.client_id;
  }
});
