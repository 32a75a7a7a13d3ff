import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DailyRotatingFile } from './request-log-file';

describe('DailyRotatingFile', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'consentry-rotate-'));
  });
  afterEach(() => {
    rmSync(dir, { recursive: true, force: true });
  });

  it('writes one file per UTC day and deletes dated files older than the retention', async () => {
    // Files another process (or an earlier run) left behind, plus one that is not ours.
    for (const name of [
      'requests-2025-01-01.log',
      'requests-2025-01-25.log',
      'requests-2025-01-26.log',
      'other-2020-01-01.log',
      'requests.log',
    ]) {
      writeFileSync(join(dir, name), 'old\n');
    }
    let now = new Date('2025-01-31T23:59:59.000Z');
    const reports: string[] = [];
    const file = new DailyRotatingFile(
      join(dir, 'requests.log'),
      7,
      () => now,
      (m) => reports.push(m),
    );
    file.write('{"n":1}\n');
    file.write('{"n":2}\n');
    now = new Date('2025-02-01T00:00:01.000Z');
    file.write('{"n":3}\n');
    await file.close();

    expect(readFileSync(join(dir, 'requests-2025-01-31.log'), 'utf8')).toBe('{"n":1}\n{"n":2}\n');
    expect(readFileSync(join(dir, 'requests-2025-02-01.log'), 'utf8')).toBe('{"n":3}\n');
    // Seven days kept on 1 February: 26 January .. 1 February.
    expect(readdirSync(dir).sort()).toEqual([
      'other-2020-01-01.log',
      'requests-2025-01-26.log',
      'requests-2025-01-31.log',
      'requests-2025-02-01.log',
      'requests.log',
    ]);
    expect(reports).toEqual([]);
  });

  it('appends to the day file rather than replacing it', async () => {
    const now = () => new Date('2025-03-03T10:00:00Z');
    const first = new DailyRotatingFile(join(dir, 'http.log'), 30, now);
    first.write('a\n');
    await first.close();
    const second = new DailyRotatingFile(join(dir, 'http.log'), 30, now);
    second.write('b\n');
    await second.close();
    expect(readFileSync(join(dir, 'http-2025-03-03.log'), 'utf8')).toBe('a\nb\n');
  });

  it('reports a file it cannot write without the line, and keeps serving', async () => {
    const reports: string[] = [];
    const file = new DailyRotatingFile(
      join(dir, 'logs', 'requests.log'),
      30,
      () => new Date('2025-03-03T10:00:00Z'),
      (m) => reports.push(m),
    );
    rmSync(join(dir, 'logs'), { recursive: true });
    file.write('{"secret":"never in a report"}\n');
    await new Promise((r) => setTimeout(r, 50));
    file.write('dropped\n');
    await file.close();
    const cannotWrite = reports.filter((r) => r.includes('cannot write'));
    expect(cannotWrite).toHaveLength(1);
    expect(cannotWrite[0]).toMatch(/cannot write .*requests-2025-03-03\.log: ENOENT/);
    expect(reports.join('\n')).not.toContain('secret');
    expect(existsSync(join(dir, 'logs'))).toBe(false);
  });
});
