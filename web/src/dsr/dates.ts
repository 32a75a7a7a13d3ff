/** Today's date (YYYY-MM-DD) in Warsaw, where the broker's deadlines run. */
export function todayInWarsaw(now: Date = new Date()): string {
  return new Intl.DateTimeFormat('en-CA', {
    timeZone: 'Europe/Warsaw',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
  }).format(now);
}

/** Whole days from today (in Warsaw) to a due date; negative once it has passed. */
export function daysUntil(dueAt: string, today: string = todayInWarsaw()): number {
  const [y1, m1, d1] = today.split('-').map(Number);
  const [y2, m2, d2] = dueAt.slice(0, 10).split('-').map(Number);
  return Math.round((Date.UTC(y2, m2 - 1, d2) - Date.UTC(y1, m1 - 1, d1)) / 86_400_000);
}
