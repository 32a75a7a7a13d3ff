import { ChildProcess } from 'node:child_process';
import { createServer, Server } from 'node:http';
import { AddressInfo } from 'node:net';
import { Writable } from 'node:stream';
import { INestApplicationContext } from '@nestjs/common';
import { RequestContext } from '@app/common/context/request-context';
import { createPinoLogger, logRequestLine } from '@app/common/logging/logger';
import { WorkerMetricsServer } from '../src/metrics';
import { startWorker, clearRedisPrefix, waitFor } from './support/messaging';
import { dropDatabase, ensureDatabase } from '@app/common/database/ensure-database';
import { startApiProcess } from './support/worker-process';
import { startTestApp, testConfig, TestApp } from './support/test-app';

const METRICS_TOKEN = 'metrics-token-for-the-tests-0123';

/** The keys of one JSON object line in order, duplicates included (JSON.parse would hide them). */
function topLevelKeys(line: string): string[] {
  const keys: string[] = [];
  let depth = 0;
  const pattern = /"((?:[^"\\]|\\.)*)"(\s*:)?|[{}[\]]/g;
  for (let m = pattern.exec(line); m; m = pattern.exec(line)) {
    if (m[0] === '{' || m[0] === '[') depth++;
    else if (m[0] === '}' || m[0] === ']') depth--;
    else if (m[2] && depth === 1) keys.push(m[1]);
  }
  return keys;
}

/** The value of a series in Prometheus text whose labels include `labels`, or undefined. */
function sample(text: string, name: string, labels: Record<string, string> = {}): number | undefined {
  for (const line of text.split('\n')) {
    const m = /^([a-z_]+)(?:\{(.*)\})? (\S+)$/.exec(line.trim());
    if (!m || m[1] !== name) continue;
    const found = Object.fromEntries([...(m[2] ?? '').matchAll(/(\w+)="([^"]*)"/g)].map((l) => [l[1], l[2]]));
    if (Object.entries(labels).every(([k, v]) => found[k] === v)) return Number(m[3]);
  }
  return undefined;
}

function capture(): { stream: Writable; lines: string[] } {
  const lines: string[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _encoding, done) {
      lines.push(...chunk.toString().split('\n').filter(Boolean));
      done();
    },
  });
  return { stream, lines };
}

describe('observability', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ METRICS_TOKEN });
  });
  afterAll(async () => {
    await t?.close();
  });

  it('answers liveness without asking dependencies and readiness with them', async () => {
    const live = await t.http.get('/health/live');
    expect(live.status).toBe(200);
    expect(live.body).toEqual({ status: 'ok' });
    const ready = await t.http.get('/health/ready');
    expect(ready.status).toBe(200);
    expect(ready.body.info).toMatchObject({ database: { status: 'up' }, redis: { status: 'up' } });
  });

  it('serves request durations by route pattern, queue counts and the sealing backlog', async () => {
    const clientId = '00000000-0000-4000-8000-000000000001';
    await t.http.get(`/api/clients/${clientId}`).set(t.as('broker', 'offer_preparation'));
    await t.http.get('/api/no-such-route/REDACT-ME');
    const res = await t.http.get('/metrics').set('authorization', `Bearer ${METRICS_TOKEN}`);
    expect(res.status).toBe(200);
    const text = res.text;
    expect(
      sample(text, 'consentry_http_request_duration_seconds_count', {
        method: 'GET',
        route: '/api/clients/:id',
        status: '404',
        process: 'api',
      }),
    ).toBe(1);
    // A path nobody routes is one series, and what the caller typed is not in it.
    expect(sample(text, 'consentry_http_request_duration_seconds_count', { route: 'unmatched' })).toBe(1);
    expect(text).not.toContain('REDACT-ME');
    expect(text).not.toContain(clientId);
    for (const queue of ['campaigns', 'mail', 'reminders', 'retention', 'mandates'])
      expect(sample(text, 'consentry_queue_jobs', { queue, state: 'waiting', process: 'api' })).toEqual(
        expect.any(Number),
      );
    expect(sample(text, 'consentry_audit_seal_wait_seconds', { process: 'api' })).toBeGreaterThanOrEqual(0);
    expect(sample(text, 'consentry_audit_unsealed_entries', { process: 'api' })).toBeGreaterThanOrEqual(0);
  });

  it('reports an unsealed entry as waiting, and nothing once the sealer has run', async () => {
    await t.sealNow();
    await t.http.get('/api/clients').set(t.as('broker', 'offer_preparation'));
    const scrape = async () =>
      (await t.http.get('/metrics').set('authorization', `Bearer ${METRICS_TOKEN}`)).text;
    const waiting = sample(await scrape(), 'consentry_audit_unsealed_entries');
    // The sealer runs every 100 ms in the tests: the entry may already be sealed.
    expect(waiting).toBeGreaterThanOrEqual(0);
    await t.sealNow();
    const after = await scrape();
    expect(sample(after, 'consentry_audit_unsealed_entries')).toBe(0);
    expect(sample(after, 'consentry_audit_seal_wait_seconds')).toBe(0);
  });

  it('puts the request id on every line written during a request, and each key once', () => {
    const { stream, lines } = capture();
    const logger = createPinoLogger('info', stream);
    logger.info('outside any request');
    RequestContext.run(RequestContext.system('req-1234'), () => {
      logger.info({ context: 'Clients' }, 'inside a request');
      logRequestLine(logger, {
        ip: '127.0.0.1',
        host: null,
        user: 'broker@demo.local',
        time: new Date().toISOString(),
        request: 'GET /api/clients HTTP/1.1',
        status: 200,
        bytes: 10,
        referrer: null,
        userAgent: 'jest',
        error: null,
      });
    });
    expect(lines).toHaveLength(3);
    expect(JSON.parse(lines[0]).requestId).toBeUndefined();
    for (const line of lines.slice(1)) {
      expect(JSON.parse(line).requestId).toBe('req-1234');
      const keys = topLevelKeys(line);
      expect(keys.length).toBe(new Set(keys).size);
    }
    expect(JSON.parse(lines[2])).toMatchObject({ type: 'request', status: 200, time: expect.any(String) });
  });
});

