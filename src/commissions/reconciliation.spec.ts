import { differenceOf, reconcile } from './reconciliation';
import { readStatement } from './statement-file';

describe('statement reconciliation', () => {
  const contracts = [
    { contractId: 'k1', clientId: 'c1', policyNumber: 'AB/1', expected: 10_000, due: true },
    { contractId: 'k2', clientId: 'c2', policyNumber: 'AB/2', expected: 20_000, due: true },
    { contractId: 'k3', clientId: 'c3', policyNumber: 'AB/3', expected: 5_000, due: true },
    { contractId: 'k4', clientId: 'c4', policyNumber: 'AB/4', expected: 7_000, due: false },
  ];

  it('matches by policy number, states differences in grosze, and finds what is missing on either side', () => {
    const read = readStatement('Nr polisy;Prowizja\r\nab 1;100,00\r\nAB/2;187,66\r\nXX/9;1.5\r\n', {
      policyNumber: 'Nr polisy',
      commission: 'Prowizja',
    });
    if (!('payments' in read)) throw new Error(JSON.stringify(read));
    // "ab 1" is not "AB/1": the slash is part of the number.
    const lines = reconcile(read.payments, contracts);
    expect(lines.map((l) => [l.policyNumber, l.status, l.expected, l.paid, differenceOf(l)])).toEqual([
      ['ab 1', 'unknown_policy', null, 10_000, 10_000],
      ['AB/2', 'differs', 20_000, 18_766, -1_234],
      ['XX/9', 'unknown_policy', null, 150, 150],
      ['AB/1', 'missing', 10_000, null, -10_000],
      ['AB/3', 'missing', 5_000, null, -5_000],
    ]);
    const exact = reconcile([{ policyNumber: 'ab/1', key: 'AB/1', paid: 10_000, rowNumber: 2 }], contracts);
    expect(exact[0]).toMatchObject({ status: 'matched', contractId: 'k1', policyNumber: 'AB/1' });
  });

  it('adds up the rows of one policy and refuses a file with a bad row whole, naming row and column', () => {
    const read = readStatement('policyNumber,commission\nAB/1,"60,00"\nAB/1,40\n', {
      policyNumber: 'policyNumber',
      commission: 'commission',
    });
    expect(read).toEqual({ payments: [{ policyNumber: 'AB/1', key: 'AB/1', paid: 10_000, rowNumber: 2 }] });
    const bad = readStatement('policyNumber;commission\nAB/1;12,345\n;1\n', {
      policyNumber: 'policyNumber',
      commission: 'commission',
    });
    expect(bad).toEqual({
      errors: [
        expect.objectContaining({ row: 2, column: 'commission', code: 'INVALID_AMOUNT' }),
        expect.objectContaining({ row: 3, column: 'policyNumber', code: 'INVALID_POLICY_NUMBER' }),
      ],
    });
    expect(readStatement('a;b\n1;2\n', { policyNumber: 'Nr', commission: 'b' })).toEqual({
      errors: [expect.objectContaining({ row: 1, column: 'Nr', code: 'COLUMN_MISSING' })],
    });
  });
});
