import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, IsString, Max, MaxLength, Min } from 'class-validator';
import { ValidationFailedError } from '../errors/domain-error';

export const DEFAULT_PAGE_SIZE = 50;
export const MAX_PAGE_SIZE = 500;

/** `?limit=&cursor=` shared by every list. */
export class PageQueryDto {
  @ApiPropertyOptional({ type: 'integer', minimum: 1, maximum: MAX_PAGE_SIZE, default: DEFAULT_PAGE_SIZE })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(MAX_PAGE_SIZE)
  limit?: number;

  @ApiPropertyOptional({ description: 'Opaque cursor from the previous page' })
  @IsOptional()
  @IsString()
  @MaxLength(512)
  cursor?: string;
}

export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

/** Keyset cursors: the sort key values of the last row, opaque to clients. */
export function encodeCursor(values: Array<string | number | null>): string {
  return Buffer.from(JSON.stringify(values), 'utf8').toString('base64url');
}

/**
 * What one value of a cursor must be: `text` a string without NUL (a sort key such as a lower-cased
 * name), `timestamp` an instant as the lists write it (2026-01-31T12:00:00.123456Z), `date` a day
 * (YYYY-MM-DD), `uuid` an id.
 */
export type CursorPart = 'text' | 'timestamp' | 'date' | 'uuid';

const UUID = /^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/;
const INSTANT = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(?:\.\d{1,6})?Z$/;
const DAY = /^(\d{4})-(\d{2})-(\d{2})$/;
const BASE64URL = /^[A-Za-z0-9_-]+$/;

function isRealDay(year: string, month: string, day: string): boolean {
  const date = new Date(Date.UTC(Number(year), Number(month) - 1, Number(day)));
  return (
    Number(year) >= 1 &&
    date.getUTCFullYear() === Number(year) &&
    date.getUTCMonth() === Number(month) - 1 &&
    date.getUTCDate() === Number(day)
  );
}

function fitsPart(value: unknown, part: CursorPart): boolean {
  if (typeof value !== 'string') return false;
  switch (part) {
    case 'text':
      return !value.includes('\u0000');
    case 'uuid':
      return UUID.test(value);
    case 'date': {
      const m = DAY.exec(value);
      return m !== null && isRealDay(m[1], m[2], m[3]);
    }
    case 'timestamp': {
      const m = INSTANT.exec(value);
      return (
        m !== null &&
        isRealDay(m[1], m[2], m[3]) &&
        Number(m[4]) < 24 &&
        Number(m[5]) < 60 &&
        Number(m[6]) < 60
      );
    }
  }
}

function invalidCursor(): ValidationFailedError {
  return new ValidationFailedError('Invalid cursor', { fields: ['cursor'] }, 'INVALID_CURSOR');
}

/**
 * The values of a cursor this API handed out, each checked against what the list sorts by; null
 * without a cursor. Anything else (not base64url, not a JSON array, the wrong number or kind of
 * values) is a 400 INVALID_CURSOR, never a value that reaches SQL. With a count instead of parts,
 * each value may be any string without NUL or a finite number (the list checks them itself).
 */
export function decodeCursor(cursor: string | undefined, parts: readonly CursorPart[]): string[] | null;
export function decodeCursor(cursor: string | undefined, arity: number): Array<string | number> | null;
export function decodeCursor(
  cursor: string | undefined,
  shape: readonly CursorPart[] | number,
): Array<string | number> | null {
  if (cursor === undefined || cursor === '') return null;
  if (typeof cursor !== 'string' || !BASE64URL.test(cursor)) throw invalidCursor();
  let parsed: unknown;
  try {
    const bytes = Buffer.from(cursor, 'base64url');
    // Buffer skips what it cannot decode: only a cursor that encodes back to itself is one of ours.
    if (bytes.toString('base64url') !== cursor) throw invalidCursor();
    parsed = JSON.parse(bytes.toString('utf8'));
  } catch {
    throw invalidCursor();
  }
  const arity = typeof shape === 'number' ? shape : shape.length;
  if (!Array.isArray(parsed) || parsed.length !== arity) throw invalidCursor();
  const fits =
    typeof shape === 'number'
      ? parsed.every((v) => (typeof v === 'number' && Number.isFinite(v)) || fitsPart(v, 'text'))
      : parsed.every((v, i) => fitsPart(v, shape[i]));
  if (!fits) throw invalidCursor();
  return parsed as Array<string | number>;
}

export function pageSize(limit: number | undefined): number {
  return Math.min(limit ?? DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE);
}

/**
 * The condition of a newest-first keyset page on (created_at, id) of the table under `alias`: the
 * rows after the cursor's last row, with its values put into `named` (for toPositional). Null on
 * the first page.
 */
export function newestFirstAfter(
  cursor: string | undefined,
  alias: string,
  named: Record<string, unknown>,
): string | null {
  const values = decodeCursor(cursor, ['timestamp', 'uuid']);
  if (!values) return null;
  named.ck = values[0];
  named.cid = values[1];
  return `(${alias}.created_at, ${alias}.id) < (:ck::timestamptz, :cid::uuid)`;
}
