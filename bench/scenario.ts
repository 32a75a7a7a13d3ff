/**
 * A benchmark scenario measures a subject against a baseline in the same process run, alternating
 * rounds so that machine noise hits both alike, and reports medians, p99 and their ratio.
 */
export interface BenchOptions {
  quick: boolean;
  /** A database server URL (postgres://.../anything); scenarios create databases of their own on it. */
  serverUrl: string;
  redisUrl: string;
  log: (message: string) => void;
}

export interface Measurement {
  /** Throughput of one round, in operations per second (higher is better). */
  opsPerSecond: number;
  /** Latencies of single operations in the round, in milliseconds, when meaningful. */
  latenciesMs?: number[];
}

export interface ScenarioResult {
  id: string;
  title: string;
  unit: string;
  baseline: { label: string; medianOpsPerSecond: number; p99Ms: number | null; rounds: number[] };
  subject: { label: string; medianOpsPerSecond: number; p99Ms: number | null; rounds: number[] };
  /** subject / baseline throughput */
  ratio: number;
  goal: { ratioAtLeast?: number; description: string };
  met: boolean;
  extra?: Record<string, unknown>;
}

export interface Scenario {
  id: string;
  title: string;
  run(options: BenchOptions): Promise<ScenarioResult>;
}

export function median(values: number[]): number {
  if (values.length === 0) return 0;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

export function percentile(values: number[], p: number): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}

/** Runs baseline and subject alternately for `rounds` rounds and summarises. */
export async function alternate(
  rounds: number,
  baseline: () => Promise<Measurement>,
  subject: () => Promise<Measurement>,
): Promise<{ baseline: Measurement[]; subject: Measurement[] }> {
  const b: Measurement[] = [];
  const s: Measurement[] = [];
  for (let i = 0; i < rounds; i++) {
    if (i % 2 === 0) {
      b.push(await baseline());
      s.push(await subject());
    } else {
      s.push(await subject());
      b.push(await baseline());
    }
  }
  return { baseline: b, subject: s };
}

export function summarise(
  id: string,
  title: string,
  unit: string,
  labels: { baseline: string; subject: string },
  measured: { baseline: Measurement[]; subject: Measurement[] },
  goal: { ratioAtLeast?: number; description: string },
  extra?: Record<string, unknown>,
): ScenarioResult {
  const side = (label: string, ms: Measurement[]) => ({
    label,
    medianOpsPerSecond: Math.round(median(ms.map((m) => m.opsPerSecond)) * 10) / 10,
    p99Ms: percentile(
      ms.flatMap((m) => m.latenciesMs ?? []),
      99,
    ),
    rounds: ms.map((m) => Math.round(m.opsPerSecond)),
  });
  const baseline = side(labels.baseline, measured.baseline);
  const subject = side(labels.subject, measured.subject);
  const ratio =
    baseline.medianOpsPerSecond > 0
      ? Math.round((subject.medianOpsPerSecond / baseline.medianOpsPerSecond) * 1000) / 1000
      : 0;
  return {
    id,
    title,
    unit,
    baseline,
    subject,
    ratio,
    goal,
    met: goal.ratioAtLeast === undefined || ratio >= goal.ratioAtLeast,
    extra,
  };
}
