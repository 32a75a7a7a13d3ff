import { addDays, daysBetween, reminderStillDue } from './reminder-dates';

describe('reminder dates', () => {
  it('computes days across month, year and daylight-saving boundaries', () => {
    expect(addDays('2026-01-31', 1)).toBe('2026-02-01');
    expect(addDays('2026-12-31', 1)).toBe('2027-01-01');
    expect(addDays('2026-03-28', 2)).toBe('2026-03-30');
    expect(daysBetween('2026-03-01', '2026-03-31')).toBe(30);
    expect(daysBetween('2026-10-24', '2026-10-26')).toBe(2);
  });

  const base = { endDate: '2026-07-31', graceDays: 0, nextShorterLead: 7 };
  it('sends on the due day', () => {
    expect(reminderStillDue({ ...base, dueOn: '2026-07-01', today: '2026-07-01' })).toBe(true);
  });

  it('sends nothing whose day has passed, without grace', () => {
    expect(reminderStillDue({ ...base, dueOn: '2026-07-01', today: '2026-07-02' })).toBe(false);
  });

  it('catches up within the grace, but never a 30-day reminder 25 days before the end', () => {
    expect(reminderStillDue({ ...base, graceDays: 2, dueOn: '2026-07-01', today: '2026-07-03' })).toBe(true);
    expect(reminderStillDue({ ...base, graceDays: 2, dueOn: '2026-07-01', today: '2026-07-06' })).toBe(false);
  });

  it('lets the next shorter reminder supersede a late one, and never sends early or after the end', () => {
    expect(reminderStillDue({ ...base, graceDays: 30, dueOn: '2026-07-01', today: '2026-07-24' })).toBe(
      false,
    );
    expect(reminderStillDue({ ...base, dueOn: '2026-07-02', today: '2026-07-01' })).toBe(false);
    expect(
      reminderStillDue({
        endDate: '2026-07-31',
        graceDays: 10,
        nextShorterLead: null,
        dueOn: '2026-07-24',
        today: '2026-07-31',
      }),
    ).toBe(false);
  });
});
