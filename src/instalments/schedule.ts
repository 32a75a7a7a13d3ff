/** How many instalments a premium may be split into (a year's premium: yearly, half-yearly, quarterly, monthly). */
export const INSTALMENT_COUNTS = [1, 2, 4, 12] as const;
export type InstalmentCount = (typeof INSTALMENT_COUNTS)[number];

export interface PlannedInstalment {
  number: number;
  /** YYYY-MM-DD */
  dueDate: string;
  /** Grosze. */
  amount: number;
}

/**
 * The day `months` calendar months after `date` (YYYY-MM-DD), on the same day of the month, or on
 * the month's last day when it is shorter (31 January + 1 month = 28 or 29 February).
 */
export function addMonths(date: string, months: number): string {
  const [y, m, d] = date.split('-').map(Number);
  const index = y * 12 + (m - 1) + months;
  const year = Math.floor(index / 12);
  const month = index - year * 12;
  const last = new Date(Date.UTC(year, month + 1, 0)).getUTCDate();
  const day = Math.min(d, last);
  return `${String(year).padStart(4, '0')}-${String(month + 1).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

/**
 * A premium (grosze) split into `count` instalments that add up to it exactly: equal parts, the
 * grosze left over on the first. Each falls due 12 / count months after the one before, counted
 * from the contract's start date, on the start's day of the month (clamped to the month's end).
 */
export function planSchedule(
  premium: number,
  count: InstalmentCount,
  startDate: string,
): PlannedInstalment[] {
  if (!Number.isSafeInteger(premium) || premium < 0) throw new Error(`not an amount in grosze: ${premium}`);
  const part = Math.floor(premium / count);
  const remainder = premium - part * count;
  const step = 12 / count;
  return Array.from({ length: count }, (_, i) => ({
    number: i + 1,
    dueDate: addMonths(startDate, i * step),
    amount: part + (i === 0 ? remainder : 0),
  }));
}

export type InstalmentStatus = 'unpaid' | 'partially_paid' | 'paid';
export const INSTALMENT_STATUSES: readonly InstalmentStatus[] = ['unpaid', 'partially_paid', 'paid'];

/** Paid once the payments reach the amount due (nothing due is paid); partially paid short of it. */
export function instalmentStatus(amount: number, paidAmount: number): InstalmentStatus {
  if (paidAmount >= amount) return 'paid';
  return paidAmount > 0 ? 'partially_paid' : 'unpaid';
}

/** b - a in whole calendar days (YYYY-MM-DD, counted in UTC so no daylight-saving shift moves a day). */
export function daysBetween(a: string, b: string): number {
  return Math.round((Date.parse(`${b}T00:00:00Z`) - Date.parse(`${a}T00:00:00Z`)) / 86_400_000);
}
