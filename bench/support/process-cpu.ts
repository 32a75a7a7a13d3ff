import { readFileSync, readdirSync } from 'node:fs';

/** Clock ticks per second of /proc's CPU times (USER_HZ; 100 on Linux). */
const TICKS_PER_SECOND = 100;

/** CPU by group: the server under test, PostgreSQL's processes, Redis, and the load generator (this process). */
export interface CpuByGroup {
  server: number;
  postgres: number;
  redis: number;
  load: number;
}

/** CPU seconds (user + system) of each process of a group, by pid. */
export type CpuSnapshot = Map<number, { group: keyof CpuByGroup; seconds: number }>;

/** Reads /proc (Linux only; elsewhere the snapshot is empty and every figure 0). */
export function cpuSnapshot(serverPid: number | undefined): CpuSnapshot {
  const snapshot: CpuSnapshot = new Map();
  let entries: string[];
  try {
    entries = readdirSync('/proc');
  } catch {
    return snapshot;
  }
  for (const entry of entries) {
    if (!/^\d+$/.test(entry)) continue;
    let stat: string;
    try {
      stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
    } catch {
      continue;
    }
    const pid = Number(entry);
    const name = stat.slice(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
    const group: keyof CpuByGroup | null =
      pid === serverPid
        ? 'server'
        : pid === process.pid
          ? 'load'
          : name.startsWith('postgres')
            ? 'postgres'
            : name.startsWith('redis-server')
              ? 'redis'
              : null;
    if (!group) continue;
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    snapshot.set(pid, { group, seconds: (Number(fields[11]) + Number(fields[12])) / TICKS_PER_SECOND });
  }
  return snapshot;
}

/**
 * Microseconds of CPU per operation by group between two snapshots. A process that started in
 * between counts whole; one that ended in between is lost (PostgreSQL backends of an idle pool).
 */
export function cpuPerOperation(before: CpuSnapshot, after: CpuSnapshot, operations: number): CpuByGroup {
  const seconds: CpuByGroup = { server: 0, postgres: 0, redis: 0, load: 0 };
  for (const [pid, { group, seconds: now }] of after) seconds[group] += now - (before.get(pid)?.seconds ?? 0);
  const per = (s: number) => (operations > 0 ? Math.round((s * 1e6) / operations) : 0);
  return {
    server: per(seconds.server),
    postgres: per(seconds.postgres),
    redis: per(seconds.redis),
    load: per(seconds.load),
  };
}

/** One round's CPU per operation, for its log line: this process, Redis and PostgreSQL, in µs. */
export function cpuLine(cpu: CpuByGroup, per: string): string {
  return `CPU per ${per}: this process ${cpu.load} µs, Redis ${cpu.redis} µs, PostgreSQL ${cpu.postgres} µs`;
}

/** The machine's CPU time so far, in ticks: all of it and the part stolen by the hypervisor. */
export function machineCpuTicks(): { total: number; steal: number } | null {
  try {
    const line = readFileSync('/proc/stat', 'utf8').split('\n')[0];
    const ticks = line.trim().split(/\s+/).slice(1).map(Number);
    // user nice system idle iowait irq softirq steal (guest time is already counted in user).
    return { total: ticks.slice(0, 8).reduce((a, b) => a + b, 0), steal: ticks[7] ?? 0 };
  } catch {
    return null;
  }
}

/** Percent of the machine's CPU time stolen between two readings (null where /proc is missing). */
export function stealPercent(
  before: ReturnType<typeof machineCpuTicks>,
  after: ReturnType<typeof machineCpuTicks>,
): number | null {
  if (!before || !after || after.total <= before.total) return null;
  return Math.round(((after.steal - before.steal) * 1000) / (after.total - before.total)) / 10;
}
