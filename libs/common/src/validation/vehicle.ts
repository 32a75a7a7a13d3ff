/**
 * Vehicle identifiers: the VIN (ISO 3779) and the Polish registration number.
 *
 * The VIN's check digit (position 9) is mandatory in North America only; European makers often
 * put a letter or a filler there. The rule kept here: 17 characters of A-Z and 0-9 without I, O
 * and Q; when the 9th character is a digit or X it is read as a check digit and must validate
 * (weights 8,7,6,5,4,3,2,10,0,9,8,7,6,5,4,3,2 over the ISO 3779 transliteration, sum mod 11, 10
 * written X); any other letter there means the format carries no check digit, and it is accepted.
 */
const VIN_CHARS = /^[A-HJ-NPR-Z0-9]{17}$/;
const WEIGHTS = [8, 7, 6, 5, 4, 3, 2, 10, 0, 9, 8, 7, 6, 5, 4, 3, 2];
const LETTER_VALUES: Record<string, number> = {
  A: 1,
  B: 2,
  C: 3,
  D: 4,
  E: 5,
  F: 6,
  G: 7,
  H: 8,
  J: 1,
  K: 2,
  L: 3,
  M: 4,
  N: 5,
  P: 7,
  R: 9,
  S: 2,
  T: 3,
  U: 4,
  V: 5,
  W: 6,
  X: 7,
  Y: 8,
  Z: 9,
};

export type VinCheck = { valid: true; vin: string } | { valid: false; reason: string };

export function normaliseVin(raw: string): string {
  return raw.replace(/\s/g, '').toUpperCase();
}

/** The check character (0-9 or X) the first 17 characters call for. */
export function vinCheckCharacter(vin: string): string {
  const sum = [...vin].reduce((acc, ch, i) => {
    const value = /\d/.test(ch) ? Number(ch) : (LETTER_VALUES[ch] ?? 0);
    return acc + value * WEIGHTS[i];
  }, 0);
  const check = sum % 11;
  return check === 10 ? 'X' : String(check);
}

export function checkVin(raw: string): VinCheck {
  const vin = normaliseVin(raw);
  if (vin.length !== 17) return { valid: false, reason: 'VIN must have 17 characters' };
  if (!VIN_CHARS.test(vin))
    return { valid: false, reason: 'VIN may hold only A-Z and 0-9, without I, O and Q' };
  const ninth = vin[8];
  if ((/\d/.test(ninth) || ninth === 'X') && vinCheckCharacter(vin) !== ninth)
    return { valid: false, reason: 'VIN check digit (9th character) does not match' };
  return { valid: true, vin };
}

/** A VIN with a valid check digit, from 16 characters (the 9th is computed). */
export function makeVin(sixteen: string): string {
  const base = normaliseVin(sixteen);
  const draft = `${base.slice(0, 8)}0${base.slice(8)}`;
  return `${base.slice(0, 8)}${vinCheckCharacter(draft)}${base.slice(8)}`;
}

/**
 * Polish registration numbers: the area code (2 or 3 letters) and 4 or 5 letters and digits,
 * stored upper-case without spaces ("wa 12345" → "WA12345").
 */
const POLISH_PLATE = /^[A-Z]{2,3}[A-Z0-9]{4,5}$/;

export function normaliseRegistrationNumber(raw: string): string {
  return raw.replace(/[\s-]/g, '').toUpperCase();
}

export function isValidRegistrationNumber(raw: string): boolean {
  const plate = normaliseRegistrationNumber(raw);
  return POLISH_PLATE.test(plate) && plate.length <= 8;
}
