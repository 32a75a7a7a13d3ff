import { parseDay, parseZlote } from './book-values';

describe('book file values', () => {
  it('reads days in both notations and refuses days that do not exist', () => {
    expect(parseDay('2026-03-01')).toBe('2026-03-01');
    expect(parseDay('01.03.2026')).toBe('2026-03-01');
    expect(parseDay('29.02.2025')).toBeNull();
    expect(parseDay('2026-13-01')).toBeNull();
    expect(parseDay('1.3.2026')).toBeNull();
    expect(parseDay('2026/03/01')).toBeNull();
  });

  it('reads złote with a comma, a point or spaces into grosze', () => {
    expect(parseZlote('1234,56')).toBe(123_456);
    expect(parseZlote('1234.5')).toBe(123_450);
    expect(parseZlote('1 234,56')).toBe(123_456);
    expect(parseZlote('850')).toBe(85_000);
    expect(parseZlote('12,345')).toBeNull();
    expect(parseZlote('-5')).toBeNull();
    expect(parseZlote('abc')).toBeNull();
  });
});
