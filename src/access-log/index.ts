export { AccessLogModule } from './access-log.module';
export { AccessLogService } from './access-log.service';
export { AnomaliesService } from './anomalies.service';
export type { AnomalyReport, AnomalyFinding, AnomalyKind } from './anomalies.service';
export type { AccessLogFilter } from './access-log.query';
export { requestLogSink } from './request-log-file';
