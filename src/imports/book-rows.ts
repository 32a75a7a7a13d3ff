import {
  isValidEmail,
  isValidPolishPostalCode,
  normaliseEmail,
  normalisePhone,
} from '@app/common/validation/contact';
import { isValidNip, normaliseNip } from '@app/common/validation/nip';
import { checkPesel } from '@app/common/validation/pesel';
import { isPlainText } from '@app/common/validation/plain-text';
import { isValidKrs, isValidRegon, normaliseKrs, normaliseRegon } from '@app/common/validation/regon';
import { LINES_OF_BUSINESS, LineOfBusiness } from '@app/privacy';
import { BOOK_COLUMNS, BookColumn, ImportError } from './book-columns';
import { RawBookFile } from './book-file';
import { parseDay, parseZlote } from './book-values';

interface Address {
  street: string;
  postalCode: string;
  city: string;
  country: string;
}

interface Contact {
  email: string | null;
  phone: string | null;
  address: Address | null;
}

export type BookClient =
  | ({ kind: 'person'; pesel: string; firstName: string; lastName: string } & Contact)
  | ({ kind: 'company'; companyName: string; nip: string; regon: string; krs: string | null } & Contact);

/** What identifies a row's client across rows and imports: a person's PESEL, a company's NIP. */
export function clientKey(client: BookClient): string {
  return client.kind === 'person' ? `person:${client.pesel}` : `company:${client.nip}`;
}

export interface BookPolicy {
  insurerNip: string;
  policyNumber: string;
  lineOfBusiness: LineOfBusiness;
  productName: string;
  startDate: string;
  endDate: string;
  premium: number;
}

/** One valid data row: its policyholder and, when it has a policy number, its policy. */
export interface BookRow {
  row: number;
  client: BookClient;
  policy: BookPolicy | null;
}

const POLICY_COLUMNS: BookColumn[] = [
  'insurerNip',
  'lineOfBusiness',
  'productName',
  'startDate',
  'endDate',
  'premium',
];
const KNOWN = new Set<string>(BOOK_COLUMNS);
/** Columns only a person's row fills, and those only a company's row fills. */
const PERSON_COLUMNS: BookColumn[] = ['firstName', 'lastName', 'pesel'];
const COMPANY_COLUMNS: BookColumn[] = ['companyName', 'nip', 'regon', 'krs'];

/**
 * Checks a file's header and every data row; answers the valid rows and every error found, each
 * with its row and column. Messages name what is wrong, never the value (the errors are kept with
 * the job after the file is gone). Blank rows are skipped but keep their number.
 */
export function validateBookRows(file: RawBookFile): { rows: BookRow[]; errors: ImportError[] } {
  const errors: ImportError[] = [];
  const index = new Map<BookColumn, number>();
  file.header.forEach((name, i) => {
    if (!KNOWN.has(name)) {
      errors.push({
        row: 1,
        column: name || null,
        code: 'UNKNOWN_COLUMN',
        message: `Nieznana kolumna; dozwolone: ${BOOK_COLUMNS.join(', ')}`,
      });
    } else if (index.has(name as BookColumn)) {
      errors.push({
        row: 1,
        column: name,
        code: 'DUPLICATE_COLUMN',
        message: 'Kolumna występuje w nagłówku dwa razy',
      });
    } else index.set(name as BookColumn, i);
  });
  const rows: BookRow[] = [];
  const seenPolicies = new Map<string, number>();
  const seenClients = new Map<string, { row: number; name: string }>();
  for (const { row, cells } of file.rows) {
    if (cells.every((c) => c.trim() === '')) continue;
    const rowErrors: ImportError[] = [];
    const fail = (column: BookColumn | null, code: string, message: string): false => {
      rowErrors.push({ row, column, code, message });
      return false;
    };
    if (cells.slice(file.header.length).some((c) => c.trim() !== ''))
      fail(null, 'CELL_WITHOUT_COLUMN', 'Wartość w kolumnie bez nagłówka');
    const get = (column: BookColumn): string => {
      const i = index.get(column);
      return i === undefined ? '' : (cells[i] ?? '').trim();
    };
    const text = (column: BookColumn, max: number, required: boolean): string | null => {
      const value = get(column);
      if (value === '') {
        if (required) fail(column, 'MISSING_VALUE', 'Brak wymaganej wartości');
        return null;
      }
      if (value.length > max) fail(column, 'TOO_LONG', `Najwyżej ${max} znaków`);
      else if (!isPlainText(value)) fail(column, 'INVALID_TEXT', 'Niedozwolone znaki sterujące');
      else return value;
      return null;
    };
    const client = readClient(get, text, fail);
    const policy = readPolicy(get, text, fail);
    if (client) {
      // One PESEL or NIP names one client throughout the file.
      const name = (
        client.kind === 'person' ? `${client.firstName} ${client.lastName}` : client.companyName
      ).toLocaleLowerCase('pl');
      const key = clientKey(client);
      const earlier = seenClients.get(key);
      if (earlier && earlier.name !== name) {
        if (client.kind === 'person')
          fail(
            'pesel',
            'CONFLICTING_PERSON',
            `Ten sam PESEL co w wierszu ${earlier.row}, inne imię lub nazwisko`,
          );
        else fail('nip', 'CONFLICTING_COMPANY', `Ten sam NIP co w wierszu ${earlier.row}, inna nazwa firmy`);
      } else if (!earlier) seenClients.set(key, { row, name });
    }
    if (policy) {
      const key = `${policy.insurerNip}/${policy.policyNumber}`;
      const earlier = seenPolicies.get(key);
      if (earlier)
        fail('policyNumber', 'DUPLICATE_POLICY_IN_FILE', `Ta polisa jest już w wierszu ${earlier}`);
      else seenPolicies.set(key, row);
    }
    if (rowErrors.length > 0) errors.push(...rowErrors);
    else if (client) rows.push({ row, client, policy });
  }
  return { rows, errors };
}

