import createClient from 'openapi-fetch';
import type { paths } from './schema';
import { session, type Purpose } from './session';

/** An error answer of the API: `{statusCode, error, message, code?, fields?}`. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string | undefined,
    message: string,
    readonly fields: string[] = [],
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

export function toApiError(status: number, body: unknown): ApiError {
  const b = (body ?? {}) as { message?: unknown; code?: unknown; fields?: unknown };
  const message = Array.isArray(b.message)
    ? b.message.join('; ')
    : typeof b.message === 'string'
      ? b.message
      : `HTTP ${status}`;
  const fields = Array.isArray(b.fields) ? b.fields.map(String) : [];
  return new ApiError(status, typeof b.code === 'string' ? b.code : undefined, message, fields);
}

let refreshing: Promise<boolean> | null = null;

/** One refresh at a time: concurrent 401s wait for the same rotation (a reused token revokes the family). */
export function refreshSession(): Promise<boolean> {
  refreshing ??= (async () => {
    const refreshToken = session.refreshToken();
    if (!refreshToken) return false;
    const res = await fetch('/api/auth/refresh', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ refreshToken }),
    });
    if (!res.ok) {
      session.clear();
      return false;
    }
    const body = (await res.json()) as { accessToken: string; refreshToken: string };
    session.setTokens(body.accessToken, body.refreshToken);
    return true;
  })().finally(() => {
    refreshing = null;
  });
  return refreshing;
}

function authorised(request: Request): Request {
  const { accessToken, purpose } = session.get();
  const headers = new Headers(request.headers);
  if (accessToken) headers.set('authorization', `Bearer ${accessToken}`);
  if (purpose && !headers.has('x-purpose')) headers.set('x-purpose', purpose);
  return new Request(request, { headers });
}

/**
 * Every request carries the bearer token and the chosen purpose; a 401 refreshes the session once
 * and repeats the request.
 */
async function sessionFetch(request: Request): Promise<Response> {
  const retry = request.clone();
  const response = await fetch(authorised(request));
  if (response.status !== 401 || request.url.includes('/api/auth/')) return response;
  if (!(await refreshSession())) return response;
  return fetch(authorised(retry));
}

export const api = createClient<paths>({ baseUrl: '', fetch: sessionFetch });

/** The purpose header that typed calls declare (sessionFetch sends the same). */
export function purposeHeader(): { 'X-Purpose': Purpose } {
  const { purpose } = session.get();
  if (!purpose) throw new ApiError(400, 'PURPOSE_REQUIRED', 'Choose a purpose first');
  return { 'X-Purpose': purpose };
}

/** Unwraps an openapi-fetch answer: the data, or an ApiError with the API's message. */
export async function unwrap<T>(
  call: Promise<{ data?: T; error?: unknown; response: Response }>,
): Promise<NonNullable<T>> {
  const { data, error, response } = await call;
  if (!response.ok) throw toApiError(response.status, error);
  return data as NonNullable<T>;
}

/**
 * A GET whose answer the OpenAPI document does not describe yet: the same session handling,
 * typed by the caller.
 */
export async function getJson<T>(path: string, query: Record<string, string | undefined> = {}): Promise<T> {
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(query)) if (v !== undefined && v !== '') params.set(k, v);
  const url = params.size ? `${path}?${params}` : path;
  const response = await sessionFetch(new Request(url, { headers: { accept: 'application/json' } }));
  const body: unknown = response.headers.get('content-type')?.includes('json') ? await response.json() : null;
  if (!response.ok) throw toApiError(response.status, body);
  return body as T;
}
