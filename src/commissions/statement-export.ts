import { zloteForFile } from './commission-math';
import { LineStatus } from './reconciliation';

/** How the accountant's file names each status (Polish first: the file goes to a Polish office). */
const STATUS_PL: Record<LineStatus, string> = {
  matched: 'zgodna',
  differs: 'różnica',
  unknown_policy: 'nieznana polisa',
  missing: 'brak w zestawieniu',
};

/**
 * A cell of a `;`-separated file as Polish spreadsheets open it: quoted when it holds the
 * separator, a quote or a line break; a text that a spreadsheet would run as a formula gets an
 * apostrophe first.
 */
function cell(value: string, isText: boolean): string {
  const text = isText && /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[";\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export interface ExportedLine {
  policyNumber: string;
  status: LineStatus;
  expected: number | null;
  paid: number | null;
  difference: number;
  settledAt: string | null;
}

/** The reconciled statement for the accountant: one row per line, amounts in złote ("1234,56"). */
export function statementCsv(lines: readonly ExportedLine[]): string {
  const rows = [
    [
      'Numer polisy',
      'Status',
      'Oczekiwana prowizja (zł)',
      'Wypłacona prowizja (zł)',
      'Różnica (zł)',
      'Rozliczono',
    ],
    ...lines.map((l) => [
      l.policyNumber,
      STATUS_PL[l.status],
      l.expected === null ? '' : zloteForFile(l.expected),
      l.paid === null ? '' : zloteForFile(l.paid),
      zloteForFile(l.difference),
      l.settledAt ?? '',
    ]),
  ];
  // A byte-order mark, so that a spreadsheet reads the file as UTF-8 (Polish letters).
  // Amounts may start with a minus; only the policy number is text a spreadsheet could run.
  return `\uFEFF${rows.map((r, i) => r.map((v, c) => cell(v, i > 0 && c === 0)).join(';')).join('\r\n')}\r\n`;
}
