import { nextDay, warsawDay, warsawMidnight } from '../../web/src/record/record-dates';

describe('days of the record filters in Warsaw', () => {
  it('starts a day at midnight in Warsaw, in winter (UTC+1) and in summer (UTC+2)', () => {
    expect(warsawMidnight('2026-01-15')).toBe('2026-01-14T23:00:00.000Z');
    expect(warsawMidnight('2026-07-15')).toBe('2026-07-14T22:00:00.000Z');
    // The days the clocks change: the midnight before the change keeps the old offset.
    expect(warsawMidnight('2026-03-29')).toBe('2026-03-28T23:00:00.000Z');
    expect(warsawMidnight('2026-10-25')).toBe('2026-10-24T22:00:00.000Z');
  });

  it('counts the last day of a range whole: the next day, across months and years', () => {
    expect(nextDay('2026-01-31')).toBe('2026-02-01');
    expect(nextDay('2024-02-28')).toBe('2024-02-29');
    expect(nextDay('2026-12-31')).toBe('2027-01-01');
  });

  it('names the Warsaw day of an instant', () => {
    expect(warsawDay('2026-01-14T23:30:00Z')).toBe('2026-01-15');
    expect(warsawDay('2026-07-14T21:59:59Z')).toBe('2026-07-14');
  });
});