type Get = (column: BookColumn) => string;
type Text = (column: BookColumn, max: number, required: boolean) => string | null;
/** Records an error of the row; answers false, so a reader can write `valid = fail(...)`. */
type Fail = (column: BookColumn | null, code: string, message: string) => false;

function readClient(get: Get, text: Text, fail: Fail): BookClient | null {
  const kind = get('kind').toLowerCase() || 'person';
  if (kind !== 'person' && kind !== 'company') {
    fail('kind', 'INVALID_KIND', 'Rodzaj klienta: person albo company');
    return null;
  }
  // A person has no register numbers and a company no PESEL or names: a filled cell of the other
  // kind is a mistake of the row, not something to drop silently.
  let valid = true;
  for (const column of kind === 'person' ? COMPANY_COLUMNS : PERSON_COLUMNS) {
    if (get(column) !== '')
      valid = fail(
        column,
        'FIELD_NOT_OF_CLIENT_KIND',
        kind === 'person'
          ? 'Osoba nie ma danych rejestrowych firmy'
          : 'Firma nie ma imienia, nazwiska ani PESEL',
      );
  }
  const contact = readContact(get, text, fail);
  if (kind === 'person') {
    const firstName = text('firstName', 100, true);
    const lastName = text('lastName', 100, true);
    const pesel = get('pesel');
    if (!pesel)
      fail('pesel', 'MISSING_VALUE', 'Brak numeru PESEL (identyfikuje osobę przy kolejnych importach)');
    else if (!checkPesel(pesel).valid)
      fail('pesel', 'INVALID_PESEL', 'Nieprawidłowy PESEL (11 cyfr, cyfra kontrolna, data urodzenia)');
    else if (valid && firstName && lastName && contact)
      return { kind, pesel, firstName, lastName, ...contact };
    return null;
  }
  const companyName = text('companyName', 300, true);
  const nip = normaliseNip(get('nip'));
  const regon = normaliseRegon(get('regon'));
  const krs = get('krs') ? normaliseKrs(get('krs')) : null;
  if (!nip)
    valid = fail('nip', 'MISSING_VALUE', 'Brak numeru NIP (identyfikuje firmę przy kolejnych importach)');
  else if (!isValidNip(nip))
    valid = fail('nip', 'INVALID_NIP', 'Nieprawidłowy NIP (10 cyfr, cyfra kontrolna)');
  if (!regon) valid = fail('regon', 'MISSING_VALUE', 'Brak numeru REGON firmy');
  else if (!isValidRegon(regon))
    valid = fail('regon', 'INVALID_REGON', 'Nieprawidłowy REGON (9 lub 14 cyfr, cyfra kontrolna)');
  if (krs !== null && !isValidKrs(krs))
    valid = fail('krs', 'INVALID_KRS', 'Nieprawidłowy numer KRS (10 cyfr)');
  return valid && companyName && contact ? { kind, companyName, nip, regon, krs, ...contact } : null;
}

