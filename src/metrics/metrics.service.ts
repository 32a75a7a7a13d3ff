import { Injectable } from '@nestjs/common';
import { ModuleRef } from '@nestjs/core';
import { getQueueToken } from '@nestjs/bullmq';
import type { Queue } from 'bullmq';
import { collectDefaultMetrics, Gauge, Histogram, Registry } from 'prom-client';
import { AuditVerifier } from '@app/audit';
import { QUEUES } from '../jobs';

/** Which process a scrape came from: API and worker instances are told apart by this label. */
export type ProcessKind = 'api' | 'worker';

const QUEUE_STATES = ['waiting', 'active', 'delayed', 'failed', 'completed'] as const;

/**
 * The process's Prometheus metrics. A registry per application instance (not prom-client's global
 * one), because tests build the app several times in one process and a metric registered twice
 * throws. Queue counts and the sealing backlog are read at scrape time, so nothing runs between
 * scrapes; labels hold route patterns and queue names, never a value a caller put in a URL.
 */
@Injectable()
export class MetricsService {
  readonly registry = new Registry();
  private readonly httpDuration: Histogram<'method' | 'route' | 'status'>;
  private kind: ProcessKind = 'api';

  constructor(
    private readonly moduleRef: ModuleRef,
    verifier: AuditVerifier,
  ) {
    this.registry.setDefaultLabels({ process: this.kind });
    collectDefaultMetrics({ register: this.registry, prefix: 'consentry_' });
    this.httpDuration = new Histogram({
      name: 'consentry_http_request_duration_seconds',
      help: 'HTTP request duration by method, route pattern and status code',
      labelNames: ['method', 'route', 'status'],
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
      registers: [this.registry],
    });
    const queues = (): Array<[string, Queue]> =>
      Object.values(QUEUES).map((name) => [
        name,
        this.moduleRef.get<Queue>(getQueueToken(name), { strict: false }),
      ]);
    new Gauge({
      name: 'consentry_queue_jobs',
      help: 'Jobs per BullMQ queue and state',
      labelNames: ['queue', 'state'],
      registers: [this.registry],
      async collect() {
        await Promise.all(
          queues().map(async ([name, queue]) => {
            const counts = await queue.getJobCounts(...QUEUE_STATES);
            for (const state of QUEUE_STATES) this.set({ queue: name, state }, counts[state] ?? 0);
          }),
        );
      },
    });
    // The registry collects every metric at once: both gauges share one query per scrape.
    let pending: Promise<{ count: number; oldestSeconds: number | null }> | null = null;
    const backlog = () =>
      (pending ??= verifier.sealBacklog().finally(() => setImmediate(() => (pending = null))));
    new Gauge({
      name: 'consentry_audit_unsealed_entries',
      help: 'Entries of the record of operations waiting to be sealed',
      registers: [this.registry],
      async collect() {
        this.set((await backlog()).count);
      },
    });
    new Gauge({
      name: 'consentry_audit_seal_wait_seconds',
      help: 'How long the oldest entry not yet sealed has waited (0 when none waits)',
      registers: [this.registry],
      async collect() {
        this.set((await backlog()).oldestSeconds ?? 0);
      },
    });
  }

  /** Sets the `process` label on every metric; the worker calls it once at start. */
  describeProcess(kind: ProcessKind): void {
    this.kind = kind;
    this.registry.setDefaultLabels({ process: kind });
  }

  get processKind(): ProcessKind {
    return this.kind;
  }

  observeHttp(method: string, route: string | undefined, status: number, seconds: number): void {
    // Unmatched paths are one label: a path a caller typed must not become a time series.
    this.httpDuration.observe({ method, route: route ?? 'unmatched', status: String(status) }, seconds);
  }

  async scrape(): Promise<{ contentType: string; body: string }> {
    return { contentType: this.registry.contentType, body: await this.registry.metrics() };
  }
}
