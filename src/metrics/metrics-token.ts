import { timingSafeEqual } from 'node:crypto';

/** Whether an Authorization header carries the metrics token, compared in constant time. */
export function carriesMetricsToken(authorization: string | undefined, expected: string): boolean {
  const given = /^Bearer (\S+)$/i.exec(authorization ?? '')?.[1] ?? '';
  const a = Buffer.from(given, 'utf8');
  const b = Buffer.from(expected, 'utf8');
  return a.length === b.length && timingSafeEqual(a, b);
}
