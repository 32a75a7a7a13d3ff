import { EventEmitter } from 'node:events';
import { BeforeApplicationShutdown, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { DiscoveryService, Reflector } from '@nestjs/core';
import { plainToInstance } from 'class-transformer';
import { validateSync } from 'class-validator';
import { Job, UnrecoverableError, Worker, WorkerOptions } from 'bullmq';
import { AppConfig } from '@app/common/config/app-config';
import { RequestContext } from '@app/common/context/request-context';
import { isConnectionError, reportConnectionErrors } from '@app/common/redis/connection-errors';
import { JOB_PROCESSOR, JobHandler, JobProcessorMetadata } from './job-processor.decorator';
import { JOBS, JobName, QUEUES, QueueName } from './jobs.constants';
import { queuePrefix, redisConnectionOptions } from './redis-connection';

interface Registered {
  metadata: JobProcessorMetadata;
  handler: JobHandler<object>;
}

/**
 * Runs the queue workers of the worker process (never the API's, never a CLI command's). Finds
 * every @JobProcessor provider, refuses to start when a job name has no handler or two, validates
 * each job's payload before its handler sees it, and on shutdown closes the workers (letting jobs
 * in progress finish) before the queues and connections close.
 */
@Injectable()
export class JobWorkers implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger(JobWorkers.name);
  private readonly workers: Worker[] = [];

  constructor(
    private readonly discovery: DiscoveryService,
    private readonly reflector: Reflector,
    private readonly config: AppConfig,
  ) {}

  /**
   * Connection errors (Redis down: one per reconnect attempt, every second) are reported once per
   * outage; anything else the worker emits is logged as it comes.
   */
  private reportErrors(queue: string, worker: Worker): void {
    const connection = new EventEmitter();
    const report = reportConnectionErrors(connection, this.logger, `worker ${queue}`);
    worker.client
      .then((client) => {
        report.restored();
        client.on('ready', report.restored);
      })
      .catch(() => undefined);
    worker.on('error', (error: Error & { code?: unknown }) => {
      if (isConnectionError(error)) connection.emit('error', error);
      else this.logger.error(`Worker ${queue}: ${error.name} ${error.message}`);
    });
  }

  onApplicationBootstrap(): void {
    const byQueue = this.collect();
    for (const [queue, handlers] of byQueue) {
      const worker = new Worker(queue, (job) => this.dispatch(queue, handlers, job), this.options(queue));
      this.reportErrors(queue, worker);
      worker.on('failed', (job, error) => {
        if (job && job.attemptsMade >= (job.opts.attempts ?? 1)) {
          this.logger.warn(`Job ${job.name} ${job.id} failed for good: ${error.name}`);
        }
      });
      this.workers.push(worker);
    }
    this.logger.log(`Workers running on ${[...byQueue.keys()].join(', ')}`);
  }

  async beforeApplicationShutdown(): Promise<void> {
    await Promise.all(this.workers.map((w) => w.close()));
    this.workers.length = 0;
  }

  /** Test and operations hook: waits until every worker is connected and polling. */
  async waitUntilReady(): Promise<void> {
    await Promise.all(this.workers.map((w) => w.waitUntilReady()));
  }

  private collect(): Map<QueueName, Map<string, Registered>> {
    const byQueue = new Map<QueueName, Map<string, Registered>>();
    const seen = new Map<JobName, string>();
    for (const wrapper of this.discovery.getProviders()) {
      const type = wrapper.metatype;
      if (!type || !wrapper.instance || typeof type !== 'function') continue;
      const metadata = this.reflector.get<JobProcessorMetadata | undefined>(JOB_PROCESSOR, type);
      if (!metadata) continue;
      const previous = seen.get(metadata.name);
      if (previous) throw new Error(`Job ${metadata.name} has two handlers: ${previous} and ${type.name}`);
      seen.set(metadata.name, type.name);
      const handlers = byQueue.get(metadata.queue) ?? new Map<string, Registered>();
      handlers.set(metadata.name, { metadata, handler: wrapper.instance as JobHandler<object> });
      byQueue.set(metadata.queue, handlers);
    }
    const missing = Object.values(JOBS).filter((name) => !seen.has(name));
    if (missing.length > 0) throw new Error(`No handler for job(s): ${missing.join(', ')}`);
    return byQueue;
  }

  private options(queue: QueueName): WorkerOptions {
    const base: WorkerOptions = {
      connection: redisConnectionOptions(this.config.REDIS_URL, true),
      prefix: queuePrefix(this.config.REDIS_PREFIX),
      lockDuration: this.config.JOB_LOCK_DURATION_MS,
      stalledInterval: this.config.JOB_STALLED_INTERVAL_MS,
      // A job active when its worker died runs again (at-least-once); its handler finds the
      // PostgreSQL row already claimed and does not send twice.
      maxStalledCount: 2,
    };
    switch (queue) {
      case QUEUES.mail:
        return {
          ...base,
          concurrency: this.config.MAIL_CONCURRENCY,
          limiter: { max: this.config.MAIL_RATE_PER_MINUTE, duration: 60_000 },
        };
      case QUEUES.campaigns:
        return { ...base, concurrency: 2 };
      default:
        return { ...base, concurrency: 1 };
    }
  }

  private async dispatch(queue: QueueName, handlers: Map<string, Registered>, job: Job): Promise<unknown> {
    const registered = handlers.get(job.name);
    if (!registered) throw new UnrecoverableError(`No handler for job ${job.name} on ${queue}`);
    const payload = plainToInstance(registered.metadata.payload, job.data ?? {});
    const errors = validateSync(payload, { whitelist: true, forbidNonWhitelisted: true });
    if (errors.length > 0) {
      throw new UnrecoverableError(
        `Invalid payload for ${job.name}: ${errors.map((e) => e.property).join(', ')}`,
      );
    }
    const context = RequestContext.system(
      `job:${queue}:${job.id ?? 'unknown'}`,
      registered.metadata.purpose ?? null,
    );
    return RequestContext.run(context, () => registered.handler.handle(payload, job));
  }
}
