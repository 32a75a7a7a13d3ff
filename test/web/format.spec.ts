import { makePesel } from '@app/common/validation/pesel';
import {
  formatDate,
  formatDateTime,
  formatMoney,
  normalisePhone,
  normalisePostcode,
  parseTypedDate,
  parseZlotyToGrosze,
} from '../../web/src/lib/format';
import { peselBirthDate } from '../../web/src/lib/pesel';
import { classifySearch } from '../../web/src/lib/search';

const NBSP = '\u00a0';

/** The workplace's Polish formats (web/src/lib), run under Node's Intl with full ICU. */
describe('workplace formats', () => {
  it('shows dates as dd.mm.rrrr, timestamps as the day in Warsaw', () => {
    expect(formatDate('2026-03-09')).toBe('09.03.2026');
    // 23:30 UTC on 31 December is already 1 January in Warsaw (UTC+1 in winter).
    expect(formatDate('2026-12-31T23:30:00Z')).toBe('01.01.2027');
    expect(formatDate('2026-06-30T22:30:00Z')).toBe('01.07.2026');
    expect(formatDateTime('2026-06-30T22:30:00Z')).toBe('01.07.2026, 00:30');
    expect(formatDate(undefined)).toBe('');
  });

  it('shows money as 1 234,56 zł and reads złote typed either way into grosze', () => {
    expect(formatMoney({ amount: 123456, currency: 'PLN' })).toBe(`1${NBSP}234,56${NBSP}zł`);
    expect(formatMoney({ amount: 123456789, currency: 'PLN' })).toBe(`1${NBSP}234${NBSP}567,89${NBSP}zł`);
    expect(formatMoney(5)).toBe(`0,05${NBSP}zł`);
    expect(formatMoney(-1050)).toBe(`-10,50${NBSP}zł`);
    expect(parseZlotyToGrosze('1 234,56')).toBe(123456);
    expect(parseZlotyToGrosze('0,29')).toBe(29);
    expect(parseZlotyToGrosze('12.5 zł')).toBe(1250);
    expect(parseZlotyToGrosze('12,345')).toBeNull();
    expect(parseZlotyToGrosze('abc')).toBeNull();
  });

  it('normalises postcodes and phone numbers, refusing what is neither', () => {
    expect(normalisePostcode('00001')).toBe('00-001');
    expect(normalisePostcode('15-950')).toBe('15-950');
    expect(normalisePostcode('1595')).toBeNull();
    expect(normalisePostcode('AB-123')).toBeNull();
    expect(normalisePhone('600 100 200')).toBe('+48600100200');
    expect(normalisePhone('+48 600-100-200')).toBe('+48600100200');
    expect(normalisePhone('0049 30 1234567')).toBe('+49301234567');
    expect(normalisePhone('12345')).toBeNull();
    expect(normalisePhone('600 ABC 200')).toBeNull();
  });

  it('reads the date of birth from a PESEL of any century, and nothing from a wrong one', () => {
    expect(peselBirthDate(makePesel('1990-07-15', 1234))).toBe('1990-07-15');
    expect(peselBirthDate(makePesel('2004-02-29', 42))).toBe('2004-02-29');
    const valid = makePesel('1985-03-14', 777);
    const broken = valid.slice(0, 10) + String((Number(valid[10]) + 1) % 10);
    expect(peselBirthDate(broken)).toBeNull();
    expect(peselBirthDate('123')).toBeNull();
  });

  it('sends the search text to the parameter it looks like', () => {
    expect(classifySearch('85031412345')).toEqual({ pesel: '85031412345' });
    expect(classifySearch('jan@example.com')).toEqual({ email: 'jan@example.com' });
    expect(classifySearch('+48 600 100 200')).toEqual({ phone: '+48 600 100 200' });
    expect(classifySearch('Kowal')).toEqual({ q: 'Kowal' });
    expect(classifySearch('  ')).toEqual({});
  });

  it('reads a typed date as dd.mm.rrrr or rrrr-mm-dd, and only a day of the calendar', () => {
    expect(parseTypedDate('15.07.1990')).toBe('1990-07-15');
    expect(parseTypedDate(' 1.2.2027 ')).toBe('2027-02-01');
    expect(parseTypedDate('29/02/2028')).toBe('2028-02-29');
    expect(parseTypedDate('2026-12-31')).toBe('2026-12-31');
    expect(parseTypedDate('29.02.2027')).toBeNull();
    expect(parseTypedDate('31.04.2026')).toBeNull();
    expect(parseTypedDate('15.07.199')).toBeNull();
    expect(parseTypedDate('07.15.1990')).toBeNull();
    expect(parseTypedDate('')).toBeNull();
  });
});
