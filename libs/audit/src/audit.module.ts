import { Global, Module } from '@nestjs/common';
import { AuditRecorder } from './audit-recorder.service';
import { AuditSealer } from './audit-sealer.service';
import { AuditVerifier } from './audit-verifier.service';

/** The record of operations: every module records through AuditRecorder. */
@Global()
@Module({
  providers: [AuditRecorder, AuditSealer, AuditVerifier],
  exports: [AuditRecorder, AuditSealer, AuditVerifier],
})
export class AuditModule {}
