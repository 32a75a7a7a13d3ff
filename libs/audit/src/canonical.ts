import { createHmac } from 'node:crypto';

/** The row as the chain sees it; `at` is text with microseconds so that nothing is lost in JavaScript. */
export interface ChainRow {
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
  outcome: string;
  reason: string | null;
  request_id: string | null;
  ip: string | null;
  controller_id: string | null;
}

/** The `prev_mac` of the chain's first seal. */
export const GENESIS_MAC = '0'.repeat(64);

/** SQL select list producing ChainRow columns from audit_entry aliased `e`. */
export const CHAIN_COLUMNS = `e.id::text AS id,
  to_char(e.at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') AS at,
  e.actor_id, e.actor_role, e.purpose, e.action, e.resource, e.resource_id,
  e.client_ids::text[] AS client_ids, e.fields, e.outcome, e.reason, e.request_id, e.ip, e.controller_id`;

/** Canonical serialisation: a JSON array in a fixed order, so equal entries hash equally. */
export function canonicalEntry(row: ChainRow): string {
  return JSON.stringify([
    row.id,
    row.at,
    row.actor_id,
    row.actor_role,
    row.purpose,
    row.action,
    row.resource,
    row.resource_id,
    row.client_ids,
    row.fields,
    row.outcome,
    row.reason,
    row.request_id,
    row.ip,
    row.controller_id,
  ]);
}

/**
 * The seal of one chain position: HMAC-SHA-256, under the chain key, of the previous seal, the
 * position and the entry. Without the key (which the database never holds) nobody can make a seal
 * that verifies, so entries cannot be changed and the rest of the chain recomputed.
 */
export function chainMac(key: string | Buffer, prevMac: string, sequence: string, row: ChainRow): string {
  return createHmac('sha256', key)
    .update(prevMac)
    .update('\n')
    .update(sequence)
    .update('\n')
    .update(canonicalEntry(row))
    .digest('hex');
}
