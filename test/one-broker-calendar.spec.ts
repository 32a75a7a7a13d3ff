import { readFileSync, readdirSync } from 'node:fs';
import { join, relative } from 'node:path';

/**
 * "Today" has one definition: BrokerClock (libs/common/src/clock). Any other way of reckoning the
 * calendar date (the database server's CURRENT_DATE, a copy of the broker's zone) would let
 * contracts, quotes, mandates, reminders, deadlines and retention disagree about what day it is.
 */
const ROOT = join(__dirname, '..');
const CLOCK_DIR = 'libs/common/src/clock/';
/** Where the zone is configured (BROKER_TIME_ZONE and the zones cron schedules run in). */
/** The one validated configuration class and the calendar part it extends. */
const CONFIG_FILES = ['libs/common/src/config/app-config.ts', 'libs/common/src/config/schedule-config.ts'];

function sourceFiles(dir: string): string[] {
  return readdirSync(join(ROOT, dir), { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return entry.name === 'node_modules' ? [] : sourceFiles(path);
    return entry.name.endsWith('.ts') ? [path] : [];
  });
}

const files = ['src', 'libs', 'bench', 'test'].flatMap(sourceFiles).map((f) => relative(ROOT, join(ROOT, f)));
const self = relative(ROOT, __filename);

function offending(pattern: RegExp, allowed: (file: string) => boolean): string[] {
  return files
    .filter((file) => file !== self && !file.startsWith(CLOCK_DIR) && !allowed(file))
    .flatMap((file) =>
      readFileSync(join(ROOT, file), 'utf8')
        .split('\n')
        .map((line, i) => (pattern.test(line) ? `${file}:${i + 1}: ${line.trim()}` : null))
        .filter((hit): hit is string => hit !== null),
    );
}

describe('one broker calendar', () => {
  it('scans the code it guards', () => {
    expect(files).toContain('libs/common/src/clock/broker-clock.ts');
    expect(files.some((f) => f.startsWith('src/contracts/'))).toBe(true);
  });

  it('has no second SQL today: no CURRENT_DATE, BROKER_TODAY_SQL or `now() AT TIME ZONE` a local zone outside BrokerClock', () => {
    expect(
      offending(/CURRENT_DATE|BROKER_TODAY_SQL|now\(\)\s+AT\s+TIME\s+ZONE\s+'(?!UTC')/i, () => false),
    ).toEqual([]);
  });

  it("has no copy of the broker's zone in the application code outside BrokerClock and the config", () => {
    const applicationCode = (file: string) =>
      !file.startsWith('test/') && !file.endsWith('.spec.ts') && !CONFIG_FILES.includes(file);
    expect(offending(/'Europe\/Warsaw'/, (file) => !applicationCode(file))).toEqual([]);
  });

  it('has no other helper computing a calendar date from an instant (brokerDateOf, todayIn, todayInPoland)', () => {
    expect(offending(/\b(brokerDateOf|todayInPoland|todayIn)\(/, () => false)).toEqual([]);
  });
});
