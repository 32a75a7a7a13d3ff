/** PESEL: 11 digits, a check digit, and the date of birth in the first six (the century in the month). */

const WEIGHTS = [1, 3, 7, 9, 1, 3, 7, 9, 1, 3];

export function peselChecksumValid(pesel: string): boolean {
  if (!/^\d{11}$/.test(pesel)) return false;
  const sum = WEIGHTS.reduce((acc, w, i) => acc + w * Number(pesel[i]), 0);
  return (10 - (sum % 10)) % 10 === Number(pesel[10]);
}

/** The date of birth (YYYY-MM-DD) a valid PESEL encodes, or null. */
export function peselBirthDate(pesel: string): string | null {
  if (!peselChecksumValid(pesel)) return null;
  const yy = Number(pesel.slice(0, 2));
  let mm = Number(pesel.slice(2, 4));
  const dd = Number(pesel.slice(4, 6));
  const centuries: Array<[number, number]> = [
    [80, 1800],
    [60, 2200],
    [40, 2100],
    [20, 2000],
    [0, 1900],
  ];
  const [offset, century] = centuries.find(([o]) => mm > o)!;
  mm -= offset;
  const year = century + yy;
  const date = new Date(Date.UTC(year, mm - 1, dd));
  if (date.getUTCMonth() !== mm - 1 || date.getUTCDate() !== dd) return null;
  return `${year}-${String(mm).padStart(2, '0')}-${String(dd).padStart(2, '0')}`;
}
