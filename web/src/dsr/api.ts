import { api, purposeHeader, toApiError } from '../api/client';
import type { Purpose } from '../api/session';
import type { components } from '../api/schema';

export type DsrRequest = components['schemas']['DataSubjectRequestResponseDto'];
export type DsrType = DsrRequest['type'];
export type DsrStatus = DsrRequest['status'];
export type SweepReport = components['schemas']['SweepReportDto'];
export type LegalHold = components['schemas']['LegalHoldResponseDto'];
export type ProcessingRecord = components['schemas']['ProcessingRecordResponseDto'];
export type Notice = components['schemas']['NoticeResponseDto'];

export const DSR_TYPES: DsrType[] = [
  'access',
  'rectification',
  'erasure',
  'restriction',
  'objection',
  'portability',
  'withdraw_consent',
];
export const DSR_STATUSES: DsrStatus[] = ['open', 'referred', 'done', 'rejected'];

/** Types answered by a document delivered to the person (then "complete"), the others by "execute". */
export const ANSWERED_BY_DOCUMENT: DsrType[] = ['access', 'portability'];

/** A ground on which an erasure was refused (art. 17 ust. 3 RODO), as the request's outcome lists it. */
export interface ErasureGround {
  basis: string;
  basisPl?: string;
  purpose: string;
  until: string | null;
}

export type ReportLanguage = 'client' | 'pl' | 'en';

/** The access report as the printable page the API renders (every value escaped there). */
export async function reportHtml(id: string, language: ReportLanguage): Promise<string> {
  const { data, error, response } = await api.GET('/api/data-subject-requests/{id}/report', {
    params: {
      path: { id },
      query: { format: 'html', ...(language === 'client' ? {} : { lang: language }) },
      header: headerFor<'data_subject_rights'>(),
    },
    parseAs: 'text',
  });
  if (!response.ok) throw toApiError(response.status, error);
  return data as string;
}

/** A file the API answers (the report's PDF, the portability export), saved through the browser. */
export async function download(
  call: Promise<{ data?: unknown; error?: unknown; response: Response }>,
  fileName: string,
): Promise<void> {
  const { data, error, response } = await call;
  if (!response.ok) throw toApiError(response.status, error);
  const url = URL.createObjectURL(data as Blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = fileName;
  document.body.appendChild(link);
  link.click();
  link.remove();
  // The browser has taken the file once the click is handled.
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

export function downloadReportPdf(id: string, language: ReportLanguage): Promise<void> {
  return download(
    api.GET('/api/data-subject-requests/{id}/report', {
      params: {
        path: { id },
        query: { format: 'pdf', ...(language === 'client' ? {} : { lang: language }) },
        header: headerFor<'data_subject_rights'>(),
      },
      parseAs: 'blob',
    }),
    `informacja-art-15-${id.slice(0, 8)}.pdf`,
  );
}

export function downloadExport(id: string): Promise<void> {
  return download(
    api.GET('/api/data-subject-requests/{id}/export', {
      params: { path: { id }, header: headerFor<'data_subject_rights'>() },
      parseAs: 'blob',
    }),
    `przeniesienie-danych-${id.slice(0, 8)}.json`,
  );
}

/**
 * The chosen purpose as the header of a route that accepts only some purposes. The session's
 * purpose is sent as it is (never switched here); the API refuses it when the route does not take it.
 */
export function headerFor<P extends Purpose>(): { 'X-Purpose': P } {
  return purposeHeader() as { 'X-Purpose': P };
}
