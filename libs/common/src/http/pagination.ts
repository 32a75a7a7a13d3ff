import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, IsString, Max, MaxLength, Min } from 'class-validator';
import { ValidationFailedError } from '../errors/domain-error';

export const DEFAULT_PAGE_SIZE = 50;
export const MAX_PAGE_SIZE = 500;

/** `?limit=&cursor=` shared by every list. */
export class PageQueryDto {
  @ApiPropertyOptional({ minimum: 1, maximum: MAX_PAGE_SIZE, default: DEFAULT_PAGE_SIZE })
  @IsOptional() @Type(() => Number) @IsInt() @Min(1) @Max(MAX_PAGE_SIZE)
  limit?: number;

  @ApiPropertyOptional({ description: 'Opaque cursor from the previous page' })
  @IsOptional() @IsString() @MaxLength(512)
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

export function decodeCursor(cursor: string | undefined, arity: number): Array<string | number | null> | null {
  if (!cursor) return null;
  try {
    const parsed: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (Array.isArray(parsed) && parsed.length === arity) return parsed as Array<string | number | null>;
  } catch {
    // fall through to the validation error
  }
  throw new ValidationFailedError('Invalid cursor', { fields: ['cursor'] }, 'INVALID_CURSOR');
}

export function pageSize(limit: number | undefined): number {
  return Math.min(limit ?? DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE);
}

/**
 * The condition of a newest-first keyset page on (created_at, id) of the table under `alias`: the
 * rows after the cursor's last row, with its values put into `named` (for toPositional). Null on
 * the first page.
 */
export function newestFirstAfter(cursor: string | undefined, alias: string, named: Record<string, unknown>): string | null {
  const values = decodeCursor(cursor, 2);
  if (!values) return null;
  named.ck = values[0];
  named.cid = values[1];
  return `(${alias}.created_at, ${alias}.id) < (:ck::timestamptz, :cid::uuid)`;
}
