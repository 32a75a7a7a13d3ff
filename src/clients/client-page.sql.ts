import { toPositional } from '@app/common/database/sql';
import type { SqlFragment } from '@app/privacy';
import type { ClientListFilter } from './client-row';

/** A client's creation time as the API shows it (UTC, microseconds); also the list's default sort key. */
export const CREATED_AT = `to_char(c.created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`;

/**
 * The list's statement: `selectSql` (the client's columns plus an extra select item) under the
 * scope's visibility fragments, the filter's conditions, its order and keyset cursor, one row more
 * than the page (to tell whether another page follows). The client table is aliased `c`.
 */
export function clientPageSql(
  selectSql: (extra: string) => string,
  visibility: SqlFragment[],
  filter: ClientListFilter,
): { sql: string; params: unknown[] } {
  const conditions: string[] = [];
  const named: Record<string, unknown> = {};
  for (const fragment of visibility) {
    conditions.push(fragment.sql);
    Object.assign(named, fragment.params);
  }
  filter.namePrefixes.forEach((prefix, i) => {
    named[`fq${i}`] = prefix;
    // The same expressions as the name search indexes, so each word is an index range scan; a
    // company's name is matched from its start (its register data is not personal: any purpose
    // that sees the client may search it).
    conditions.push(
      `(name_search_key(c.first_name) LIKE name_search_key(:fq${i}) OR name_search_key(c.last_name) LIKE name_search_key(:fq${i})
        OR (c.company_name IS NOT NULL AND name_search_key(c.company_name) LIKE name_search_key(:fq${i})))`,
    );
  });
  if (filter.email) {
    named.femail = filter.email;
    conditions.push(`c.email = :femail`);
  }
  if (filter.peselIndex) {
    named.fpesel = filter.peselIndex;
    conditions.push(`c.pesel_index = :fpesel`);
  }
  if (filter.phoneDigits) {
    named.fphone = filter.phoneDigits;
    conditions.push(`right(regexp_replace(c.phone, '\\D', '', 'g'), 9) = :fphone`);
  }
  let order: string;
  let sortKey: string;
  if (filter.sort === 'lastName') {
    // Polish order (Ł after L, Ś after S, Ź and Ż after Z); the cursor compares under the same
    // collation as the order and the (team_id, name, id) indexes, so pages neither skip nor repeat.
    sortKey = `coalesce(lower(c.last_name), '')`;
    const collated = `${sortKey} COLLATE polish`;
    order = `${collated} ASC, c.id ASC`;
    if (filter.cursor) conditions.push(`(${collated}, c.id) > (:ck, :cid::uuid)`);
  } else {
    sortKey = CREATED_AT;
    order = `c.created_at DESC, c.id DESC`;
    if (filter.cursor) conditions.push(`(c.created_at, c.id) < (:ck::timestamptz, :cid::uuid)`);
  }
  if (filter.cursor) {
    named.ck = filter.cursor[0];
    named.cid = filter.cursor[1];
  }
  return toPositional(
    `${selectSql(`, ${sortKey} AS sort_key`)}
     WHERE ${conditions.join(' AND ')} ORDER BY ${order} LIMIT ${filter.size + 1}`,
    named,
  );
}
