import 'reflect-metadata';
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import { BenchOptions, ScenarioResult } from './scenario';
import { SCENARIOS } from './scenarios';
import { machineCpuTicks, stealPercent } from './support/process-cpu';

/**
 * `npm run bench [-- --quick] [-- --only P1,P5]`: runs every scenario, prints a table and writes
 * bench/results/latest.json. Databases it creates are named consentry_bench_* and dropped after.
 *
 * Each scenario runs in a process of its own (this script again, with `--scenario`), after a
 * CHECKPOINT: a scenario that fanned out a million jobs leaves a large heap, timers and dirty
 * pages behind, and in one long process they slowed every later scenario's rounds (P4's by a
 * quarter, both sides alike, so the ratio measured the leftovers more than the send path).
 */
async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const quick = args.includes('--quick');
  const valueOf = (name: string) =>
    args.find((a) => a.startsWith(`${name}=`))?.slice(name.length + 1) ??
    (args.includes(name) ? args[args.indexOf(name) + 1] : undefined);
  const options: BenchOptions = {
    quick,
    serverUrl: process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres',
    redisUrl: process.env.BENCH_REDIS_URL ?? 'redis://127.0.0.1:6379',
    log: (m: string) => process.stdout.write(`  ${m}\n`),
  };

  const onlyArg = valueOf('--only');
  // `--scenario X` is the child's form. Under ts-node (README's S1 command) this file cannot be
  // started again by a plain `node`, so there the one scenario named runs in this process.
  const single = valueOf('--scenario') ?? (__filename.endsWith('.ts') ? onlyArg : undefined);
  if (single) {
    if (single.includes(',')) throw new Error('name one scenario when running under ts-node');
    await runOne(single, options, valueOf('--result-file') ?? null);
    return;
  }
  const only = onlyArg ? new Set(onlyArg.split(',')) : null;
  const results: ScenarioResult[] = [];
  const scratch = mkdtempSync(join(tmpdir(), 'consentry-bench-'));
  try {
    for (const scenario of SCENARIOS) {
      if (only ? !only.has(scenario.id) : scenario.onRequestOnly) continue;
      await checkpoint(options.serverUrl);
      const resultFile = join(scratch, `${scenario.id}.json`);
      const code = await inChildProcess([
        '--scenario',
        scenario.id,
        '--result-file',
        resultFile,
        ...(quick ? ['--quick'] : []),
      ]);
      if (code !== 0) {
        process.exitCode = 1;
        continue;
      }
      results.push(JSON.parse(readFileSync(resultFile, 'utf8')) as ScenarioResult);
    }
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
  writeLatest(results, quick);
  process.exit(process.exitCode ?? 0);
}

function writeLatest(results: ScenarioResult[], quick: boolean): void {
  const dir = join(__dirname, '..', '..', 'bench', 'results');
  mkdirSync(dir, { recursive: true });
  writeFileSync(
    join(dir, 'latest.json'),
    JSON.stringify({ at: new Date().toISOString(), quick, node: process.version, results }, null, 2),
  );
  process.stdout.write(`\nwrote bench/results/latest.json (${results.length} scenarios)\n`);
}

/**
 * Runs one scenario in this process and prints its report; its result goes to `resultFile` (the
 * parent's), or to latest.json when run alone.
 */
async function runOne(id: string, options: BenchOptions, resultFile: string | null): Promise<void> {
  const scenario = SCENARIOS.find((s) => s.id === id);
  if (!scenario) throw new Error(`no scenario ${id}; known: ${SCENARIOS.map((s) => s.id).join(', ')}`);
  process.stdout.write(`${scenario.id} ${scenario.title}\n`);
  const started = Date.now();
  const ticks = machineCpuTicks();
  try {
    const result = {
      ...(await scenario.run(options)),
      hostStealPercent: stealPercent(ticks, machineCpuTicks()),
    };
    process.stdout.write(
      `  ${result.baseline.label}: ${result.baseline.medianOpsPerSecond} ${result.unit} (p99 ${result.baseline.p99Ms ?? '-'} ms)\n` +
        `  ${result.subject.label}: ${result.subject.medianOpsPerSecond} ${result.unit} (p99 ${result.subject.p99Ms ?? '-'} ms)\n` +
        `  ratio ${result.ratio}${result.pairedRatio !== null ? ` (round by round: ${result.pairedRatio})` : ''} — goal ${result.goal.description}: ${result.met ? 'met' : 'MISSED'}` +
        (result.ceiling
          ? `\n  ${result.ceiling.label}: ${result.ceiling.medianOpsPerSecond} ${result.unit} (p99 ${result.ceiling.p99Ms ?? '-'} ms)` +
            `\n  ratio to the ceiling ${result.ceiling.ratio}, p99 ${result.ceiling.p99Ratio ?? '-'}× — goal ${result.ceiling.goal.description}: ${result.ceiling.met ? 'met' : 'MISSED'}`
          : '') +
        `${result.extra ? `\n  ${JSON.stringify(result.extra)}` : ''}` +
        `\n  (${((Date.now() - started) / 1000).toFixed(1)} s; the host took ${result.hostStealPercent ?? '-'}% of the CPU time)\n`,
    );
    if (resultFile) writeFileSync(resultFile, JSON.stringify(result));
    else writeLatest([result], options.quick);
    process.exit(0);
  } catch (error) {
    process.stdout.write(`  FAILED: ${error instanceof Error ? error.stack : String(error)}\n`);
    process.exit(1);
  }
}

/** This script again, for one scenario, with its output passed through; answers the exit code. */
function inChildProcess(args: string[]): Promise<number> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [...process.execArgv, __filename, ...args], { stdio: 'inherit' });
    child.on('error', reject);
    child.on('exit', (code, signal) => resolve(code ?? (signal ? 1 : 0)));
  });
}

/** Writes out the pages the previous scenario dirtied, so that no scenario pays for another's. */
async function checkpoint(serverUrl: string): Promise<void> {
  const client = new Client({ connectionString: serverUrl });
  await client.connect();
  try {
    await client.query('CHECKPOINT');
  } finally {
    await client.end();
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`bench failed: ${error instanceof Error ? error.stack : String(error)}\n`);
  process.exit(1);
});
