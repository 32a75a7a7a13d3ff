import { ChildProcess, spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { join } from 'node:path';

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() =>
        typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port')),
      );
    });
  });
}

export interface BenchProcess {
  port: number;
  stop: () => Promise<void>;
  child: ChildProcess;
}

/** Starts the built bench server (dist/bench/support/bench-server.js) in its own process. */
export function startBenchServer(env: Record<string, string>): Promise<BenchProcess> {
  return startServerProcess('bench-server.js', env);
}

/** Starts the ceiling (dist/bench/support/ceiling-server.js): NestJS on Fastify and pg, nothing else. */
export function startCeilingServer(databaseUrl: string): Promise<BenchProcess> {
  return startServerProcess('ceiling-server.js', { DATABASE_URL: databaseUrl });
}

async function startServerProcess(script: string, env: Record<string, string>): Promise<BenchProcess> {
  const port = await freePort();
  // BENCH_CPU_PROFILE_DIR=dir writes a V8 CPU profile of each server process there when it stops
  // (open it in Chrome DevTools, or summarise it with scripts/cpu-profile-top.js).
  const profileDir = process.env.BENCH_CPU_PROFILE_DIR;
  const profile = profileDir
    ? ['--cpu-prof', `--cpu-prof-dir=${profileDir}`, `--cpu-prof-name=${script}.${port}.cpuprofile`]
    : [];
  const child = spawn(process.execPath, [...profile, join(__dirname, script)], {
    env: { ...process.env, ...env, PORT: String(port) },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${script} did not start`)), 30000);
    child.stdout!.on('data', (chunk: Buffer) => {
      if (chunk.toString().includes('ready')) {
        clearTimeout(timer);
        resolve();
      }
    });
    child.on('exit', (code) => reject(new Error(`${script} exited with ${code}`)));
  });
  return {
    port,
    child,
    stop: () =>
      new Promise<void>((resolve) => {
        child.removeAllListeners('exit');
        child.on('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}
