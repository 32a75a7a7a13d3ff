/**
 * Calendar days as YYYY-MM-DD strings; arithmetic in UTC so no daylight-saving shift moves a day.
 * Today comes from BrokerClock, never from here.
 */
export function addDays(date: string, days: number): string {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

/** b - a in whole days. */
export function daysBetween(a: string, b: string): number {
  return Math.round((Date.parse(`${b}T00:00:00Z`) - Date.parse(`${a}T00:00:00Z`)) / 86_400_000);
}

/**
 * Whether the reminder `lead` days before a contract's end, due on `dueOn`, may still go out on
 * `today`. It goes out on its day, or up to `graceDays` late (a scan that missed days catches up),
 * but never once it is pointless: not when its day is further back than the grace (no 30-day
 * reminder 25 days before the end), not when the next shorter reminder is already due (that one
 * supersedes it), and never on or after the end date. Never early.
 */
export function reminderStillDue(input: {
  dueOn: string;
  today: string;
  endDate: string;
  graceDays: number;
  nextShorterLead: number | null;
}): boolean {
  const late = daysBetween(input.dueOn, input.today);
  if (late < 0 || late > input.graceDays) return false;
  const left = daysBetween(input.today, input.endDate);
  if (left <= 0) return false;
  if (input.nextShorterLead !== null && left <= input.nextShorterLead) return false;
  return true;
}
