import { calendarDate, citeArticle, counted, dateTime, days, money } from './polish';

const WARSAW = 'Europe/Warsaw';

describe('Polish forms', () => {
  it('counts days with the three Polish plural forms', () => {
    expect([1, 2, 3, 4, 5, 11, 12, 21, 22, 25, 0].map((n) => days(n))).toEqual([
      '1 dzień',
      '2 dni',
      '3 dni',
      '4 dni',
      '5 dni',
      '11 dni',
      '12 dni',
      '21 dni',
      '22 dni',
      '25 dni',
      '0 dni',
    ]);
    expect([1, 3].map((n) => days(n, 'en'))).toEqual(['1 day', '3 days']);
  });

  it('distinguishes few from many where the noun does', () => {
    const forms = { one: 'polisa', few: 'polisy', many: 'polis', other: 'polisy' };
    expect([1, 2, 5, 22, 112].map((n) => counted(n, forms))).toEqual([
      '1 polisa',
      '2 polisy',
      '5 polis',
      '22 polisy',
      '112 polis',
    ]);
  });

  it('writes dates dd.mm.rrrr and times in the broker zone', () => {
    expect(calendarDate('2026-03-09')).toBe('09.03.2026');
    expect(calendarDate('2026-03-09', 'en')).toBe('09/03/2026');
    expect(() => calendarDate('9 March')).toThrow();
    // 23:30 UTC on 31 Dec is already New Year in Warsaw (UTC+1 in winter).
    expect(dateTime('2026-12-31T23:30:00Z', WARSAW)).toBe('01.01.2027, 00:30');
    // Summer time: UTC+2.
    expect(dateTime('2026-07-01T10:05:00Z', WARSAW)).toBe('01.07.2026, 12:05');
  });

  it('writes amounts in grosze as złote', () => {
    expect(money(123456)).toBe('1 234,56 zł');
    expect(money(5)).toBe('0,05 zł');
    expect(money(100000000)).toBe('1 000 000,00 zł');
    expect(money(-1234)).toBe('-12,34 zł');
    expect(money('99900')).toBe('999,00 zł');
    expect(money(123456, 'en')).toBe('PLN 1,234.56');
  });

  it('cites the GDPR as Polish law does, and leaves English as it is', () => {
    expect(citeArticle('art. 6(1)(b) GDPR')).toBe('art. 6 ust. 1 lit. b RODO');
    expect(citeArticle('art. 7(3) GDPR')).toBe('art. 7 ust. 3 RODO');
    expect(citeArticle('art. 15 GDPR')).toBe('art. 15 RODO');
    expect(citeArticle('art. 6(1)(b) GDPR', 'en')).toBe('art. 6(1)(b) GDPR');
  });
});
