import { Global, Module } from '@nestjs/common';
import { AuditRecorder } from './audit-recorder.service';
import { AuditSealer } from './audit-sealer.service';
import { AuditVerifier } from './audit-verifier.service';
import { AuditLogReader } from './audit-log.repository';

/** The record of operations: every module records through AuditRecorder and reads it back through AuditLogReader. */
@Global()
@Module({
  providers: [AuditRecorder, AuditSealer, AuditVerifier, AuditLogReader],
  exports: [AuditRecorder, AuditSealer, AuditVerifier, AuditLogReader],
})
export class AuditModule {}
