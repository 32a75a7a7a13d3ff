import { Global, Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AppConfig } from '@app/common/config/app-config';
import { READ_DATA_SOURCE, readDataSourceOptions } from '@app/common/database/data-source-options';
import { AuditRecorder } from './audit-recorder.service';
import { AuditSealer } from './audit-sealer.service';
import { AuditVerifier } from './audit-verifier.service';
import { AuditLogReader } from './audit-log.repository';
import { AuditPartitionRepository } from './audit-partition.repository';
import { AuditRecordRetention } from './audit-record-retention.service';

/** The record of operations: every module records through AuditRecorder and reads it back through AuditLogReader. */
@Global()
@Module({
  imports: [
    // The record's queries and reports read through READ_DATABASE_URL (a replica; the primary by default).
    TypeOrmModule.forRootAsync({
      name: READ_DATA_SOURCE,
      inject: [AppConfig],
      useFactory: (config: AppConfig) => readDataSourceOptions(config.readDatabaseUrl),
    }),
  ],
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
