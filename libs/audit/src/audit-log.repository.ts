import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { READ_DATA_SOURCE } from '@app/common/database/data-source-options';
import type { AuditOutcome } from './audit.types';
import type { ChainRow } from './canonical';

/**
 * The record of operations as it is read back: the managers' and the dpo's review (pages, export,
 * anomalies) and a client's access report. Newest first by time, ties broken by id; the keyset is
 * the (at, id) of the last row seen. The client filter uses the GIN index on client_ids (`@>`), the
 * actor filter the (actor_id, at, id) index, the time range and the order the (at, id) index. The
 * page query is a plain function too, so that the benchmark runs exactly the query the API runs.
 */

/** Filters of a review, already validated; timestamps are ISO 8601 with an offset. */
export interface AuditEntryFilter {
  actorId?: string;
  clientId?: string;
  purpose?: string;
  action?: string;
  outcome?: string;
  resource?: string;
  from?: string;
  to?: string;
}

/** One entry as read for review: the chain's row, `at` with the stored microseconds. */
export type AuditEntryRow = Omit<ChainRow, 'outcome'> & { outcome: AuditOutcome };

/** Where a page ends: the time (text, with microseconds) and id of its last entry. */
export interface AuditEntryKey {
  at: string;
  id: string;
}

export const REVIEW_COLUMNS = `e.id::text AS id,
  to_char(e.at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') AS at,
  e.actor_id::text AS actor_id, e.actor_role, e.purpose, e.action, e.resource, e.resource_id,
  e.client_ids::text[] AS client_ids, e.fields, e.outcome, e.reason, e.request_id, e.ip,
  e.controller_id::text AS controller_id`;

