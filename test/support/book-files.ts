import { Workbook } from 'exceljs';
import { makeNip } from '@app/common/validation/nip';
import { makePesel } from '@app/common/validation/pesel';

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
