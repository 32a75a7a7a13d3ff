import { MAX_AMOUNT } from '../offers';

/** A calendar day written `YYYY-MM-DD` or `dd.mm.rrrr`, as `YYYY-MM-DD`; null when it is neither or no such day. */
export function parseDay(text: string): string | null {
  const iso = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  const polish = /^(\d{2})\.(\d{2})\.(\d{4})$/.exec(text);
  const [y, m, d] = iso ? [iso[1], iso[2], iso[3]] : polish ? [polish[3], polish[2], polish[1]] : [];
  if (!y) return null;
  const date = new Date(Date.UTC(Number(y), Number(m) - 1, Number(d)));
  const day = `${y}-${m}-${d}`;
  return date.toISOString().slice(0, 10) === day ? day : null;
}

/**
 * Złote written `1234,56`, `1234.56` or `1 234,56` (spaces as thousands separators), as grosze;
 * null when it is not such an amount or exceeds what is stored.
 */
export function parseZlote(text: string): number | null {
  const m = /^(\d{1,13})(?:[.,](\d{1,2}))?$/.exec(text.replace(/[\s\u00a0]/g, ''));
  if (!m) return null;
  const grosze = Number(m[1]) * 100 + Number((m[2] ?? '').padEnd(2, '0'));
  return grosze <= MAX_AMOUNT ? grosze : null;
}
