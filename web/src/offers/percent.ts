/** Commission rates: fractions in the API, percent with a decimal comma on the screen. */

export function formatPercent(fraction: number): string {
  return `${(Math.round(fraction * 1_000_000) / 10_000).toString().replace('.', ',')}\u00a0%`;
}

/** Percent as typed ("12", "12,5") into a fraction with at most 4 decimal places; null when not one. */
export function parsePercent(text: string): number | null {
  const m = /^(\d{1,3})(?:[.,](\d{1,2}))?$/.exec(text.replace(/[\s%]/g, ''));
  if (!m) return null;
  const basisPoints = Number(m[1]) * 100 + Number((m[2] ?? '0').padEnd(2, '0'));
  return basisPoints <= 10_000 ? basisPoints / 10_000 : null;
}
