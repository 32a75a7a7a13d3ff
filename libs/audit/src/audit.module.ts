import { Global, Module } from '@nestjs/common';
import { AuditRecorder } from './audit-recorder.service';
import { AuditSealer } from './audit-sealer.service';
import { AuditVerifier } from './audit-verifier.service';
import { AuditLogReader } from './audit-log.repository';
import { AuditPartitionRepository } from './audit-partition.repository';
import { AuditRecordRetention } from './audit-record-retention.service';

/** The record of operations: every module records through AuditRecorder and reads it back through AuditLogReader. */
@Global()
@Module({
  providers: [
    AuditRecorder,
    AuditSealer,
    AuditVerifier,
    AuditLogReader,
    AuditPartitionRepository,
    AuditRecordRetention,
  ],
  exports: [AuditRecorder, AuditSealer, AuditVerifier, AuditLogReader, AuditRecordRetention],
})
export class AuditModule {}
