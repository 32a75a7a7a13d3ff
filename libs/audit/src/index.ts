export { AuditModule } from './audit.module';
export { AuditRecorder } from './audit-recorder.service';
export type { AlongsideStatement, RecordedChange } from './audit-recorder.service';
export { AuditSealer } from './audit-sealer.service';
export { AuditVerifier } from './audit-verifier.service';
export { AuditRecordRetention, monthStart } from './audit-record-retention.service';
export type { RecordRetentionReport } from './audit-record-retention.service';
export { AuditLogReader, REVIEW_COLUMNS, entryPageQuery } from './audit-log.repository';
export type {
  AuditEntryFilter,
  AuditEntryKey,
  AuditEntryRow,
  ClientAccessEntry,
  ExportEntryRow,
  OutsideHoursRow,
  WindowScanRow,
} from './audit-log.repository';
export type {
  AuditRecordInput,
  AuditOutcome,
  CheckpointCheck,
  VerifyFailure,
  VerifyResult,
} from './audit.types';
export { CheckpointStore } from './checkpoint-store';
export type { LatestCheckpoint } from './checkpoint-store';
export { CheckpointSigner } from './checkpoint';
export type { Checkpoint, SignedCheckpoint } from './checkpoint';
export {
  AUDIT_ACTIONS,
  AUDIT_REASONS,
  AUDIT_RESOURCES,
  errorCode,
  isAuditAction,
  isAuditResource,
} from './audit-vocabulary';
export type { AuditAction, AuditReason, AuditResource, ErrorCode, HttpMethod } from './audit-vocabulary';
