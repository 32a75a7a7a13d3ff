import { useQuery } from '@tanstack/react-query';
import { api, toApiError, unwrap } from '../api/client';
import { usePurposes, useSession, type AcceptedPurposes } from '../api/hooks';
import type { components, operations } from '../api/schema';

export type RecordEntry = components['schemas']['AccessLogEntryDto'];
export type RecordActor = components['schemas']['RecordActorDto'];
export type ClientLookupAnswer = components['schemas']['ClientLookupResponseDto'];
export type AnomalyReport = components['schemas']['AnomalyReportDto'];
export type AnomalyFinding = components['schemas']['AnomalyFindingDto'];
export type IntegrityVerdict = components['schemas']['VerifyResultDto'];

/** The filters of GET /api/access-logs as the API takes them (instants with an offset). */
export type RecordFilter = Omit<
  NonNullable<operations['accessLog_list']['parameters']['query']>,
  'limit' | 'cursor'
>;

/**
 * The purposes under which the record is reviewed. Checked against the typed client: a purpose
 * added to or taken from the routes in the OpenAPI document fails the type check until this follows.
 */
const REVIEWS_RECORD: Record<AcceptedPurposes<'accessLog_list'>, true> = { security_audit: true };
const AUDIT = { 'X-Purpose': 'security_audit' } as const;

/** Whether the signed-in role reviews the record under the chosen purpose (the registry's roles for it). */
export function useReviewsRecord(): boolean {
  const { me, purpose } = useSession();
  const purposes = usePurposes();
  const info = purposes.data?.items.find((p) => p.purpose === purpose);
  return !!info && !!me && info.purpose in REVIEWS_RECORD && info.roles.includes(me.role);
}

export const PAGE_SIZE = 50;

export function useRecordPage(filter: RecordFilter, cursor: string | undefined, enabled: boolean) {
  return useQuery({
    queryKey: ['record', 'entries', filter, cursor],
    enabled,
    queryFn: () =>
      unwrap(
        api.GET('/api/access-logs', {
          params: { query: { ...filter, limit: PAGE_SIZE, cursor }, header: AUDIT },
        }),
      ),
  });
}

/** Staff by name, to choose whom to filter by; they change seldom. */
export function useRecordActors(enabled: boolean) {
  return useQuery({
    queryKey: ['record', 'actors'],
    enabled,
    staleTime: 5 * 60_000,
    queryFn: () => unwrap(api.GET('/api/access-logs/actors', { params: { header: AUDIT } })),
  });
}

export function lookupClient(q: string): Promise<ClientLookupAnswer> {
  return unwrap(api.GET('/api/access-logs/client-lookup', { params: { query: { q }, header: AUDIT } }));
}

export function verifyRecord(): Promise<IntegrityVerdict> {
  return unwrap(api.GET('/api/access-logs/verify', { params: { header: AUDIT } }));
}

export function findAnomalies(range: { from?: string; to?: string }): Promise<AnomalyReport> {
  return unwrap(api.GET('/api/access-logs/anomalies', { params: { query: range, header: AUDIT } }));
}

/** The filtered record as the API's CSV, saved by the browser under the name the API gives it. */
export async function downloadRecordCsv(filter: RecordFilter): Promise<string> {
  const { data, error, response } = await api.GET('/api/access-logs/export', {
    params: { query: { ...filter, format: 'csv' }, header: AUDIT },
    parseAs: 'blob',
  });
  if (!response.ok || !data) throw toApiError(response.status, error);
  const named = /filename="([^"]+)"/.exec(response.headers.get('content-disposition') ?? '');
  return saveBlob(data as Blob, named?.[1] ?? 'access-log.csv');
}

function saveBlob(blob: Blob, name: string): string {
  const url = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = name;
  document.body.append(link);
  link.click();
  link.remove();
  // The browser has taken the file once the click is handled.
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
  return name;
}

export { nextDay, warsawDay, warsawMidnight } from './record-dates';
