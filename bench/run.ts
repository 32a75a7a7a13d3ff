import 'reflect-metadata';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ScenarioResult } from './scenario';
import { SCENARIOS } from './scenarios';

/**
 * `npm run bench [-- --quick] [-- --only P1,P5]`: runs every scenario, prints a table and writes
 * bench/results/latest.json. Databases it creates are named consentry_bench_* and dropped after.
 */
async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const quick = args.includes('--quick');
  const onlyArg =
    args.find((a) => a.startsWith('--only='))?.slice(7) ??
    (args.includes('--only') ? args[args.indexOf('--only') + 1] : undefined);
  const only = onlyArg ? new Set(onlyArg.split(',')) : null;
  const options = {
    quick,
    serverUrl: process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres',
    redisUrl: process.env.BENCH_REDIS_URL ?? 'redis://127.0.0.1:6379',
    log: (m: string) => process.stdout.write(`  ${m}\n`),
  };
  const results: ScenarioResult[] = [];
  for (const scenario of SCENARIOS) {
    if (only ? !only.has(scenario.id) : scenario.onRequestOnly) continue;
    process.stdout.write(`${scenario.id} ${scenario.title}\n`);
    const started = Date.now();
    try {
      const result = await scenario.run(options);
      results.push(result);
      process.stdout.write(
        `  ${result.baseline.label}: ${result.baseline.medianOpsPerSecond} ${result.unit} (p99 ${result.baseline.p99Ms ?? '-'} ms)\n` +
          `  ${result.subject.label}: ${result.subject.medianOpsPerSecond} ${result.unit} (p99 ${result.subject.p99Ms ?? '-'} ms)\n` +
          `  ratio ${result.ratio} — goal ${result.goal.description}: ${result.met ? 'met' : 'MISSED'}` +
          (result.ceiling
            ? `\n  ${result.ceiling.label}: ${result.ceiling.medianOpsPerSecond} ${result.unit} (p99 ${result.ceiling.p99Ms ?? '-'} ms)` +
              `\n  ratio to the ceiling ${result.ceiling.ratio}, p99 ${result.ceiling.p99Ratio ?? '-'}× — goal ${result.ceiling.goal.description}: ${result.ceiling.met ? 'met' : 'MISSED'}`
            : '') +
          `${result.extra ? `\n  ${JSON.stringify(result.extra)}` : ''}\n  (${((Date.now() - started) / 1000).toFixed(1)} s)\n`,
      );
    } catch (error) {
      process.stdout.write(`  FAILED: ${error instanceof Error ? error.stack : String(error)}\n`);
      process.exitCode = 1;
    }
  }
  const dir = join(__dirname, '..', '..', 'bench', 'results');
  mkdirSync(dir, { recursive: true });
  writeFileSync(
    join(dir, 'latest.json'),
    JSON.stringify({ at: new Date().toISOString(), quick, node: process.version, results }, null, 2),
  );
  process.stdout.write(`\nwrote bench/results/latest.json (${results.length} scenarios)\n`);
  process.exit(process.exitCode ?? 0);
}

main().catch((error: unknown) => {
  process.stderr.write(`bench failed: ${error instanceof Error ? error.stack : String(error)}\n`);
  process.exit(1);
});
