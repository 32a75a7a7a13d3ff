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

/** An entry's time as the chain writes it: UTC, with microseconds. */
const AT_TEXT = `to_char(e.at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`;

/** SQL select list producing ChainRow columns from audit_entry aliased `e`. */
export const CHAIN_COLUMNS = `e.id::text AS id,
  ${AT_TEXT} AS at,
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
  // One update of the joined text hashes the same bytes as one update per part, with fewer calls
  // into the native side; the key is imported once (the sealer and the verifier call this per entry).
  return createHmac('sha256', keyObject(key))
    .update(macInput(prevMac, sequence, row))
    .digest('hex');
}

/** What a seal's HMAC is taken of: the previous seal, the position and the canonical entry, one per line. */
export function macInput(prevMac: string, sequence: string, row: ChainRow): string {
  return sealInput(prevMac, sequence, canonicalEntry(row));
}

/** macInput of an entry whose canonical text is already made (by CANONICAL_ENTRY_SQL). */
export function sealInput(prevMac: string, sequence: string, canonical: string): string {
  return `${prevMac}\n${sequence}\n${canonical}`;
}

/** A text column or array as canonicalEntry writes it: a JSON string or array, or null. */
const jsonText = (column: string) => `COALESCE(to_json(${column})::text, 'null')`;
/** A column whose text never needs escaping in JSON (digits, a UUID's hex and hyphens, a time). */
const quotedText = (column: string) => `COALESCE('"' || ${column} || '"', 'null')`;

/**
 * canonicalEntry made by PostgreSQL from audit_entry aliased `e`. The verifier reads this one text
 * per entry instead of fifteen columns that it would only join into the same text (the walk's
 * process spent 18-25 µs an entry with the columns, 13-14 µs with the text). The sealer still
 * makes the text from the columns in JavaScript, so each walk of the chain holds the two
 * definitions against each other (any difference shows as a broken chain), and
 * test/record-canonical-sql.e2e-spec compares them on awkward values. to_json escapes exactly what
 * JSON.stringify escapes (the quote, the backslash, control characters as \b \f \n \r \t or
 * \u00xx) and nothing else, and writes an array's elements with a bare comma between them, as
 * JSON.stringify does. Only columns whose type cannot hold a character JSON escapes are quoted
 * without it: an unescaped text column would let two different values make the same text, and a
 * changed entry verify.
 */
export const CANONICAL_ENTRY_SQL = `'[' || ${[
  quotedText('e.id::text'),
  quotedText(AT_TEXT),
  quotedText('e.actor_id::text'),
  jsonText('e.actor_role'),
  jsonText('e.purpose'),
  jsonText('e.action'),
  jsonText('e.resource'),
  jsonText('e.resource_id'),
  jsonText('e.client_ids::text[]'),
  jsonText('e.fields'),
  jsonText('e.outcome'),
  jsonText('e.reason'),
  jsonText('e.request_id'),
  jsonText('e.ip'),
  quotedText('e.controller_id::text'),
].join(` || ',' || `)} || ']'`;

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
