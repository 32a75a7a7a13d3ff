/**
 * The columns of a book-of-business file, in the template's order. A file may order them as it
 * likes and leave out those it does not use; a column not named here is an error.
 */
export const BOOK_COLUMNS = [
  'kind',
  'firstName',
  'lastName',
  'pesel',
  'companyName',
  'nip',
  'regon',
  'krs',
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
] as const;
export type BookColumn = (typeof BOOK_COLUMNS)[number];

export const IMPORT_FORMATS = ['csv', 'xlsx'] as const;
export type ImportFormat = (typeof IMPORT_FORMATS)[number];

/** One error of a file: the row a spreadsheet shows (the header is row 1) and the column, if any. */
export interface ImportError {
  row: number;
  column: string | null;
  code: string;
  message: string;
}

/** The empty CSV template: the header row only, `;`-separated as Polish spreadsheets save it. */
export function csvTemplate(): string {
  return `${BOOK_COLUMNS.join(';')}\r\n`;
}
