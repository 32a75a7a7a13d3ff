import { instalmentCommissions, parseZlote, splitByShares, zloteForFile } from './commission-math';

describe('commission arithmetic', () => {
  it('splits a commission by shares to the grosz, the parts adding up to the whole', () => {
    const parts = splitByShares(1001, [
      { staffId: 'a', shareBp: 3333 },
      { staffId: 'b', shareBp: 3333 },
      { staffId: 'c', shareBp: 3334 },
    ]);
    expect(parts.map((p) => p.amount)).toEqual([334, 333, 334]);
    expect(parts.reduce((s, p) => s + p.amount, 0)).toBe(1001);
    expect(splitByShares(100, [{ staffId: 'a', shareBp: 10_000 }])[0].amount).toBe(100);
    // 7 grosze in halves: the first of two equal remainders gets the odd grosz.
    expect(
      splitByShares(7, [
        { staffId: 'a', shareBp: 5000 },
        { staffId: 'b', shareBp: 5000 },
      ]).map((p) => p.amount),
    ).toEqual([4, 3]);
  });

  it('gives each instalment its commission so that they add up to the contract’s, and earns only what is paid', () => {
    // 1 000,01 zł in four instalments at 12,35 %: the contract's commission is 123,50 zł.
    const schedule = [
      { amount: 25_001, paidAmount: 25_001 },
      { amount: 25_000, paidAmount: 10_000 },
      { amount: 25_000, paidAmount: 0 },
      { amount: 25_000, paidAmount: 0 },
    ];
    const rows = instalmentCommissions(schedule, 1235);
    expect(rows.reduce((s, r) => s + r.commission, 0)).toBe(12_350);
    expect(rows[0].earned).toBe(rows[0].commission);
    expect(rows[1].earned).toBeGreaterThan(0);
    expect(rows[1].earned).toBeLessThan(rows[1].commission);
    expect(rows[2].earned + rows[3].earned).toBe(0);
  });

  it('reads złote as statements write them into exact grosze, and refuses anything else', () => {
    expect(parseZlote('123,45')).toBe(12_345);
    expect(parseZlote('123.45')).toBe(12_345);
    expect(parseZlote(' 1 234,56 zł ')).toBe(123_456);
    expect(parseZlote('1\u00a0234,5')).toBe(123_450);
    expect(parseZlote('-12,34')).toBe(-1_234);
    expect(parseZlote('0.1')).toBe(10);
    // 0.1 + 0.2 in binary is not 0.3; as text it is read exactly.
    expect(parseZlote('19,99')).toBe(1_999);
    for (const bad of ['', 'abc', '12,345', '1,234.56', '12 34,00', '1e3', '--1', '100000000,01'])
      expect(parseZlote(bad)).toBeNull();
    expect(zloteForFile(123_456)).toBe('1234,56');
    expect(zloteForFile(-1_234)).toBe('-12,34');
    expect(zloteForFile(5)).toBe('0,05');
  });
});
