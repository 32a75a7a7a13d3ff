import { checkPesel, makePesel } from './pesel';
import { isValidNip, makeNip } from './nip';
import { normalisePhone, isValidPolishPostalCode } from './contact';

describe('PESEL', () => {
  it('accepts a valid number and decodes birth date and sex', () => {
    expect(checkPesel('44051401359')).toEqual({ valid: true, birthDate: '1944-05-14', sex: 'male' });
    expect(checkPesel('02270803624')).toEqual({ valid: true, birthDate: '2002-07-08', sex: 'female' });
  });

  it.each([
    ['44051401358', 'check digit'],
    ['4405140135', '11 digits'],
    ['4405140135a', '11 digits'],
    ['44133101357', 'month'],
    [makePesel('1944-02-31', 135), 'date'],
  ])('refuses %s (%s)', (pesel, reason) => {
    const result = checkPesel(pesel);
    expect(result.valid).toBe(false);
    if (!result.valid) expect(result.reason).toContain(reason);
  });

  it('checks the birth date against dateOfBirth', () => {
    expect(checkPesel('44051401359', '1944-05-14').valid).toBe(true);
    expect(checkPesel('44051401359', '1944-05-15').valid).toBe(false);
  });

  it('builds valid numbers for every century it encodes', () => {
    for (const date of ['1899-12-31', '1900-01-01', '1985-03-14', '2000-02-29', '2024-12-31']) {
      const pesel = makePesel(date, 4321);
      expect(checkPesel(pesel, date)).toMatchObject({ valid: true, birthDate: date });
    }
  });

  it('refuses a number whose birth date lies in the future', () => {
    expect(checkPesel(makePesel('2101-06-01', 4321))).toEqual({
      valid: false,
      reason: 'PESEL encodes a birth date in the future',
    });
    const tomorrowEverywhere = new Date(Date.now() + 38 * 3_600_000).toISOString().slice(0, 10);
    expect(checkPesel(makePesel(tomorrowEverywhere, 1)).valid).toBe(false);
    expect(checkPesel(makePesel(new Date().toISOString().slice(0, 10), 1)).valid).toBe(true);
  });
});

describe('NIP, phone and postal code', () => {
  it('validates NIP check digits', () => {
    expect(isValidNip('526-000-12-46')).toBe(true);
    expect(isValidNip('5260001247')).toBe(false);
    expect(isValidNip('123')).toBe(false);
    expect(isValidNip(makeNip(777000000))).toBe(true);
  });

  it('normalises phone numbers to E.164', () => {
    expect(normalisePhone('600 100 200')).toBe('+48600100200');
    expect(normalisePhone('0048 600-100-200')).toBe('+48600100200');
    expect(normalisePhone('+44 20 7946 0958')).toBe('+442079460958');
    expect(normalisePhone('12')).toBeNull();
  });

  it('checks Polish postal codes', () => {
    expect(isValidPolishPostalCode('00-950')).toBe(true);
    expect(isValidPolishPostalCode('00950')).toBe(false);
  });
});
