import 'reflect-metadata';
import { ChildProcess, spawn } from 'node:child_process';
import { join } from 'node:path';
import { loadAppConfig } from '@app/common/config/app-config';
import { migrate } from './migrate';
import { DEMO_STAFF } from './seed/demo-staff';
import { DEMO_SECOND_BROKER } from './seed/portfolios.seed';
import { seedDemo } from './seed-demo';

const out = (m: string) => process.stdout.write(`${m}\n`);

/**
 * `npm run demo`: creates the database if missing, migrates, seeds (idempotently), starts the API
 * and the worker as child processes, waits until the API is healthy and prints where to go.
 */
async function main(): Promise<void> {
  const config = loadAppConfig(process.env);
  await migrate(out);
  await seedDemo(out);
  const children: ChildProcess[] = [];
  // The terminal is for a person: only warnings and errors from the API and the worker, and the
  // request log in a file, unless the environment asks otherwise.
  const requestLog = process.env.REQUEST_LOG ?? join('var', 'log', 'requests.log');
  const childEnv = { ...process.env, LOG_LEVEL: process.env.LOG_LEVEL ?? 'warn', REQUEST_LOG: requestLog };
  const start = (name: string, file: string) => {
    const child = spawn(process.execPath, [join(__dirname, '..', file)], { stdio: 'inherit', env: childEnv });
    child.on('exit', (code, signal) => {
      out(`${name} stopped (${signal ?? code})`);
      shutdown(code ?? 1);
    });
    children.push(child);
  };
  let stopping = false;
  const shutdown = (code: number) => {
    if (stopping) return;
    stopping = true;
    for (const c of children) if (c.exitCode === null) c.kill('SIGTERM');
    setTimeout(() => process.exit(code), 3000).unref();
  };
  process.on('SIGINT', () => shutdown(0));
  process.on('SIGTERM', () => shutdown(0));
  start('api', 'main.js');
  start('worker', 'worker.js');
  const base = `http://localhost:${config.PORT}`;
  for (let i = 0; i < 120; i++) {
    try {
      const res = await fetch(`${base}/health`);
      if (res.ok) break;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 500));
  }
  out('');
  out('Consentry demo is running');
  out(
    `  Workplace    ${base}/  (staff web app; sign in as broker@demo.local; the record of operations as manager@demo.local)`,
  );
  out(`  API          ${base}/api`);
  out(`  OpenAPI docs ${base}/docs`);
  out(`  Health       ${base}/health`);
  out(
    `  Metrics      ${base}/metrics (${config.METRICS_TOKEN ? 'bearer METRICS_TOKEN' : 'set METRICS_TOKEN to enable'})`,
  );
  out(`  Queues       ${base}/queues (administrators: sign in with the admin login)`);
  out(
    `  Mailpit      http://localhost:8025 (mail goes to ${config.SMTP_URL}; Mailpit runs under docker-compose)`,
  );
  out('');
  out(
    `Demo logins (password: ${config.DEMO_PASSWORD === 'demo-password' ? 'demo-password' : 'the value of DEMO_PASSWORD'}):`,
  );
  for (const s of DEMO_STAFF)
    out(`  ${s.role.padEnd(11)} ${s.email}${s.role === 'broker' ? ' (Białystok)' : ''}`);
  out(`  ${DEMO_SECOND_BROKER.role.padEnd(11)} ${DEMO_SECOND_BROKER.email} (Warszawa)`);
  out('');
  out(
    `Request log: ${requestLog === 'stdout' ? 'this terminal' : `${requestLog} (one file a day)`}. Stop with Ctrl+C.`,
  );
}

main().catch((error: unknown) => {
  process.stderr.write(`Demo failed: ${error instanceof Error ? error.stack : String(error)}\n`);
  process.exit(1);
});
