/**
 * Entries travel to PostgreSQL column by column, each column one parameter holding a PostgreSQL
 * array literal, so that any number of entries is one statement (unnest splits them again).
 */
import { quotedArrayElement, textArrayLiteral } from '@app/common/database/sql';

export { textArrayLiteral };

/** One value per column of an entry, in the order of the INSERT's columns. */
export type EntryRow = ReadonlyArray<string | null>;

/**
 * The columns of `rows` as array literals (text), each element quoted and escaped. pg builds the
 * same literal from a JS array, but quotes every element through two regular-expression
 * replacements; every recorded read and send comes here, and its values almost never need escaping.
 */
export function entryColumnLiterals(rows: readonly EntryRow[], columnCount: number): string[] {
  const columns: string[] = [];
  for (let c = 0; c < columnCount; c++) {
    let literal = '{';
    for (let r = 0; r < rows.length; r++) {
      if (r > 0) literal += ',';
      const value = rows[r][c];
      literal += value === null || value === undefined ? 'NULL' : quotedArrayElement(value);
    }
    columns.push(`${literal}}`);
  }
  return columns;
}
