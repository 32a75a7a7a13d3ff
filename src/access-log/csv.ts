/**
 * CSV as RFC 4180 describes it: comma-separated, CRLF line ends, a field is quoted when it holds a
 * comma, a double quote, CR or LF, and quotes inside are doubled. A text cell that a spreadsheet
 * would run as a formula (starting with =, +, -, @, tab or CR) is prefixed with an apostrophe.
 */
export function csvField(value: string | number | boolean | null | undefined): string {
  if (value === null || value === undefined) return '';
  let text = String(value);
  if (typeof value === 'string' && /^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export function csvRow(values: ReadonlyArray<string | number | boolean | null | undefined>): string {
  return `${values.map(csvField).join(',')}\r\n`;
}
