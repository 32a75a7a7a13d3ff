import { toPositional } from '@app/common/database/sql';
import { decodeCursor, newestFirstAfter } from '@app/common/http/pagination';
import type { SqlFragment } from '@app/privacy';
import type { ContractFilter } from './contract-row';
import { contractStatusConditionSql } from './contract-status';

const CREATED_SORT_KEY = `to_char(k.created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`;

/**
 * The register's statement: `selectSql` (a contract `k` with its client `c`, plus an extra select
 * item) under the visibility fragments, the filter's conditions, newest first, one row more than
 * the page (to tell whether another page follows).
 */
export function contractPageSql(
  selectSql: (extra: string) => string,
  visibility: SqlFragment[],
  filter: ContractFilter,
  todaySql: string,
): { sql: string; params: unknown[] } {
  const conditions = visibility.map((fragment) => fragment.sql);
  const named: Record<string, unknown> = Object.assign({}, ...visibility.map((fragment) => fragment.params));
  if (filter.clientId) {
    named.fclient = filter.clientId;
    // A client's card lists the policies they hold and those insuring them under another client's.
    conditions.push(`(k.client_id = :fclient::uuid OR k.insured_id = :fclient::uuid)`);
  }
  if (filter.insurerId) {
    named.finsurer = filter.insurerId;
    conditions.push(`k.insurer_id = :finsurer::uuid`);
  }
  if (filter.status) conditions.push(contractStatusConditionSql('k', filter.status, todaySql));
  if (filter.endingBefore) {
    named.fend = filter.endingBefore;
    conditions.push(`k.end_date <= :fend::date`);
  }
  const after = newestFirstAfter(filter.cursor, 'k', named);
  if (after) conditions.push(after);
  return toPositional(
    `${selectSql(`, ${CREATED_SORT_KEY} AS "sortKey"`)}
     WHERE ${conditions.join(' AND ')} ORDER BY k.created_at DESC, k.id DESC LIMIT ${filter.size + 1}`,
    named,
  );
}

/**
 * The renewals worklist's statement: contracts under the visibility fragments (all must hold),
 * not cancelled, ending between today and today + `withinDays`, oldest end first, with the
 * client's name and the days left.
 */
export function renewalsPageSql(
  selectSql: (extra: string) => string,
  visibility: SqlFragment[],
  query: { withinDays: number; cursor?: string; size: number },
  todaySql: string,
): { sql: string; params: unknown[] } {
  const conditions = [
    `(${visibility.map((fragment) => fragment.sql).join(' AND ')})`,
    `k.cancelled_at IS NULL`,
    `k.end_date BETWEEN ${todaySql} AND ${todaySql} + :within::int`,
  ];
  const named: Record<string, unknown> = Object.assign(
    { within: query.withinDays },
    ...visibility.map((fragment) => fragment.params),
  );
  const cursor = decodeCursor(query.cursor, ['date', 'uuid']);
  if (cursor) {
    named.ck = cursor[0];
    named.cid = cursor[1];
    conditions.push(`(k.end_date, k.id) > (:ck::date, :cid::uuid)`);
  }
  return toPositional(
    `${selectSql(
      `, to_char(k.end_date, 'YYYY-MM-DD') AS "sortKey", (k.end_date - ${todaySql}) AS "daysLeft",
         c.first_name AS "firstName", c.last_name AS "lastName"`,
    )}
     WHERE ${conditions.join(' AND ')} ORDER BY k.end_date ASC, k.id ASC LIMIT ${query.size + 1}`,
    named,
  );
}
