import { Global, Module } from '@nestjs/common';
import { MetricsService } from './metrics.service';
import { WorkerMetricsServer } from './worker-metrics-server';

/** One metrics registry per process, for the API's /metrics and the worker's metrics server alike. */
@Global()
@Module({ providers: [MetricsService], exports: [MetricsService] })
export class MetricsModule {}

/** The worker's metrics server; only the worker process proper imports it. */
@Module({ providers: [WorkerMetricsServer] })
export class WorkerMetricsModule {}
