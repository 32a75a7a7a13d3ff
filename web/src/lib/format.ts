/** Polish formats of the workplace: dates dd.mm.rrrr in Europe/Warsaw, money "1 234,56 zł". */

const TIME_ZONE = 'Europe/Warsaw';
const NBSP = '\u00a0';

const dateInWarsaw = new Intl.DateTimeFormat('pl-PL', {
  timeZone: TIME_ZONE,
  day: '2-digit',
  month: '2-digit',
  year: 'numeric',
});
const dateTimeInWarsaw = new Intl.DateTimeFormat('pl-PL', {
  timeZone: TIME_ZONE,
  day: '2-digit',
  month: '2-digit',
  year: 'numeric',
  hour: '2-digit',
  minute: '2-digit',
});

/**
 * A date as dd.mm.rrrr. A calendar date (YYYY-MM-DD) is shown as it is, with no time zone shift; a
 * timestamp is shown as the day it was in Warsaw.
 */
export function formatDate(value: string | null | undefined): string {
  if (!value) return '';
  const day = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  if (day) return `${day[3]}.${day[2]}.${day[1]}`;
  const d = new Date(value);
  return Number.isNaN(d.getTime()) ? value : dateInWarsaw.format(d);
}

/** A timestamp as dd.mm.rrrr, gg:mm in Warsaw. */
export function formatDateTime(value: string | null | undefined): string {
  if (!value) return '';
  const d = new Date(value);
  return Number.isNaN(d.getTime()) ? value : dateTimeInWarsaw.format(d);
}

/** Groups of three digits with a non-breaking space (pl-PL's Intl leaves 4-digit numbers ungrouped). */
function groupThousands(digits: string): string {
  return digits.replace(/\B(?=(\d{3})+(?!\d))/g, NBSP);
}

/** Grosze as "1 234,56 zł" (the API's Money is in minor units). */
export function formatMoney(
  money: { amount: number; currency?: string } | number | null | undefined,
): string {
  if (money === null || money === undefined) return '';
  const amount = typeof money === 'number' ? money : money.amount;
  const currency = typeof money === 'number' ? 'PLN' : (money.currency ?? 'PLN');
  const negative = amount < 0;
  const abs = Math.abs(Math.round(amount));
  const zl = groupThousands(String(Math.floor(abs / 100)));
  const gr = String(abs % 100).padStart(2, '0');
  const unit = currency === 'PLN' ? 'zł' : currency;
  return `${negative ? '-' : ''}${zl},${gr}${NBSP}${unit}`;
}

/**
 * Złote as typed ("1 234,56", "1234.5", "12") into grosze; null when it is not an amount.
 * Integer arithmetic on the digits, so 0,29 zł is 29 gr, not 28.999….
 */
export function parseZlotyToGrosze(text: string): number | null {
  const cleaned = text.replace(/[\s\u00a0]|zł/g, '').replace(',', '.');
  const m = /^(-?)(\d+)(?:\.(\d{1,2}))?$/.exec(cleaned);
  if (!m) return null;
  const grosze = Number(m[2]) * 100 + Number((m[3] ?? '0').padEnd(2, '0'));
  return m[1] ? -grosze : grosze;
}

/** A Polish postcode NN-NNN from what was typed ("00001", "00-001"); null when it is not one. */
export function normalisePostcode(text: string): string | null {
  const digits = text.replace(/\D/g, '');
  return /^\d{5}$/.test(digits) && /^[\d\s-]+$/.test(text.trim())
    ? `${digits.slice(0, 2)}-${digits.slice(2)}`
    : null;
}

/**
 * A phone number as the API stores it: "+48" and nine digits for a Polish number typed with or
 * without the prefix, spaces or dashes; other international numbers keep their prefix. Null when
 * it is not a number.
 */
export function normalisePhone(text: string): string | null {
  const trimmed = text.trim();
  if (!/^\+?[\d\s()-]+$/.test(trimmed)) return null;
  const digits = trimmed.replace(/\D/g, '');
  if (trimmed.startsWith('+')) return digits.length >= 9 && digits.length <= 15 ? `+${digits}` : null;
  if (digits.length === 9) return `+48${digits}`;
  if (digits.length === 11 && digits.startsWith('48')) return `+${digits}`;
  if (digits.startsWith('00') && digits.length >= 11) return `+${digits.slice(2)}`;
  return null;
}

/** Shows a phone number +48NNNNNNNNN as +48 NNN NNN NNN. */
export function formatPhone(value: string | null | undefined): string {
  if (!value) return '';
  const m = /^\+48(\d{3})(\d{3})(\d{3})$/.exec(value);
  return m ? `+48 ${m[1]} ${m[2]} ${m[3]}` : value;
}

const timeInWarsaw = new Intl.DateTimeFormat('pl-PL', {
  timeZone: TIME_ZONE,
  hour: '2-digit',
  minute: '2-digit',
});

/** A timestamp as gg:mm in Warsaw. */
export function formatTime(value: string | null | undefined): string {
  if (!value) return '';
  const d = new Date(value);
  return Number.isNaN(d.getTime()) ? value : timeInWarsaw.format(d);
}

/**
 * A calendar date as typed into a date field, dd.mm.rrrr (also d.m.rrrr, with "/" or "-") or
 * rrrr-mm-dd, as YYYY-MM-DD for the API; null when it is not a day of the calendar.
 */
export function parseTypedDate(text: string): string | null {
  const trimmed = text.trim();
  const polish = /^(\d{1,2})[./-](\d{1,2})[./-](\d{4})$/.exec(trimmed);
  const iso = /^(\d{4})-(\d{2})-(\d{2})$/.exec(trimmed);
  const parts = polish ? [polish[3], polish[2], polish[1]] : iso ? [iso[1], iso[2], iso[3]] : null;
  if (!parts) return null;
  const [year, month, day] = parts.map(Number);
  const date = new Date(Date.UTC(year, month - 1, day));
  if (date.getUTCFullYear() !== year || date.getUTCMonth() !== month - 1 || date.getUTCDate() !== day)
    return null;
  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}
