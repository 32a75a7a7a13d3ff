import http from 'node:http';
import { Measurement } from '../scenario';

export interface LoadOptions {
  port: number;
  connections: number;
  durationMs: number;
  /** Builds the path and headers of the n-th request. */
  request: (n: number) => { path: string; headers?: Record<string, string> };
  /** Status every response must have; anything else fails the run. */
  expectStatus?: number;
}

/**
 * A closed-loop HTTP load generator on keep-alive connections: `connections` loops each send one
 * request, wait for the answer, send the next, until the time is up.
 */
export async function runLoad(options: LoadOptions): Promise<Measurement & { errors: number }> {
  const agent = new http.Agent({ keepAlive: true, maxSockets: options.connections });
  const latencies: number[] = [];
  let done = 0;
  let errors = 0;
  let n = 0;
  const deadline = Date.now() + options.durationMs;
  const started = process.hrtime.bigint();
  const one = () =>
    new Promise<void>((resolve) => {
      const { path, headers } = options.request(n++);
      const t0 = process.hrtime.bigint();
      const req = http.request(
        { host: '127.0.0.1', port: options.port, path, headers, agent, method: 'GET' },
        (res) => {
          res.on('data', () => undefined);
          res.on('end', () => {
            latencies.push(Number(process.hrtime.bigint() - t0) / 1e6);
            if (options.expectStatus !== undefined && res.statusCode !== options.expectStatus) errors += 1;
            done += 1;
            resolve();
          });
        },
      );
      req.on('error', () => {
        errors += 1;
        resolve();
      });
      req.end();
    });
  await Promise.all(
    Array.from({ length: options.connections }, async () => {
      while (Date.now() < deadline) await one();
    }),
  );
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  agent.destroy();
  return { opsPerSecond: done / seconds, latenciesMs: latencies, errors };
}
