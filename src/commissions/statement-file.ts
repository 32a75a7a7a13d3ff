import { parse } from 'csv-parse/sync';
import { isPlainText } from '@app/common/validation/plain-text';
import { parseZlote } from './commission-math';

/** Which columns of an insurer's file hold the policy number and the commission. */
export interface StatementMapping {
  policyNumber: string;
  commission: string;
}

export const DEFAULT_MAPPING: StatementMapping = { policyNumber: 'policyNumber', commission: 'commission' };

/** A statement's payment for one policy: the rows naming the same policy are added up. */
export interface StatementPayment {
  policyNumber: string;
  /** The policy number as matched: spaces dropped, upper case. */
  key: string;
  paid: number;
  /** The first row of the file that names the policy, as a spreadsheet numbers it (the header is 1). */
  rowNumber: number;
}

export interface StatementFileError {
  row: number;
  column: string | null;
  code: string;
  message: string;
}

/** Lines one statement may hold. */
export const MAX_STATEMENT_ROWS = 20_000;

/** The key a policy number is matched by: insurers write the same number with and without spaces, in any case. */
export const policyMatchKey = (policyNumber: string) => policyNumber.replace(/\s+/g, '').toUpperCase();

/**
 * Reads a statement (UTF-8 CSV with a header row, `;` or `,` separated) into one payment per
 * policy, or answers every error found, with its row and column: a file with an error is not
 * imported at all.
 */
export function readStatement(
  content: string,
  mapping: StatementMapping,
): { payments: StatementPayment[] } | { errors: StatementFileError[] } {
  const text = content.replace(/^\uFEFF/, '');
  const firstLine = text.slice(0, text.search(/\r?\n|$/));
  const count = (c: string) => firstLine.split(c).length - 1;
  const delimiter = count(';') >= count(',') ? ';' : ',';
  let records: string[][];
  try {
    records = parse(text, {
      delimiter,
      relax_column_count: true,
      skip_empty_lines: true,
      to: MAX_STATEMENT_ROWS + 2,
    });
  } catch (error) {
    const line = (error as { lines?: number }).lines ?? 1;
    return {
      errors: [{ row: line, column: null, code: 'INVALID_CSV', message: 'Nieprawidłowy format CSV' }],
    };
  }
  const [header = [], ...rows] = records;
  const names = header.map((h) => h.trim());
  const missing = [mapping.policyNumber, mapping.commission].filter((c) => !names.includes(c));
  if (missing.length > 0)
    return {
      errors: missing.map((column) => ({
        row: 1,
        column,
        code: 'COLUMN_MISSING',
        message: `Brak kolumny „${column}” w wierszu nagłówka`,
      })),
    };
  if (rows.length > MAX_STATEMENT_ROWS)
    return {
      errors: [
        {
          row: 1,
          column: null,
          code: 'TOO_MANY_ROWS',
          message: `Zestawienie ma więcej niż ${MAX_STATEMENT_ROWS} wierszy`,
        },
      ],
    };
  const policyAt = names.indexOf(mapping.policyNumber);
  const commissionAt = names.indexOf(mapping.commission);
  const errors: StatementFileError[] = [];
  const byKey = new Map<string, StatementPayment>();
  rows.forEach((cells, i) => {
    const row = i + 2;
    const policyNumber = (cells[policyAt] ?? '').trim();
    const amountText = (cells[commissionAt] ?? '').trim();
    if (cells.every((c) => c.trim() === '')) return;
    if (!policyNumber || policyNumber.length > 60 || !isPlainText(policyNumber))
      errors.push({
        row,
        column: mapping.policyNumber,
        code: 'INVALID_POLICY_NUMBER',
        message: 'Numer polisy jest pusty, za długi lub zawiera niedozwolone znaki',
      });
    const paid = parseZlote(amountText);
    if (paid === null)
      errors.push({
        row,
        column: mapping.commission,
        code: 'INVALID_AMOUNT',
        message: 'Kwota prowizji musi być liczbą złotych z co najwyżej dwoma miejscami po przecinku',
      });
    if (errors.length > 0 || paid === null) return;
    const key = policyMatchKey(policyNumber);
    const known = byKey.get(key);
    if (known) known.paid += paid;
    else byKey.set(key, { policyNumber, key, paid, rowNumber: row });
  });
  if (errors.length > 0) return { errors: errors.slice(0, 100) };
  if (byKey.size === 0)
    return {
      errors: [
        { row: 1, column: null, code: 'EMPTY_STATEMENT', message: 'Zestawienie nie ma wierszy z danymi' },
      ],
    };
  return { payments: [...byKey.values()] };
}
