export { MetricsModule, WorkerMetricsModule } from './metrics.module';
export { MetricsService } from './metrics.service';
export type { ProcessKind } from './metrics.service';
export { carriesMetricsToken } from './metrics-token';
export { WorkerMetricsServer } from './worker-metrics-server';