function readContact(get: Get, text: Text, fail: Fail): Contact | null {
  let valid = true;
  const rawEmail = get('email');
  const email = rawEmail ? normaliseEmail(rawEmail) : null;
  if (email && !isValidEmail(email)) valid = fail('email', 'INVALID_EMAIL', 'Nieprawidłowy adres e-mail');
  const rawPhone = get('phone');
  const phone = rawPhone ? normalisePhone(rawPhone) : null;
  if (rawPhone && !phone)
    valid = fail('phone', 'INVALID_PHONE', 'Nieprawidłowy numer telefonu (9 cyfr lub +kraj i numer)');
  let address: Address | null = null;
  if (get('street') || get('postalCode') || get('city')) {
    const street = text('street', 200, true);
    const city = text('city', 100, true);
    const postalCode = get('postalCode');
    if (!postalCode) valid = fail('postalCode', 'MISSING_VALUE', 'Brak kodu pocztowego');
    else if (!isValidPolishPostalCode(postalCode))
      valid = fail('postalCode', 'INVALID_POSTAL_CODE', 'Kod pocztowy w postaci NN-NNN');
    if (street && city && postalCode) address = { street, postalCode, city, country: 'PL' };
    else valid = false;
  }
  return valid ? { email, phone, address } : null;
}

function readPolicy(get: Get, text: Text, fail: Fail): BookPolicy | null {
  const policyNumber = text('policyNumber', 64, false);
  if (!get('policyNumber')) {
    const stray = POLICY_COLUMNS.filter((c) => get(c) !== '');
    if (stray.length > 0)
      fail(
        'policyNumber',
        'MISSING_VALUE',
        'Dane polisy bez numeru polisy (wiersz bez numeru rejestruje tylko klienta)',
      );
    return null;
  }
  let valid = policyNumber !== null;
  const insurerNip = normaliseNip(get('insurerNip'));
  if (!insurerNip) valid = fail('insurerNip', 'MISSING_VALUE', 'Brak NIP ubezpieczyciela');
  else if (!isValidNip(insurerNip))
    valid = fail('insurerNip', 'INVALID_NIP', 'Nieprawidłowy NIP ubezpieczyciela');
  const line = get('lineOfBusiness').toLowerCase();
  if (!line) valid = fail('lineOfBusiness', 'MISSING_VALUE', 'Brak rodzaju ubezpieczenia');
  else if (!(LINES_OF_BUSINESS as readonly string[]).includes(line))
    valid = fail(
      'lineOfBusiness',
      'INVALID_LINE_OF_BUSINESS',
      `Rodzaj ubezpieczenia: ${LINES_OF_BUSINESS.join(', ')}`,
    );
  const productName = text('productName', 200, true);
  const startDate = day(get, 'startDate', fail);
  const endDate = day(get, 'endDate', fail);
  if (startDate && endDate && endDate <= startDate)
    valid = fail('endDate', 'END_NOT_AFTER_START', 'Koniec ochrony musi być po jej początku');
  const premiumText = get('premium');
  const premium = premiumText ? parseZlote(premiumText) : null;
  if (!premiumText) valid = fail('premium', 'MISSING_VALUE', 'Brak składki');
  else if (premium === null)
    valid = fail('premium', 'INVALID_AMOUNT', 'Składka w złotych, np. 1234,56 lub 1234.56');
  if (!valid || !policyNumber || !productName || !startDate || !endDate || premium === null) return null;
  return {
    insurerNip,
    policyNumber,
    lineOfBusiness: line as LineOfBusiness,
    productName,
    startDate,
    endDate,
    premium,
  };
}

function day(get: Get, column: 'startDate' | 'endDate', fail: Fail): string | null {
  const value = get(column);
  if (!value) {
    fail(column, 'MISSING_VALUE', 'Brak daty');
    return null;
  }
  const parsed = parseDay(value);
  if (!parsed) fail(column, 'INVALID_DATE', 'Data w postaci RRRR-MM-DD lub dd.mm.rrrr');
  return parsed;
}
