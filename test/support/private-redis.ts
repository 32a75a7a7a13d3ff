import { ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Redis from 'ioredis';
import { freePort } from './free-port';

/**
 * A redis-server of a test's own, on a free local port, for tests that stop and start Redis: the
 * machine's shared Redis serves other test files and people at the same time and is never touched.
 * It keeps an append-only file (fsync on every write, like a production Redis with appendonly), so a
 * restart keeps the queues.
 */
export interface PrivateRedis {
  url: string;
  port: number;
  /** SHUTDOWN NOSAVE (the append-only file is flushed and kept), `downForMs` of absence, then the same server again. */
  restart(downForMs?: number): Promise<void>;
  stop(): Promise<void>;
}

function exited(child: ChildProcess): Promise<void> {
  return child.exitCode !== null || child.signalCode !== null
    ? Promise.resolve()
    : new Promise((r) => child.once('exit', () => r()));
}

/** A connection the server already closed needs no disconnect (which would leave a 2 s timer behind). */
function disconnect(client: Redis): void {
  if (client.status !== 'end') client.disconnect();
}

async function answering(port: number): Promise<boolean> {
  const probe = new Redis({
    host: '127.0.0.1',
    port,
    lazyConnect: true,
    maxRetriesPerRequest: 0,
    retryStrategy: () => null,
    enableOfflineQueue: false,
  });
  probe.on('error', () => undefined);
  try {
    await probe.connect();
    // PING answers LOADING while the append-only file is read back.
    return (await probe.ping()) === 'PONG';
  } catch {
    return false;
  } finally {
    disconnect(probe);
  }
}

export async function startPrivateRedis(): Promise<PrivateRedis> {
  const port = await freePort();
  const dir = mkdtempSync(join(tmpdir(), 'consentry-redis-'));
  const args = [
    '--port',
    String(port),
    '--bind',
    '127.0.0.1',
    '--save',
    '',
    '--appendonly',
    'yes',
    '--appendfsync',
    'always',
    '--dir',
    dir,
    '--maxmemory-policy',
    'noeviction',
  ];
  let child: ChildProcess;
  let stderr = '';

  const launch = async () => {
    stderr = '';
    child = spawn('redis-server', args, { stdio: ['ignore', 'ignore', 'pipe'] });
    child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const until = Date.now() + 15_000;
    while (!(await answering(port))) {
      if (child.exitCode !== null || child.signalCode !== null)
        throw new Error(`redis-server on ${port} exited: ${stderr}`);
      if (Date.now() > until) throw new Error(`redis-server on ${port} did not start`);
      await new Promise((r) => setTimeout(r, 50));
    }
  };

  const shutdown = async () => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    const admin = new Redis({
      host: '127.0.0.1',
      port,
      lazyConnect: true,
      maxRetriesPerRequest: 0,
      retryStrategy: () => null,
    });
    admin.on('error', () => undefined);
    try {
      await admin.connect();
      // The server closes the connection instead of answering.
      await admin.call('SHUTDOWN', 'NOSAVE').catch(() => undefined);
    } catch {
      child.kill('SIGTERM');
    } finally {
      disconnect(admin);
    }
    await exited(child);
  };

  await launch();
  return {
    url: `redis://127.0.0.1:${port}`,
    port,
    async restart(downForMs = 0) {
      await shutdown();
      if (downForMs > 0) await new Promise((r) => setTimeout(r, downForMs));
      await launch();
    },
    async stop() {
      await shutdown().catch(() => child.kill('SIGKILL'));
      await exited(child);
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
