/**
 * The HTTP request log of the privacy policy ("Gromadzenie danych"): exactly client IP, client
 * host name where known, authenticated user name, time, first request line, status, bytes sent,
 * referrer, user agent and error details. Query values are redacted except for a few keys that
 * never carry personal data; bodies are never logged.
 */
export interface RequestLogLine {
  ip: string | null;
  host: string | null;
  user: string | null;
  time: string;
  request: string;
  status: number;
  bytes: number | null;
  referrer: string | null;
  userAgent: string | null;
  error: string | null;
}

const SAFE_QUERY_KEYS = new Set([
  'limit',
  'format',
  'lang',
  'dryRun',
  'withinDays',
  'status',
  'overdue',
  'purpose',
  'action',
  'outcome',
  'resource',
  'sort',
  'lineOfBusiness',
]);

const UUID = /^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/;

/**
 * Path segments are kept when they are ids (UUIDs) or words the application's own routes use;
 * anything else a caller put in the path (an e-mail where an id belongs) is redacted.
 */
function redactPath(path: string, isRouteWord?: (segment: string) => boolean): string {
  if (!isRouteWord) return path;
  return path
    .split('/')
    .map((segment) => (segment === '' || UUID.test(segment) || isRouteWord(segment) ? segment : 'REDACTED'))
    .join('/');
}

export function redactUrl(url: string, isRouteWord?: (segment: string) => boolean): string {
  const q = url.indexOf('?');
  if (q < 0) return redactPath(url, isRouteWord);
  const path = redactPath(url.slice(0, q), isRouteWord);
  const parts = url
    .slice(q + 1)
    .split('&')
    .filter((p) => p.length > 0)
    .map((pair) => {
      const eq = pair.indexOf('=');
      const key = eq < 0 ? pair : pair.slice(0, eq);
      let decodedKey = key;
      try {
        decodedKey = decodeURIComponent(key);
      } catch {
        return 'REDACTED=REDACTED';
      }
      if (!/^[A-Za-z0-9_.-]{1,40}$/.test(decodedKey)) return 'REDACTED=REDACTED';
      if (eq < 0) return key;
      return SAFE_QUERY_KEYS.has(decodedKey) && /^[A-Za-z0-9_.:-]{0,40}$/.test(pair.slice(eq + 1))
        ? pair
        : `${key}=REDACTED`;
    });
  return parts.length ? `${path}?${parts.join('&')}` : path;
}

export function redactReferrer(referrer: string | undefined): string | null {
  if (!referrer) return null;
  try {
    const u = new URL(referrer);
    return `${u.origin}${redactUrl(u.pathname + u.search)}`;
  } catch {
    return 'REDACTED';
  }
}
