/** NIP (Polish tax id): 10 digits, weights 6,5,7,2,3,4,5,6,7, check digit = sum mod 11 (10 is invalid). */
const WEIGHTS = [6, 5, 7, 2, 3, 4, 5, 6, 7];

export function normaliseNip(raw: string): string {
  return raw.replace(/[\s-]/g, '');
}

export function isValidNip(raw: string): boolean {
  const nip = normaliseNip(raw);
  // All zeros passes the checksum but is no one's number.
  if (!/^\d{10}$/.test(nip) || /^0+$/.test(nip)) return false;
  const sum = WEIGHTS.reduce((acc, w, i) => acc + w * Number(nip[i]), 0);
  const check = sum % 11;
  return check !== 10 && check === Number(nip[9]);
}

export function makeNip(prefix: number): string {
  for (let n = prefix; ; n++) {
    const base = String(n % 1_000_000_000).padStart(9, '0');
    const check = WEIGHTS.reduce((acc, w, i) => acc + w * Number(base[i]), 0) % 11;
    if (check !== 10) return base + String(check);
  }
}
