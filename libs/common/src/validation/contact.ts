import { isPlainText } from './plain-text';

/** Normalisation of contact data, so that equal values compare equal and searches find them. */
export function normaliseEmail(raw: string): string {
  return raw.trim().toLowerCase();
}

export function isValidEmail(value: string): boolean {
  return /^[^\s@]+@[^\s@]+\.[^\s@]{2,}$/.test(value) && value.length <= 254 && isPlainText(value);
}

/** Returns E.164 (+48 assumed for 9-digit Polish numbers) or null when the number cannot be valid. */
export function normalisePhone(raw: string): string | null {
  let digits = raw.trim().replace(/[\s\-().]/g, '');
  if (digits.startsWith('00')) digits = `+${digits.slice(2)}`;
  if (/^\d{9}$/.test(digits)) digits = `+48${digits}`;
  if (!/^\+[1-9]\d{7,14}$/.test(digits)) return null;
  return digits;
}

export function isValidPolishPostalCode(value: string): boolean {
  return /^\d{2}-\d{3}$/.test(value);
}