/** WHERE conditions and positional parameters for a filter; `firstParam` numbers the first `$n`. */
function filterConditions(
  filter: AuditEntryFilter,
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

/** A page of entries, newest first, strictly after `after` in that order when given. */
export function entryPageQuery(
  filter: AuditEntryFilter,
  after: AuditEntryKey | null,
  limit: number,
): { sql: string; params: unknown[] } {
  const { conditions, params } = filterConditions(filter);
  if (after !== null) {
    params.push(after.at, after.id);
    conditions.push(`(e.at, e.id) < ($${params.length - 1}::timestamptz, $${params.length}::bigint)`);
  }
  const where = conditions.length ? `WHERE ${conditions.join(' AND ')}` : '';
  const page = `ORDER BY e.at DESC, e.id DESC LIMIT ${Math.max(1, Math.floor(limit))}`;
  // A client's entries are found through each month's GIN index and then ordered. Left to itself,
  // the planner cannot know how few entries name one client among millions (it guesses 0.5%) and
  // walks the time index backwards instead, through every month: 6.8 s for a client's page over
  // 20,000,000 entries, where the entries found first take milliseconds.
  if (filter.clientId)
    return {
      sql: `WITH matching AS MATERIALIZED (SELECT * FROM audit_entry e ${where})
            SELECT ${REVIEW_COLUMNS} FROM matching e ${page}`,
      params,
    };
  return { sql: `SELECT ${REVIEW_COLUMNS} FROM audit_entry e ${where} ${page}`, params };
}

/** An entry as a sliding-window scan reads it; `client_ids` is empty when the scan counts refusals. */
export interface WindowScanRow {
  id: string;
  actor_id: string;
  actor_role: string | null;
  at: string;
  at_ms: number;
  client_ids: string[];
}

/** Staff activity on one local day outside working hours, with the first entries behind it. */
export interface OutsideHoursRow {
  actor_id: string;
  actor_role: string | null;
  day: string;
  first_at: string;
  last_at_ms: number;
  last_at: string;
  entry_count: number;
  entry_ids: string[];
  /** How many such (actor, day) groups the range holds, beyond the limit too. */
  total: number;
}

export interface ExportEntryRow {
  id: string;
  actor_id: string | null;
  actor_role: string | null;
  at: string;
  at_ms: number;
  resource: string;
  outcome: string;
  client_count: number;
  /** How many exports the range holds, beyond the limit too. */
  total: number;
}

/** An entry naming a client, as the client's access report lists it. */
export interface ClientAccessEntry {
  id: string;
  at: string;
  actorId: string | null;
  actorRole: string | null;
  purpose: string | null;
  action: string;
  resource: string;
  resourceId: string | null;
  fields: string[];
  outcome: string;
}

/**
 * Reads through the read-only DataSource (READ_DATABASE_URL: a replica, or the primary by default);
 * a replica may lag the primary by moments. The client's access report counts and lists in the
 * caller's transaction instead (one snapshot with the rest of the report, on the primary).
 */
@Injectable()
export class AuditLogReader {
  constructor(@InjectDataSource(READ_DATA_SOURCE) private readonly dataSource: DataSource) {}

  /** A page of entries matching the filter, newest first, after `after` when given. */
  page(filter: AuditEntryFilter, after: AuditEntryKey | null, limit: number): Promise<AuditEntryRow[]> {
    const { sql, params } = entryPageQuery(filter, after, limit);
    return this.dataSource.query(sql, params);
  }

  /**
   * Entries of staff in [from, to), oldest first, after the keyset (afterAt, afterId): allowed
   * `readingActions` that name clients (with their ids), or refusals.
   */
  windowScan(
    kind: 'reads' | 'refusals',
    range: { from: string; to: string; afterAt: string; afterId: string },
    limit: number,
    readingActions: readonly string[],
  ): Promise<WindowScanRow[]> {
    const reading = kind === 'reads';
    const condition = reading
      ? `e.outcome = 'allowed' AND e.action = ANY($5::text[]) AND cardinality(e.client_ids) > 0`
      : `e.outcome = 'denied'`;
    const { from, to, afterAt, afterId } = range;
    return this.dataSource.query(
      `SELECT e.id::text AS id, e.actor_id::text AS actor_id, e.actor_role,
                to_char(e.at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') AS at,
                (extract(epoch FROM e.at) * 1000)::float8 AS at_ms,
                ${reading ? 'e.client_ids::text[]' : `'{}'::text[]`} AS client_ids
           FROM audit_entry e
          WHERE e.at >= $1::timestamptz AND e.at < $2::timestamptz AND e.actor_id IS NOT NULL AND ${condition}
            AND (e.at, e.id) > ($3::timestamptz, $4::bigint)
          ORDER BY e.at, e.id LIMIT ${limit}`,
      reading ? [from, to, afterAt, afterId, readingActions] : [from, to, afterAt, afterId],
    );
  }

  /** Staff activity in [from, to) outside working hours, grouped per actor and local day. */
  outsideHours(
    range: { from: string; to: string },
    hours: { timeZone: string; days: number[]; startHour: number; endHour: number },
    maxEntryIds: number,
    limit: number,
  ): Promise<OutsideHoursRow[]> {
    return this.dataSource.query(
      `WITH hits AS (
         SELECT e.id, e.actor_id, e.actor_role, e.at, (e.at AT TIME ZONE $3) AS local_at
           FROM audit_entry e
          WHERE e.at >= $1::timestamptz AND e.at < $2::timestamptz AND e.actor_id IS NOT NULL),
       outside AS (
         SELECT * FROM hits
          WHERE extract(isodow FROM local_at)::int <> ALL($4::int[])
             OR extract(hour FROM local_at)::int < $5 OR extract(hour FROM local_at)::int >= $6),
       grouped AS (
         SELECT actor_id::text AS actor_id, min(actor_role) AS actor_role, to_char(local_at::date, 'YYYY-MM-DD') AS day,
                to_char(min(at) AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') AS first_at,
                to_char(max(at) AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') AS last_at,
                (extract(epoch FROM max(at)) * 1000)::float8 AS last_at_ms,
                count(*)::int AS entry_count,
                (array_agg(id::text ORDER BY at, id))[1:$7] AS entry_ids
           FROM outside GROUP BY actor_id, local_at::date)
       SELECT *, count(*) OVER ()::int AS total FROM grouped ORDER BY first_at, actor_id LIMIT ${limit}`,
      [range.from, range.to, hours.timeZone, hours.days, hours.startHour, hours.endHour, maxEntryIds],
    );
  }

  /** Every export in [from, to), oldest first. */
  exports(range: { from: string; to: string }, limit: number): Promise<ExportEntryRow[]> {
    return this.dataSource.query(
      `SELECT e.id::text AS id, e.actor_id::text AS actor_id, e.actor_role, e.resource, e.outcome,
              to_char(e.at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') AS at,
              (extract(epoch FROM e.at) * 1000)::float8 AS at_ms, cardinality(e.client_ids) AS client_count,
              count(*) OVER ()::int AS total
         FROM audit_entry e
        WHERE e.action = 'export' AND e.at >= $1::timestamptz AND e.at < $2::timestamptz
        ORDER BY e.at, e.id LIMIT ${limit}`,
      [range.from, range.to],
    );
  }

  /** How many entries name the client (in the caller's transaction, as its report is one snapshot). */
  async countAboutClient(manager: EntityManager, clientId: string): Promise<number> {
    const [{ total }]: Array<{ total: number }> = await manager.query(
      `SELECT count(*)::int AS total FROM audit_entry WHERE client_ids @> ARRAY[$1]::uuid[]`,
      [clientId],
    );
    return total;
  }

  /** The newest `limit` entries naming the client, newest first. */
  latestAboutClient(manager: EntityManager, clientId: string, limit: number): Promise<ClientAccessEntry[]> {
    return manager.query(
      `SELECT id::text, to_char(at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS at, actor_id AS "actorId",
              actor_role AS "actorRole", purpose, action, resource, resource_id AS "resourceId", fields, outcome
         FROM audit_entry WHERE client_ids @> ARRAY[$1]::uuid[] ORDER BY id DESC LIMIT $2`,
      [clientId, limit],
    );
  }

  /**
   * What one staff member did on one client through break-glass in [from, to]: the entries the
   * recorder marked, oldest first, at most `limit` ids (the count is of all).
   */
  async breakGlassEntries(
    actorId: string,
    clientId: string,
    range: { from: Date; to: Date },
    limit: number,
  ): Promise<{ ids: string[]; count: number; actions: string[] }> {
    const [row]: Array<{ ids: string[] | null; count: number; actions: string[] | null }> =
      await this.dataSource.query(
        `SELECT (array_agg(id::text ORDER BY id))[1:$5] AS ids, count(*)::int AS count,
                array_agg(DISTINCT action || ':' || resource) AS actions
           FROM audit_entry
          WHERE actor_id = $1 AND client_ids @> ARRAY[$2]::uuid[] AND reason = 'break_glass' AND action <> 'break_glass'
            AND at >= $3 AND at <= $4`,
        [actorId, clientId, range.from, range.to, limit],
      );
    return { ids: row?.ids ?? [], count: row?.count ?? 0, actions: row?.actions ?? [] };
  }
}
