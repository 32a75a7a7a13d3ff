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
  /** subject / baseline throughput: the ratio of the two sides' median rounds */
  ratio: number;
  /**
   * The median of the rounds' own ratios (each subject round against the baseline round run
   * beside it, as `alternate` pairs them), or null when the sides' rounds are not paired. A host
   * whose speed changes within a run moves both rounds of a pair alike, so this figure moves less
   * than `ratio`; it is reported beside it, and the goal stays judged on `ratio`.
   */
  pairedRatio: number | null;
  goal: { ratioAtLeast?: number; description: string };
  met: boolean;
  /**
   * Where measured: the same subject against the ceiling (NestJS on Fastify and pg in a process of
   * its own, nothing else), which shows the cost the whole application adds, not only the checks.
   */
  ceiling?: {
    label: string;
    medianOpsPerSecond: number;
    p99Ms: number | null;
    rounds: number[];
    /** subject / ceiling throughput */
    ratio: number;
    /** subject p99 / ceiling p99 */
    p99Ratio: number | null;
    goal: { ratioAtLeast: number; p99RatioAtMost?: number; description: string };
    met: boolean;
  };
  extra?: Record<string, unknown>;
  /**
   * The share of the machine's CPU time the hypervisor gave to other guests while the scenario
   * ran ("steal" in /proc/stat), in percent; a run with much of it measured a busy host.
   */
  hostStealPercent?: number | null;
}

export interface Scenario {
  id: string;
  title: string;
  /** Runs only when named with --only (a long one, such as the scale run). */
  onRequestOnly?: boolean;
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

/**
 * Runs every side once per round, rotating which goes first, so that noise and warm-up drift hit
 * all sides alike. Returns the measurements per side, in the order given.
 */
export async function alternateAll(
  rounds: number,
  sides: Array<() => Promise<Measurement>>,
): Promise<Measurement[][]> {
  const measured: Measurement[][] = sides.map(() => []);
  for (let i = 0; i < rounds; i++) {
    for (let k = 0; k < sides.length; k++) {
      const side = (i + k) % sides.length;
      measured[side].push(await sides[side]());
    }
  }
  return measured;
}

/** Adds the comparison with the ceiling to a summarised result. */
export function withCeiling(
  result: ScenarioResult,
  label: string,
  measured: Measurement[],
  goal: { ratioAtLeast: number; p99RatioAtMost?: number; description: string },
): ScenarioResult {
  const medianOpsPerSecond = Math.round(median(measured.map((m) => m.opsPerSecond)) * 10) / 10;
  const p99Ms = percentile(
    measured.flatMap((m) => m.latenciesMs ?? []),
    99,
  );
  const ratio =
    medianOpsPerSecond > 0
      ? Math.round((result.subject.medianOpsPerSecond / medianOpsPerSecond) * 1000) / 1000
      : 0;
  const p99Ratio =
    p99Ms && result.subject.p99Ms ? Math.round((result.subject.p99Ms / p99Ms) * 100) / 100 : null;
  return {
    ...result,
    ceiling: {
      label,
      medianOpsPerSecond,
      p99Ms,
      rounds: measured.map((m) => Math.round(m.opsPerSecond)),
      ratio,
      p99Ratio,
      goal,
      met:
        ratio >= goal.ratioAtLeast &&
        (goal.p99RatioAtMost === undefined || (p99Ratio !== null && p99Ratio <= goal.p99RatioAtMost)),
    },
  };
}

/** The median of subject[i] / baseline[i], or null unless both sides have the same number of rounds. */
export function pairedRatio(baseline: Measurement[], subject: Measurement[]): number | null {
  if (baseline.length === 0 || baseline.length !== subject.length) return null;
  if (baseline.some((m) => m.opsPerSecond <= 0)) return null;
  const ratios = subject.map((m, i) => m.opsPerSecond / baseline[i].opsPerSecond);
  return Math.round(median(ratios) * 1000) / 1000;
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
    pairedRatio: pairedRatio(measured.baseline, measured.subject),
    goal,
    met: goal.ratioAtLeast === undefined || ratio >= goal.ratioAtLeast,
    extra,
  };
}
