/**
 * The SQL of the record-of-operations review, kept free of Nest so that the benchmark runs exactly
 * the query the API runs. Newest first by time, ties broken by id; the keyset is the (at, id) of
 * the last row seen. The client filter uses the GIN index on client_ids (`@>`), the actor filter
 * the (actor_id, at, id) index, the time range and the order the (at, id) index.
 */

/** Filters of GET /api/access-logs, already validated; timestamps are ISO 8601 with an offset. */
export interface AccessLogFilter {
  actorId?: string;
  clientId?: string;
  purpose?: string;
  action?: string;
  outcome?: string;
  resource?: string;
  from?: string;
  to?: string;
}

export const FILTER_NAMES = [
  'actorId',
  'clientId',
  'purpose',
  'action',
  'outcome',
  'resource',
  'from',
  'to',
] as const;

/** One entry as read for review; `at` keeps the stored microseconds. */
export interface EntryRow {
  id: string;
  at: string;
  actor_id: string | null;
  actor_role: string | null;
  purpose: string | null;
  action: string;
  resource: string;
  resource_id: string | null;
  client_ids: string[];
  fields: string[];
  outcome: 'allowed' | 'denied';
  reason: string | null;
  request_id: string | null;
  ip: string | null;
  controller_id: string | null;
}

export const ENTRY_COLUMNS = `e.id::text AS id,
  to_char(e.at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') AS at,
  e.actor_id::text AS actor_id, e.actor_role, e.purpose, e.action, e.resource, e.resource_id,
  e.client_ids::text[] AS client_ids, e.fields, e.outcome, e.reason, e.request_id, e.ip,
  e.controller_id::text AS controller_id`;

/** The filter names a query used, in a fixed order (recorded as the review's fields). */
export function usedFilterNames(filter: AccessLogFilter): string[] {
  return FILTER_NAMES.filter((name) => filter[name] !== undefined && filter[name] !== '');
}

/** WHERE conditions and positional parameters for a filter; `firstParam` numbers the first `$n`. */
export function filterConditions(
  filter: AccessLogFilter,
  firstParam = 1,
): { conditions: string[]; params: unknown[] } {
  const conditions: string[] = [];
  const params: unknown[] = [];
  const param = (value: unknown, cast: string) => {
    params.push(value);
    return `$${firstParam + params.length - 1}::${cast}`;
  };
  if (filter.clientId) conditions.push(`e.client_ids @> ARRAY[${param(filter.clientId, 'uuid')}]`);
  if (filter.actorId) conditions.push(`e.actor_id = ${param(filter.actorId, 'uuid')}`);
  if (filter.purpose) conditions.push(`e.purpose = ${param(filter.purpose, 'text')}`);
  if (filter.action) conditions.push(`e.action = ${param(filter.action, 'text')}`);
  if (filter.outcome) conditions.push(`e.outcome = ${param(filter.outcome, 'text')}`);
  if (filter.resource) conditions.push(`e.resource = ${param(filter.resource, 'text')}`);
  if (filter.from) conditions.push(`e.at >= ${param(filter.from, 'timestamptz')}`);
  if (filter.to) conditions.push(`e.at < ${param(filter.to, 'timestamptz')}`);
  return { conditions, params };
}

/** Where a page ends: the time (text, with microseconds) and id of its last entry. */
export interface EntryKey {
  at: string;
  id: string;
}

/** A page of entries, newest first, strictly after `after` in that order when given. */
export function entryPageQuery(
  filter: AccessLogFilter,
  after: EntryKey | null,
  limit: number,
): { sql: string; params: unknown[] } {
  const { conditions, params } = filterConditions(filter);
  if (after !== null) {
    params.push(after.at, after.id);
    conditions.push(`(e.at, e.id) < ($${params.length - 1}::timestamptz, $${params.length}::bigint)`);
  }
  const where = conditions.length ? `WHERE ${conditions.join(' AND ')}` : '';
  return {
    sql: `SELECT ${ENTRY_COLUMNS} FROM audit_entry e ${where} ORDER BY e.at DESC, e.id DESC LIMIT ${Math.max(1, Math.floor(limit))}`,
    params,
  };
}
