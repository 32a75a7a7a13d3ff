import { addCalendarMonths, isCalendarDate } from '../retention';
import { answerDueDate, extendedDueDate, isOverdue } from './due-date';

describe('art. 12(3) due dates', () => {
  it.each([
    ['2025-01-15', '2025-02-15'],
    ['2025-01-31', '2025-02-28'],
    ['2024-01-31', '2024-02-29'],
    ['2024-01-29', '2024-02-29'],
    ['2024-01-30', '2024-02-29'],
    ['2024-02-29', '2024-03-29'],
    ['2025-03-31', '2025-04-30'],
    ['2025-08-31', '2025-09-30'],
    ['2025-12-31', '2026-01-31'],
    ['2025-12-15', '2026-01-15'],
    ['2100-01-31', '2100-02-28'],
    ['2000-01-31', '2000-02-29'],
  ])('received %s is due %s', (received, due) => {
    expect(answerDueDate(received)).toBe(due);
  });

  it.each([
    ['2025-01-31', '2025-04-30'],
    ['2025-11-30', '2026-02-28'],
    ['2023-11-30', '2024-02-29'],
    ['2025-12-31', '2026-03-31'],
    ['2024-02-29', '2024-05-29'],
  ])('received %s, extended, is due %s (three months from receipt)', (received, due) => {
    expect(extendedDueDate(received)).toBe(due);
  });

  it('never gives a date that does not exist, and never goes backwards', () => {
    for (let year = 1999; year <= 2101; year++) {
      for (let month = 1; month <= 12; month++) {
        for (const day of [1, 28, 29, 30, 31]) {
          const date = `${year}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
          if (!isCalendarDate(date)) continue;
          const due = answerDueDate(date);
          expect(isCalendarDate(due)).toBe(true);
          expect(due > date).toBe(true);
          // Same day of month when it exists, otherwise the month's last day.
          const dueDay = Number(due.slice(8));
          expect(dueDay === day || dueDay < day).toBe(true);
          expect(isCalendarDate(addCalendarMonths(due, 0))).toBe(true);
        }
      }
    }
  });

  it('counts back across a year boundary', () => {
    expect(addCalendarMonths('2025-01-31', -2)).toBe('2024-11-30');
    expect(addCalendarMonths('2025-03-31', -1)).toBe('2025-02-28');
  });

  it('refuses what is not a calendar date', () => {
    expect(isCalendarDate('2025-02-29')).toBe(false);
    expect(isCalendarDate('2024-02-29')).toBe(true);
    expect(isCalendarDate('2025-13-01')).toBe(false);
    expect(() => addCalendarMonths('2025-02-30', 1)).toThrow(RangeError);
  });

  it('is overdue only once the due date has passed (an answer on the due date is in time)', () => {
    expect(isOverdue('2025-02-28', '2025-02-28')).toBe(false);
    expect(isOverdue('2025-02-28', '2025-03-01')).toBe(true);
  });
});
