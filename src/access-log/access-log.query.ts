import type { AuditEntryFilter } from '@app/audit';

/** Filters of GET /api/access-logs, already validated; timestamps are ISO 8601 with an offset. */
export type AccessLogFilter = AuditEntryFilter;

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

/** The filter names a query used, in a fixed order (recorded as the review's fields). */
export function usedFilterNames(filter: AccessLogFilter): string[] {
  return FILTER_NAMES.filter((name) => filter[name] !== undefined && filter[name] !== '');
}
