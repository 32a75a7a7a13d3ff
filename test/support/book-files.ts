import { Workbook } from 'exceljs';
import { makeNip } from '@app/common/validation/nip';
import { makePesel } from '@app/common/validation/pesel';
import { waitFor } from './messaging';
import { TestApp } from './test-app';

/** Book-of-business files for the import tests: the insurer, the people, a correct book, CSV and XLSX. */
export const INSURER_NIP = makeNip(533_100_200);
export const UNKNOWN_NIP = makeNip(533_100_900);
export const PESEL_A = makePesel('1980-04-12', 101);
export const PESEL_B = makePesel('1975-11-02', 202);
export const PESEL_C = makePesel('2001-02-03', 303);
export const PESEL_D = makePesel('2003-01-09', 404);

export const HEADER = [
  'kind',
  'firstName',
  'lastName',
  'pesel',
  'email',
  'phone',
  'street',
  'postalCode',
  'city',
  'insurerNip',
  'policyNumber',
  'lineOfBusiness',
  'productName',
  'startDate',
  'endDate',
  'premium',
];

/** Four data rows: A with two policies (rows 2 and 3), B with one, C without a policy (a client only). */
export const CORRECT: string[][] = [
  [
    'person',
    'Anna',
    'Łęcka',
    PESEL_A,
    'anna@example.pl',
    '600 100 200',
    'ul. Długa 1',
    '15-001',
    'Białystok',
    INSURER_NIP,
    'IMP/1',
    'motor',
    'OC Auto',
    '2026-01-01',
    '31.12.2026',
    '1234,56',
  ],
  [
    'person',
    'Anna',
    'Łęcka',
    PESEL_A,
    '',
    '',
    '',
    '',
    '',
    INSURER_NIP,
    'IMP/2',
    'home',
    'Dom Plus',
    '01.02.2026',
    '2027-01-31',
    '850.5',
  ],
  [
    'person',
    'Bożena',
    'Źrebiec',
    PESEL_B,
    '',
    '',
    '',
    '',
    '',
    INSURER_NIP,
    'IMP/3',
    'travel',
    'Podróż',
    '2026-03-01',
    '2026-03-15',
    '99',
  ],
  ['', 'Cezary', 'Żak', PESEL_C, 'cezary@example.pl', '', '', '', '', '', '', '', '', '', '', ''],
];

export const csv = (header: string[], rows: string[][], separator = ';', bom = true) =>
  Buffer.from(
    `${bom ? '\uFEFF' : ''}${[header, ...rows]
      .map((cells) => cells.map((c) => (c.includes(separator) ? `"${c}"` : c)).join(separator))
      .join('\r\n')}\r\n`,
    'utf8',
  );

export async function xlsx(header: string[], rows: Array<Array<string | number | Date>>): Promise<Buffer> {
  const workbook = new Workbook();
  const sheet = workbook.addWorksheet('Portfel');
  sheet.addRow(header);
  for (const row of rows) sheet.addRow(row);
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

/** A finished import as `GET /api/imports/:id` answers it. */
export interface ImportBody {
  status: string;
  rows: number;
  processed: number;
  stored: number;
  clientsCreated: number;
  contractsCreated: number;
  errorCount: number;
  errors: Array<{ row: number; column: string | null; code: string; message: string }>;
}

/** Each error as `row:column:code`, the order the job reports them in. */
export const errorCodes = (body: ImportBody) => body.errors.map((e) => `${e.row}:${e.column}:${e.code}`);

/** Submits a file under the given headers and waits for the worker to finish its job. */
export async function importBook(
  t: TestApp,
  headers: Record<string, string>,
  content: Buffer,
  { format = 'csv', dryRun }: { format?: 'csv' | 'xlsx'; dryRun: boolean },
): Promise<ImportBody> {
  const accepted = await t.http
    .post('/api/imports')
    .set(headers)
    .send({ kind: 'book', format, content: content.toString('base64'), dryRun });
  if (accepted.status !== 202)
    throw new Error(`import refused: ${accepted.status} ${JSON.stringify(accepted.body)}`);
  const id = accepted.body.id as string;
  return waitFor(`import ${id}`, async () => {
    const res = await t.http.get(`/api/imports/${id}`).set(headers);
    if (res.status !== 200) throw new Error(`import ${id} read: ${res.status}`);
    return ['done', 'rejected', 'failed'].includes(res.body.status) ? (res.body as ImportBody) : null;
  });
}
