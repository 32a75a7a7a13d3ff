import { parse } from 'csv-parse/sync';
import { Workbook } from 'exceljs';
import { ImportError, ImportFormat } from './book-columns';

/** The header and the data rows of a file, each cell as text; `row` is the row a spreadsheet shows. */
export interface RawBookFile {
  header: string[];
  rows: Array<{ row: number; cells: string[] }>;
}

/** Rows one file may hold: a book larger than this is split by the office, not held in memory at once. */
export const MAX_ROWS = 50_000;

const fileError = (code: string, message: string, row = 1): ImportError[] => [
  { row, column: null, code, message },
];

/** Reads the file into text cells, or answers the errors that make it unreadable as a whole. */
export async function readBookFile(
  format: ImportFormat,
  content: Buffer,
): Promise<RawBookFile | ImportError[]> {
  const read = format === 'csv' ? readCsv(content) : await readXlsx(content);
  if (Array.isArray(read)) return read;
  if (read.header.every((h) => h === '')) return fileError('EMPTY_FILE', 'Plik nie ma wiersza nagłówka');
  if (read.rows.length > MAX_ROWS)
    return fileError('TOO_MANY_ROWS', `Plik ma więcej niż ${MAX_ROWS} wierszy danych; podziel go na części`);
  return read;
}

function readCsv(content: Buffer): RawBookFile | ImportError[] {
  let text: string;
  try {
    // UTF-8 only; a byte-order mark is dropped. Another encoding (Windows-1250) is refused, not guessed.
    text = new TextDecoder('utf-8', { fatal: true }).decode(content);
  } catch {
    return fileError('INVALID_ENCODING', 'Plik nie jest zapisany w UTF-8');
  }
  const firstLine = text.slice(0, text.search(/\r?\n|$/));
  // The header names the separator: its names contain neither, so the more frequent one separates them.
  const delimiter = count(firstLine, ';') >= count(firstLine, ',') ? ';' : ',';
  let records: string[][];
  try {
    // Parsing stops one record past the limit: a file that long is refused whole anyway.
    records = parse(text, { delimiter, relax_column_count: true, skip_empty_lines: false, to: MAX_ROWS + 2 });
  } catch (error) {
    const line = (error as { lines?: number }).lines;
    return fileError('INVALID_CSV', 'Nieprawidłowy format CSV (np. niezamknięty cudzysłów)', line ?? 1);
  }
  const [header = [], ...data] = records;
  return {
    header: header.map((h) => h.trim()),
    rows: data.map((cells, i) => ({ row: i + 2, cells })),
  };
}

async function readXlsx(content: Buffer): Promise<RawBookFile | ImportError[]> {
  const workbook = new Workbook();
  try {
    await workbook.xlsx.load(content as unknown as ArrayBuffer);
  } catch {
    return fileError('INVALID_XLSX', 'Plik nie jest skoroszytem XLSX');
  }
  const sheet = workbook.worksheets[0];
  if (!sheet) return fileError('EMPTY_FILE', 'Skoroszyt nie ma arkusza');
  const width = sheet.columnCount;
  const cellsOf = (index: number): string[] => {
    const row = sheet.getRow(index);
    return Array.from({ length: width }, (_, c) => cellText(row.getCell(c + 1).value));
  };
  const header = cellsOf(1).map((h) => h.trim());
  while (header.length > 0 && header[header.length - 1] === '') header.pop();
  const digits = DIGIT_COLUMNS.map((name) => [header.indexOf(name), DIGIT_LENGTHS[name]] as const);
  const rows: RawBookFile['rows'] = [];
  for (let r = 2; r <= sheet.rowCount; r++) {
    const cells = cellsOf(r);
    for (const [index, length] of digits) {
      // A number typed into a cell loses its leading zeros (PESEL of people born after 1999).
      if (index >= 0 && typeof sheet.getRow(r).getCell(index + 1).value === 'number')
        cells[index] = cells[index].padStart(length, '0');
    }
    rows.push({ row: r, cells });
  }
  return { header, rows };
}

const DIGIT_LENGTHS: Record<string, number> = { pesel: 11, nip: 10, insurerNip: 10, regon: 9 };
const DIGIT_COLUMNS = Object.keys(DIGIT_LENGTHS);

/** A cell's value as text: dates as YYYY-MM-DD, formulas by their result, rich text joined. */
function cellText(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (value instanceof Date) return value.toISOString().slice(0, 10);
  if (typeof value === 'object') {
    const v = value as { richText?: Array<{ text: string }>; result?: unknown; text?: unknown };
    if (v.richText) return v.richText.map((t) => t.text).join('');
    if ('result' in v) return cellText(v.result);
    if (v.text !== undefined) return cellText(v.text);
  }
  return '';
}

function count(text: string, char: string): number {
  return text.split(char).length - 1;
}
