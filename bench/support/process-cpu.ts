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
