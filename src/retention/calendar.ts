/**
 * Calendar arithmetic for legal periods expressed in months: a period ends on the same date of the
 * last month, or on that month's last day when the month is shorter (31 January + 1 month is the
 * last day of February). Dates are YYYY-MM-DD; instants are shifted by their UTC calendar date.
 */

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

export function isLeapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

export function daysInMonth(year: number, month: number): number {
  return [31, isLeapYear(year) ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1];
}

export function isCalendarDate(value: string): boolean {
  const m = ISO_DATE.exec(value);
  if (!m) return false;
  const [year, month, day] = [Number(m[1]), Number(m[2]), Number(m[3])];
  return month >= 1 && month <= 12 && day >= 1 && day <= daysInMonth(year, month);
}

function shift(year: number, month: number, day: number, months: number): [number, number, number] {
  const total = year * 12 + (month - 1) + months;
  const y = Math.floor(total / 12);
  const m = total - y * 12 + 1;
  return [y, m, Math.min(day, daysInMonth(y, m))];
}

function format(year: number, month: number, day: number): string {
  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

/** The same day `months` calendar months later (or earlier), clamped to the target month's last day. */
export function addCalendarMonths(date: string, months: number): string {
  if (!isCalendarDate(date)) throw new RangeError(`Not a calendar date: ${date}`);
  const [y, m, d] = shift(
    Number(date.slice(0, 4)),
    Number(date.slice(5, 7)),
    Number(date.slice(8, 10)),
    months,
  );
  return format(y, m, d);
}

/** An instant `months` calendar months later, same UTC time of day. */
export function addMonthsToInstant(at: Date, months: number): Date {
  const [y, m, d] = shift(at.getUTCFullYear(), at.getUTCMonth() + 1, at.getUTCDate(), months);
  return new Date(
    Date.UTC(y, m - 1, d, at.getUTCHours(), at.getUTCMinutes(), at.getUTCSeconds(), at.getUTCMilliseconds()),
  );
}

/** The first day of the year after the one `date` falls in: when "the end of that calendar year" has passed. */
export function startOfNextYear(date: string): string {
  return `${String(Number(date.slice(0, 4)) + 1).padStart(4, '0')}-01-01`;
}

/** Midnight UTC at the start of a calendar date. */
export function startOfDate(date: string): Date {
  return new Date(`${date}T00:00:00.000Z`);
}
