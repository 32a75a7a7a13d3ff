import { addMonths, instalmentStatus, planSchedule } from './schedule';

describe('payment schedules', () => {
  it('adds calendar months on the same day, clamped to the end of a shorter month', () => {
    expect(addMonths('2026-01-31', 1)).toBe('2026-02-28');
    expect(addMonths('2028-01-31', 1)).toBe('2028-02-29');
    expect(addMonths('2026-01-31', 2)).toBe('2026-03-31');
    expect(addMonths('2026-11-15', 3)).toBe('2027-02-15');
    expect(addMonths('2026-08-31', 6)).toBe('2027-02-28');
    expect(addMonths('2026-12-01', 0)).toBe('2026-12-01');
  });

  it('splits the premium into parts adding up exactly, the remainder on the first', () => {
    const plan = planSchedule(100_001, 4, '2026-01-31');
    expect(plan.map((p) => p.amount)).toEqual([25_001, 25_000, 25_000, 25_000]);
    expect(plan.map((p) => p.dueDate)).toEqual(['2026-01-31', '2026-04-30', '2026-07-31', '2026-10-31']);
    expect(plan.map((p) => p.number)).toEqual([1, 2, 3, 4]);
    const monthly = planSchedule(99_999, 12, '2026-03-31');
    expect(monthly.reduce((sum, p) => sum + p.amount, 0)).toBe(99_999);
    expect(monthly[0].amount).toBe(8_333 + 3);
    expect(monthly[1].dueDate).toBe('2026-04-30');
    expect(monthly[11].dueDate).toBe('2027-02-28');
    expect(planSchedule(5, 12, '2026-01-01').map((p) => p.amount)).toEqual([
      5, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
    ]);
    expect(planSchedule(123_456, 1, '2026-05-05')).toEqual([
      { number: 1, dueDate: '2026-05-05', amount: 123_456 },
    ]);
  });

  it('calls an instalment paid once the payments reach it, partially paid before', () => {
    expect(instalmentStatus(1000, 0)).toBe('unpaid');
    expect(instalmentStatus(1000, 1)).toBe('partially_paid');
    expect(instalmentStatus(1000, 1000)).toBe('paid');
    expect(instalmentStatus(1000, 1200)).toBe('paid');
  });
});
