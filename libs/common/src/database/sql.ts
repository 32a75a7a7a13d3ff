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

/** Escapes LIKE wildcards in user input. */
export function escapeLike(value: string): string {
  return value.replace(/[\\%_]/g, (c) => `\\${c}`);
}
