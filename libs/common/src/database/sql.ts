/**
 * Turns `:name` parameters (as produced by the privacy SQL translation) into positional `$n`
 * parameters for raw queries; `::type` casts are left alone.
 */
export function toPositional(
  sql: string,
  named: Record<string, unknown>,
  existing: unknown[] = [],
): { sql: string; params: unknown[] } {
  const params = [...existing];
  const index = new Map<string, number>();
  const text = sql.replace(/(?<![:\w]):([A-Za-z_]\w*)/g, (match, name: string) => {
    if (!(name in named)) return match;
    let position = index.get(name);
    if (position === undefined) {
      params.push(named[name]);
      position = params.length;
      index.set(name, position);
    }
    return `$${position}`;
  });
  return { sql: text, params };
}

/**
 * A PostgreSQL array literal of text elements, each quoted and escaped, as pg builds it from a JS
 * array (for a text[] or uuid[] parameter). pg quotes every element through two regular-expression
 * replacements; statements on every request's or mail's path pass their arrays this way instead.
 */
export function textArrayLiteral(values: readonly string[]): string {
  let literal = '{';
  for (let i = 0; i < values.length; i++) {
    if (i > 0) literal += ',';
    literal += quotedArrayElement(String(values[i]));
  }
  return `${literal}}`;
}

/** One element of an array literal, quoted; backslashes and quotes escaped only when there are any. */
export function quotedArrayElement(value: string): string {
  if (value.includes('\\') || value.includes('"'))
    return `"${value.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;
  return `"${value}"`;
}

/** Escapes LIKE wildcards in user input. */
export function escapeLike(value: string): string {
  return value.replace(/[\\%_]/g, (c) => `\\${c}`);
}

/** What a retention purge removed (or, on a dry run, would remove): how many rows and whose. */
export interface PurgedRows {
  count: number;
  clientIds: string[];
}

/**
 * A retention purge's one statement: the rows of `table` that `from` (the table under `alias`,
 * with any joins) and `where` select are deleted, or on a dry run only listed; answers how many
 * and the client of each (the table's `client_id`).
 */
export async function purgeRows(
  manager: { query(sql: string, params: unknown[]): Promise<unknown> },
  statement: { table: string; alias: string; from: string; where: string; params: unknown[] },
  dryRun: boolean,
): Promise<PurgedRows> {
  const { table, alias, from, where, params } = statement;
  const rows = dryRun
    ? ((await manager.query(`SELECT ${alias}.client_id::text FROM ${from} WHERE ${where}`, params)) as Array<{
        client_id: string;
      }>)
    : // TypeORM answers a DELETE with [rows, count].
      (
        (await manager.query(
          `DELETE FROM ${table} purged USING ${from} WHERE purged.id = ${alias}.id AND ${where} RETURNING purged.client_id::text`,
          params,
        )) as [Array<{ client_id: string }>, number]
      )[0];
  return { count: rows.length, clientIds: rows.map((r) => r.client_id) };
}
