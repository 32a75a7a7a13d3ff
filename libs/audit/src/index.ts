export { AuditModule } from './audit.module';
export { AuditRecorder } from './audit-recorder.service';
export type { RecordedChange } from './audit-recorder.service';
export { AuditSealer } from './audit-sealer.service';
export { AuditVerifier } from './audit-verifier.service';
export { AuditEntryEntity } from './audit-entry.entity';
export type { AuditRecordInput, AuditOutcome, VerifyResult } from './audit.types';
