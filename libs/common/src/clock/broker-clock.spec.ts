import { AppConfig } from '../config/app-config';
import { BrokerClock, calendarDateIn, todaySqlIn } from './broker-clock';

const clockIn = (zone: string) => new BrokerClock({ BROKER_TIME_ZONE: zone } as AppConfig);

describe('BrokerClock', () => {
  const warsaw = clockIn('Europe/Warsaw');

  it('takes the zone from BROKER_TIME_ZONE, Europe/Warsaw by default', () => {
    expect(new AppConfig().BROKER_TIME_ZONE).toBe('Europe/Warsaw');
    expect(warsaw.timeZone).toBe('Europe/Warsaw');
    expect(clockIn('UTC').timeZone).toBe('UTC');
  });

  it('turns the day at midnight in Warsaw, not at midnight UTC', () => {
    // Winter (CET, UTC+1): 23:30 UTC on 31 December is already 1 January in Warsaw.
    expect(warsaw.dateOf(new Date('2026-12-31T22:59:59Z'))).toBe('2026-12-31');
    expect(warsaw.dateOf(new Date('2026-12-31T23:00:00Z'))).toBe('2027-01-01');
    expect(clockIn('UTC').dateOf(new Date('2026-12-31T23:30:00Z'))).toBe('2026-12-31');
    // Summer (CEST, UTC+2): the day turns at 22:00 UTC.
    expect(warsaw.dateOf(new Date('2025-07-01T21:59:59Z'))).toBe('2025-07-01');
    expect(warsaw.dateOf(new Date('2025-07-01T22:00:00Z'))).toBe('2025-07-02');
  });

  it('keeps the right date across the daylight-saving changes', () => {
    // Spring forward on 29 March 2026 at 01:00 UTC: midnight that day was 23:00 UTC (still CET),
    // and the next midnight is 22:00 UTC (CEST).
    expect(warsaw.dateOf(new Date('2026-03-28T23:00:00Z'))).toBe('2026-03-29');
    expect(warsaw.dateOf(new Date('2026-03-29T21:59:59Z'))).toBe('2026-03-29');
    expect(warsaw.dateOf(new Date('2026-03-29T22:00:00Z'))).toBe('2026-03-30');
    // Fall back on 25 October 2026 at 01:00 UTC: that day began at 22:00 UTC (CEST) and is 25 hours long.
    expect(warsaw.dateOf(new Date('2026-10-24T22:00:00Z'))).toBe('2026-10-25');
    expect(warsaw.dateOf(new Date('2026-10-25T22:59:59Z'))).toBe('2026-10-25');
    expect(warsaw.dateOf(new Date('2026-10-25T23:00:00Z'))).toBe('2026-10-26');
  });

  it('gives today for the instant it is asked about (now by default)', () => {
    expect(warsaw.today(new Date('2026-12-31T23:30:00Z'))).toBe('2027-01-01');
    expect(warsaw.today()).toBe(calendarDateIn('Europe/Warsaw', new Date()));
  });

  it('gives today in SQL as the date in the configured zone', () => {
    expect(warsaw.todaySql).toBe("(now() AT TIME ZONE 'Europe/Warsaw')::date");
    expect(clockIn('America/New_York').todaySql).toBe("(now() AT TIME ZONE 'America/New_York')::date");
    expect(() => todaySqlIn("Europe/Warsaw'; DROP TABLE client; --")).toThrow();
  });
});
