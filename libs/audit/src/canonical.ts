import { KeyObject, createHmac, createSecretKey } from 'node:crypto';
import { CustomTypesConfig, types } from 'pg';

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

/** CHAIN_COLUMNS with the two arrays as text, for `parseChainTextArray`. */
export const CHAIN_COLUMNS_ARRAYS_AS_TEXT = CHAIN_COLUMNS.replace(
  'e.client_ids::text[] AS client_ids, e.fields,',
  'e.client_ids::text[]::text AS client_ids, e.fields::text AS fields,',
);
if (CHAIN_COLUMNS_ARRAYS_AS_TEXT === CHAIN_COLUMNS)
  throw new Error('CHAIN_COLUMNS no longer names the arrays as expected');

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
  // One update of the joined text hashes the same bytes as one update per part, with fewer calls
  // into the native side; the key is imported once (the sealer and the verifier call this per entry).
  return createHmac('sha256', keyObject(key))
    .update(macInput(prevMac, sequence, row))
    .digest('hex');
}

/** What a seal's HMAC is taken of: the previous seal, the position and the canonical entry, one per line. */
export function macInput(prevMac: string, sequence: string, row: ChainRow): string {
  return `${prevMac}\n${sequence}\n${canonicalEntry(row)}`;
}

let lastKey: { raw: string | Buffer; object: KeyObject } | null = null;

function keyObject(raw: string | Buffer): KeyObject {
  if (lastKey?.raw !== raw)
    lastKey = { raw, object: createSecretKey(typeof raw === 'string' ? Buffer.from(raw) : raw) };
  return lastKey.object;
}

const TEXT_ARRAY_OID = 1009;
const parseTextArrayInFull = types.getTypeParser(TEXT_ARRAY_OID as never, 'text') as (
  literal: string,
) => string[];

/**
 * A text[] as PostgreSQL writes it, read the short way when no element needed quoting: the chain's
 * arrays hold client ids and field names, which never do, and reading them was half of what it
 * cost to fetch a batch of entries. Anything else (quotes, escapes, a NULL, nested or bounded
 * arrays) goes to pg's own parser, so the result is always the same as pg's.
 */
export function parseChainTextArray(literal: string): string[] {
  if (literal === '{}') return [];
  if (
    literal.charCodeAt(0) !== 123 /* { */ ||
    literal.indexOf('{', 1) !== -1 ||
    literal.includes('"') ||
    literal.includes('\\') ||
    literal.includes('NULL')
  )
    return parseTextArrayInFull(literal);
  return literal.slice(1, -1).split(',');
}

/** Type parsers for queries of chain rows (pg's own for everything but text[]). */
export const CHAIN_TYPES: CustomTypesConfig = {
  getTypeParser: ((oid: number, format?: 'text' | 'binary') =>
    oid === TEXT_ARRAY_OID && format !== 'binary'
      ? parseChainTextArray
      : types.getTypeParser(oid, format ?? 'text')) as CustomTypesConfig['getTypeParser'],
};
