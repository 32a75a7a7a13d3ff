/**
 * REGON (Polish business register number): 9 digits for an entity, 14 for a local unit of one.
 * The last digit is a weighted sum mod 11, where 10 counts as 0 (GUS's rule, unlike NIP's).
 * A 14-digit REGON starts with its entity's 9-digit REGON, which must be valid on its own.
 */
const WEIGHTS_9 = [8, 9, 2, 3, 4, 5, 6, 7];
const WEIGHTS_14 = [2, 4, 8, 5, 0, 9, 7, 3, 6, 1, 2, 4, 8];

function checkDigit(digits: string, weights: number[]): number {
  const sum = weights.reduce((acc, w, i) => acc + w * Number(digits[i]), 0);
  return (sum % 11) % 10;
}

export function normaliseRegon(raw: string): string {
  return raw.replace(/[\s-]/g, '');
}

export function isValidRegon(raw: string): boolean {
  const regon = normaliseRegon(raw);
  if (/^0+$/.test(regon)) return false;
  if (/^\d{9}$/.test(regon)) return checkDigit(regon, WEIGHTS_9) === Number(regon[8]);
  if (/^\d{14}$/.test(regon)) {
    return isValidRegon(regon.slice(0, 9)) && checkDigit(regon, WEIGHTS_14) === Number(regon[13]);
  }
  return false;
}

/** A valid 9-digit REGON (or, with `unit`, a 14-digit one) built from a number, for demo data and tests. */
export function makeRegon(prefix: number, unit?: number): string {
  const base = String(prefix % 100_000_000).padStart(8, '0');
  const regon9 = base + String(checkDigit(base, WEIGHTS_9));
  if (unit === undefined) return regon9;
  const base13 = regon9 + String(unit % 10_000).padStart(4, '0');
  return base13 + String(checkDigit(base13, WEIGHTS_14));
}

/** KRS (National Court Register number): 10 digits with leading zeros, no check digit. */
export function normaliseKrs(raw: string): string {
  return raw.replace(/\s/g, '');
}

export function isValidKrs(raw: string): boolean {
  const krs = normaliseKrs(raw);
  return /^\d{10}$/.test(krs) && !/^0+$/.test(krs);
}
