/**
 * PESEL: 11 digits YYMMDDZZZXQ. The month carries the century (+80 for 1800s, +0 for 1900s,
 * +20 for 2000s, +40 for 2100s, +60 for 2200s), X is even for women and odd for men, Q is the
 * check digit with weights 1,3,7,9,1,3,7,9,1,3.
 */
const WEIGHTS = [1, 3, 7, 9, 1, 3, 7, 9, 1, 3];

export type PeselCheck =
  { valid: true; birthDate: string; sex: 'female' | 'male' } | { valid: false; reason: string };

/**
 * Today's date where it is latest (UTC+14): a date after it lies in the future everywhere, so no
 * one can have been born on it, whatever the zone of whoever typed it.
 */
export function latestDateOnEarth(now: Date = new Date()): string {
  return new Date(now.getTime() + 14 * 3_600_000).toISOString().slice(0, 10);
}

export function checkPesel(pesel: string, dateOfBirth?: string | null): PeselCheck {
  if (!/^\d{11}$/.test(pesel)) return { valid: false, reason: 'PESEL must be exactly 11 digits' };
  const d = pesel.split('').map(Number);
  const sum = WEIGHTS.reduce((acc, w, i) => acc + w * d[i], 0);
  if ((10 - (sum % 10)) % 10 !== d[10]) return { valid: false, reason: 'PESEL check digit is wrong' };
  const yy = d[0] * 10 + d[1];
  let mm = d[2] * 10 + d[3];
  const dd = d[4] * 10 + d[5];
  const centuries: Array<[number, number]> = [
    [80, 1800],
    [0, 1900],
    [20, 2000],
    [40, 2100],
    [60, 2200],
  ];
  let century = -1;
  for (const [offset, base] of centuries) {
    if (mm > offset && mm <= offset + 12) {
      century = base;
      mm -= offset;
      break;
    }
  }
  if (century < 0) return { valid: false, reason: 'PESEL encodes an impossible month' };
  const year = century + yy;
  const date = new Date(Date.UTC(year, mm - 1, dd));
  if (date.getUTCFullYear() !== year || date.getUTCMonth() !== mm - 1 || date.getUTCDate() !== dd) {
    return { valid: false, reason: 'PESEL encodes an impossible date' };
  }
  const birthDate = date.toISOString().slice(0, 10);
  if (birthDate > latestDateOnEarth())
    return { valid: false, reason: 'PESEL encodes a birth date in the future' };
  if (dateOfBirth && dateOfBirth !== birthDate) {
    return { valid: false, reason: 'PESEL birth date does not match dateOfBirth' };
  }
  return { valid: true, birthDate, sex: d[9] % 2 === 0 ? 'female' : 'male' };
}

/** Builds a valid PESEL for a birth date and serial (test data and demo seeding). */
export function makePesel(birthDate: string, serial: number): string {
  const [y, m, day] = birthDate.split('-').map(Number);
  const offset = y >= 2200 ? 60 : y >= 2100 ? 40 : y >= 2000 ? 20 : y >= 1900 ? 0 : 80;
  const base =
    String(y % 100).padStart(2, '0') +
    String(m + offset).padStart(2, '0') +
    String(day).padStart(2, '0') +
    String(serial % 10000).padStart(4, '0');
  const sum = WEIGHTS.reduce((acc, w, i) => acc + w * Number(base[i]), 0);
  return base + String((10 - (sum % 10)) % 10);
}
