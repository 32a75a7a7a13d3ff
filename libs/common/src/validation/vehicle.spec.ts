import { checkVin, isValidRegistrationNumber, makeVin, normaliseRegistrationNumber } from './vehicle';

describe('VIN', () => {
  it('accepts a VIN whose check digit validates', () => {
    expect(checkVin('1M8GDM9AXKP042788')).toEqual({ valid: true, vin: '1M8GDM9AXKP042788' });
    expect(checkVin('1m8gdm9axkp042788')).toEqual({ valid: true, vin: '1M8GDM9AXKP042788' });
  });

  it('accepts a European VIN with a letter in the 9th place (no check digit)', () => {
    expect(checkVin('WVWZZZ1JZ3W386752').valid).toBe(true);
  });

  it.each([
    ['1M8GDM9A1KP042788', 'check digit'],
    ['1M8GDM9AXKP04278', '17 characters'],
    ['1M8GDM9AXKP0427O8', 'without I, O and Q'],
    ['WVWZZZ1JZ3W38675Q', 'without I, O and Q'],
  ])('refuses %s (%s)', (vin, reason) => {
    const result = checkVin(vin);
    expect(result.valid).toBe(false);
    if (!result.valid) expect(result.reason).toContain(reason);
  });

  it('builds VINs whose check digit validates', () => {
    for (const base of ['1M8GDM9AKP042788', 'SB1BR56L0XE00000', 'TMBJJ7NE5L012345']) {
      const vin = makeVin(base);
      expect(vin).toHaveLength(17);
      expect(checkVin(vin).valid).toBe(true);
    }
  });
});

describe('Polish registration number', () => {
  it('normalises to upper case without spaces', () => {
    expect(normaliseRegistrationNumber('wa 12345')).toBe('WA12345');
    expect(normaliseRegistrationNumber('BI 3K7L2')).toBe('BI3K7L2');
  });

  it.each(['WA12345', 'BI3K7L2', 'KRA1234', 'WPI12AB', 'ba 1234'])('accepts %s', (plate) => {
    expect(isValidRegistrationNumber(plate)).toBe(true);
  });

  it.each(['W123456', 'WA123', '12AB345', 'WAWA123456', 'WA-12345!'])('refuses %s', (plate) => {
    expect(isValidRegistrationNumber(plate)).toBe(false);
  });
});
