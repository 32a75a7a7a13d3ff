import { ChildProcess, spawn } from 'node:child_process';
import { join } from 'node:path';
import { AppConfig } from '@app/common/config/app-config';
import { freePort } from './free-port';

const ROOT = join(__dirname, '..', '..');

/**
 * `src/worker.ts` as a process of its own (through ts-node, so it runs the tree as it is), on the
 * test's configuration, so a test can kill it with SIGKILL. Its stderr is passed on with a prefix,
 * except writes matching `quiet` (expected noise, such as refused connections while Redis is down;
 * a logged error and its stack arrive as one write, and are dropped whole).
 */
export function spawnWorker(config: AppConfig, options: SpawnOptions = {}): ChildProcess {
  return spawnEntry('worker', config, options);
}

/** `src/main.ts` (the HTTP API) as a process of its own, like spawnWorker. */
export function spawnApi(config: AppConfig, options: SpawnOptions = {}): ChildProcess {
  return spawnEntry('main', config, options);
}

/**
 * An API process on a port the OS gave as free, answering `/health/ready`. A free port can be taken
 * by someone else before the process listens (the kernel hands out ephemeral ports to every
 * connection on the machine); when the process exits before it answers, it is started again on
 * another port.
 */
export async function startApiProcess(
  config: AppConfig,
  options: SpawnOptions & { readyWithinMs?: number; attempts?: number } = {},
): Promise<{ child: ChildProcess; url: string }> {
  const attempts = options.attempts ?? 3;
  const readyWithinMs = options.readyWithinMs ?? 90_000;
  for (let attempt = 1; ; attempt++) {
    const port = await freePort();
    const url = `http://127.0.0.1:${port}`;
    const child = spawnApi(config, {
      ...options,
      env: { ...options.env, PORT: String(port), PUBLIC_BASE_URL: url },
    });
    const outcome = await answersOrExits(child, url, readyWithinMs);
    if (outcome === 'ready') return { child, url };
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    await exited(child);
    if (outcome === 'timeout' || attempt >= attempts)
      throw new Error(`The API process did not answer at ${url} (${outcome}, attempt ${attempt})`);
  }
}

async function answersOrExits(
  child: ChildProcess,
  url: string,
  withinMs: number,
): Promise<'ready' | 'exited' | 'timeout'> {
  const until = Date.now() + withinMs;
  while (Date.now() < until) {
    if (child.exitCode !== null || child.signalCode !== null) return 'exited';
    const res = await fetch(`${url}/health/ready`).catch(() => null);
    if (res?.ok) return 'ready';
    await new Promise((r) => setTimeout(r, 100));
  }
  return 'timeout';
}

export interface SpawnOptions {
  quiet?: RegExp;
  /** Variables besides the configuration's, or instead of its values (a second API's PORT). */
  env?: Record<string, string>;
}

function spawnEntry(entry: 'worker' | 'main', config: AppConfig, options: SpawnOptions): ChildProcess {
  const env: Record<string, string> = {
    PATH: process.env.PATH ?? '',
    TS_NODE_TRANSPILE_ONLY: 'true',
    TS_NODE_PROJECT: join(ROOT, 'tsconfig.json'),
  };
  for (const [key, value] of Object.entries(config))
    if (value !== undefined && value !== null) env[key] = String(value);
  Object.assign(env, options.env);
  const child = spawn(
    process.execPath,
    ['-r', 'ts-node/register', '-r', 'tsconfig-paths/register', join(ROOT, 'src', `${entry}.ts`)],
    {
      cwd: ROOT,
      env,
      stdio: ['ignore', 'ignore', 'pipe'],
    },
  );
  child.stderr?.on('data', (chunk: Buffer) => {
    const text = chunk.toString();
    if (options.quiet && options.quiet.test(text)) return;
    const lines = text.split('\n').filter((line) => line.trim());
    if (lines.length) process.stderr.write(lines.map((line) => `[${entry} ${child.pid}] ${line}\n`).join(''));
  });
  return child;
}

export function exited(child: ChildProcess): Promise<void> {
  return child.exitCode !== null || child.signalCode !== null
    ? Promise.resolve()
    : new Promise((r) => child.once('exit', () => r()));
}
