import { CLAIM_STATUSES, allowedTransitions, isClosed, mayMove } from './claim-workflow';

describe('claim workflow', () => {
  it('moves reported → in assessment → paid, refused or withdrawn, and nowhere else', () => {
    expect(mayMove('reported', 'in_assessment')).toBe(true);
    expect(mayMove('in_assessment', 'paid')).toBe(true);
    expect(mayMove('in_assessment', 'refused')).toBe(true);
    expect(mayMove('reported', 'withdrawn')).toBe(true);
    expect(mayMove('reported', 'paid')).toBe(false);
    expect(mayMove('reported', 'refused')).toBe(false);
    expect(mayMove('in_assessment', 'reported')).toBe(false);
    expect(mayMove('reported', 'reported')).toBe(false);
  });

  it('closes a claim only when it is paid, refused or withdrawn; a closed claim moves no more', () => {
    expect(CLAIM_STATUSES.filter(isClosed)).toEqual(['paid', 'refused', 'withdrawn']);
    for (const closed of CLAIM_STATUSES.filter(isClosed)) expect(allowedTransitions(closed)).toEqual([]);
  });
});