describe('the worker metrics server', () => {
  let worker: INestApplicationContext;
  let databaseUrl: string;
  let config: ReturnType<typeof testConfig>['config'];

  beforeAll(async () => {
    ({ config, databaseUrl } = testConfig({ METRICS_TOKEN, WORKER_METRICS_PORT: '0' }));
    await ensureDatabase(databaseUrl, process.env.CONSENTRY_TEST_TEMPLATE);
    worker = await startWorker(config);
  });
  afterAll(async () => {
    await worker?.close();
    await clearRedisPrefix(config);
    await dropDatabase(databaseUrl);
  });

  it('serves the worker’s metrics under the token, and liveness', async () => {
    const port = worker.get(WorkerMetricsServer).port;
    expect(port).toEqual(expect.any(Number));
    const base = `http://127.0.0.1:${port}`;
    expect((await fetch(`${base}/metrics`)).status).toBe(401);
    expect((await fetch(`${base}/metrics`, { headers: { authorization: 'Bearer wrong' } })).status).toBe(401);
    const res = await fetch(`${base}/metrics`, { headers: { authorization: `Bearer ${METRICS_TOKEN}` } });
    expect(res.status).toBe(200);
    const text = await res.text();
    expect(
      sample(text, 'consentry_queue_jobs', { queue: 'mail', state: 'waiting', process: 'worker' }),
    ).toEqual(expect.any(Number));
    expect(sample(text, 'consentry_process_cpu_seconds_total', { process: 'worker' })).toBeGreaterThan(0);
    expect(await (await fetch(`${base}/health/live`)).json()).toEqual({ status: 'ok' });
    expect((await fetch(`${base}/other`)).status).toBe(404);
  });
});

describe('traces', () => {
  let receiver: Server;
  let api: ChildProcess | null = null;
  let databaseUrl: string;
  const posts: Array<{ path: string; body: string }> = [];

  beforeAll(async () => {
    receiver = createServer((req, res) => {
      let body = '';
      req.on('data', (chunk: Buffer) => (body += chunk.toString()));
      req.on('end', () => {
        posts.push({ path: req.url ?? '', body });
        res.writeHead(200, { 'content-type': 'application/json' }).end('{}');
      });
    });
    await new Promise<void>((r) => receiver.listen(0, '127.0.0.1', r));
  });
  afterAll(async () => {
    api?.kill('SIGKILL');
    await new Promise((r) => receiver.close(r));
    if (databaseUrl) await dropDatabase(databaseUrl);
  });

  it('exports spans of HTTP requests and SQL when OTEL_EXPORTER_OTLP_ENDPOINT is set', async () => {
    const built = testConfig();
    databaseUrl = built.databaseUrl;
    await ensureDatabase(databaseUrl, process.env.CONSENTRY_TEST_TEMPLATE);
    const started = await startApiProcess(built.config, {
      env: {
        OTEL_EXPORTER_OTLP_ENDPOINT: `http://127.0.0.1:${(receiver.address() as AddressInfo).port}`,
        OTEL_BSP_SCHEDULE_DELAY: '200',
      },
      readyWithinMs: 60_000,
    });
    api = started.child;
    const answer = await fetch(`${started.url}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: 'nobody@example.test', password: 'not-the-password' }),
    });
    expect(answer.status).toBe(401);
    const exported = await waitFor(
      'spans of the sign-in to arrive',
      async () => {
        const all = posts
          .filter((p) => p.path === '/v1/traces')
          .map((p) => p.body)
          .join('\n');
        return all.includes('/api/auth/login') && all.includes('consentry-api') ? all : null;
      },
      30_000,
    );
    // The sign-in looked the account up in PostgreSQL: a database span, without the e-mail's value.
    expect(exported).toMatch(/postgres|pg\./i);
    expect(exported).not.toContain('nobody@example.test');
    // Health probes are not traced.
    expect(exported).not.toContain('/health/');
  }, 120_000);
});
