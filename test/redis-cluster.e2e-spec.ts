import { ChildProcess, execFile, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { Job, Queue, QueueEvents, Worker } from 'bullmq';
import { Cluster } from 'ioredis';
import { QUEUES, queuePrefix } from '../src/jobs';
import { freePort } from './support/free-port';
import { uniqueName } from './support/test-app';

const run = promisify(execFile);

/**
 * Queue names on Redis Cluster: a three-node cluster started here with `redis-server` on spare
 * ports runs a job through the application's queue prefix (REDIS_PREFIX as a hash tag), where a
 * plain prefix is refused (BullMQ's scripts touch several keys, which a cluster allows only within
 * one hash slot). The nodes and their files are removed afterwards.
 */
describe('queues on a Redis Cluster', () => {
  const dir = mkdtempSync(join(tmpdir(), 'consentry-redis-cluster-'));
  const nodes: ChildProcess[] = [];
  let ports: number[] = [];
  let cluster: () => Cluster;
  const opened: Array<{ close(): Promise<unknown> } | { quit(): Promise<unknown> }> = [];

  beforeAll(async () => {
    ports = [];
    for (let i = 0; i < 3; i++) {
      let port = await freePort();
      // The cluster bus listens on port + 10000: both must be free and below 65536.
      while (port > 55_000 || ports.includes(port)) port = await freePort();
      ports.push(port);
    }
    for (const port of ports) {
      const node = spawn(
        'redis-server',
        [
          '--port',
          String(port),
          '--bind',
          '127.0.0.1',
          '--cluster-enabled',
          'yes',
          '--cluster-config-file',
          join(dir, `nodes-${port}.conf`),
          '--cluster-node-timeout',
          '5000',
          '--appendonly',
          'no',
          '--save',
          '',
          '--dir',
          dir,
        ],
        { stdio: 'ignore' },
      );
      nodes.push(node);
    }
    for (const port of ports) await waitForPing(port);
    await run('redis-cli', ['--cluster', 'create', ...ports.map((p) => `127.0.0.1:${p}`), '--cluster-yes']);
    for (const port of ports) await waitForClusterOk(port);
    cluster = () => {
      const c = new Cluster(
        ports.map((port) => ({ host: '127.0.0.1', port })),
        { redisOptions: { maxRetriesPerRequest: null } },
      );
      opened.push(c);
      return c;
    };
  }, 60_000);

  afterAll(async () => {
    for (const o of opened.reverse()) await ('close' in o ? o.close() : o.quit()).catch(() => undefined);
    for (const node of nodes) node.kill('SIGTERM');
    await Promise.all(nodes.map((node) => new Promise((resolve) => node.once('exit', resolve))));
    rmSync(dir, { recursive: true, force: true });
  });

  it('runs a job through the hash-tagged prefix', async () => {
    const prefix = queuePrefix(uniqueName('consentry-cluster'));
    expect(prefix).toMatch(/^\{.+\}$/);
    const queue = new Queue(QUEUES.mail, { connection: cluster(), prefix });
    opened.push(queue);
    const events = new QueueEvents(QUEUES.mail, { connection: cluster(), prefix });
    opened.push(events);
    await events.waitUntilReady();
    const seen: string[] = [];
    const worker = new Worker(
      QUEUES.mail,
      async (job: Job<{ n: number }>) => {
        seen.push(job.id!);
        return { doubled: job.data.n * 2 };
      },
      { connection: cluster(), prefix },
    );
    opened.push(worker);
    const job = await queue.add('probe', { n: 21 }, { jobId: 'probe_1' });
    await expect(job.waitUntilFinished(events, 20_000)).resolves.toEqual({ doubled: 42 });
    expect(seen).toEqual(['probe_1']);
    // Every key of the queue sits in the slot of the tag.
    const keys = await scanAll(ports, `${prefix}:${QUEUES.mail}:*`);
    expect(keys.length).toBeGreaterThan(0);
    const slots = new Set(await Promise.all(keys.map((k) => slotOf(k))));
    expect(slots.size).toBe(1);
    await queue.obliterate({ force: true });
  });

  it('a plain prefix is refused by the cluster', async () => {
    const queue = new Queue(QUEUES.mail, { connection: cluster(), prefix: uniqueName('consentry-plain') });
    opened.push(queue);
    await expect(queue.add('probe', { n: 1 })).rejects.toThrow(/CROSSSLOT/);
  });

  async function slotOf(key: string): Promise<number> {
    const { stdout } = await run('redis-cli', ['-p', String(ports[0]), 'CLUSTER', 'KEYSLOT', key]);
    return Number(stdout.trim());
  }
});

/** Every key matching the pattern, on every node of the cluster. */
async function scanAll(ports: number[], pattern: string): Promise<string[]> {
  const keys: string[] = [];
  for (const port of ports) {
    const { stdout } = await run('redis-cli', ['-p', String(port), '--scan', '--pattern', pattern]);
    keys.push(...stdout.split('\n').filter((line) => line.length > 0));
  }
  return keys;
}

async function waitForPing(port: number): Promise<void> {
  const until = Date.now() + 15_000;
  for (;;) {
    try {
      const { stdout } = await run('redis-cli', ['-p', String(port), 'PING']);
      if (stdout.trim() === 'PONG') return;
    } catch {
      // not listening yet
    }
    if (Date.now() > until) throw new Error(`redis-server on ${port} did not start`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

async function waitForClusterOk(port: number): Promise<void> {
  const until = Date.now() + 30_000;
  for (;;) {
    const { stdout } = await run('redis-cli', ['-p', String(port), 'CLUSTER', 'INFO']);
    if (stdout.includes('cluster_state:ok')) return;
    if (Date.now() > until) throw new Error(`the cluster on ${port} is not ok: ${stdout}`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}
