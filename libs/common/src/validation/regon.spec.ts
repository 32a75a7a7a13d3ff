import { isValidKrs, isValidRegon, makeRegon } from './regon';

describe('REGON', () => {
  it('accepts published numbers of both lengths', () => {
    // GUS's own REGON and a 14-digit local unit number from its documentation of the algorithm.
    expect(isValidRegon('000331501')).toBe(true);
    expect(isValidRegon('123456785')).toBe(true);
    expect(isValidRegon('12345678512347')).toBe(true);
  });

  it('refuses a wrong check digit, a wrong length and letters', () => {
    expect(isValidRegon('123456786')).toBe(false);
    expect(isValidRegon('12345678512348')).toBe(false);
    expect(isValidRegon('1234567')).toBe(false);
    expect(isValidRegon('12345678a')).toBe(false);
    expect(isValidRegon('000000000')).toBe(false);
  });

  it('refuses a 14-digit number whose 9-digit entity part is invalid', () => {
    // Same unit digits, entity part with a broken check digit; the 14-digit check is recomputed.
    const valid = makeRegon(12345678, 1234);
    const broken = '123456786' + valid.slice(9, 13);
    const weights = [2, 4, 8, 5, 0, 9, 7, 3, 6, 1, 2, 4, 8];
    const check = (weights.reduce((a, w, i) => a + w * Number(broken[i]), 0) % 11) % 10;
    expect(isValidRegon(broken + String(check))).toBe(false);
  });

  it('builds valid numbers, including where the sum leaves 10', () => {
    for (let n = 1; n < 300; n++) {
      expect(isValidRegon(makeRegon(n * 7919))).toBe(true);
      expect(isValidRegon(makeRegon(n * 7919, n))).toBe(true);
    }
  });
});

describe('KRS', () => {
  it('takes ten digits with leading zeros', () => {
    expect(isValidKrs('0000012345')).toBe(true);
    expect(isValidKrs('12345')).toBe(false);
    expect(isValidKrs('0000000000')).toBe(false);
  });
});
