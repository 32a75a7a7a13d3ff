import { Module } from '@nestjs/common';
import { ClientsModule } from '../clients';
import { ConsentsModule } from '../consents';
import { ContractsModule } from '../contracts';
import { JobsModule } from '../jobs';
import { ActiveLegalHoldsController } from './active-legal-holds.controller';
import { ErasurePendingRepository } from './erasure-pending.repository';
import { ErasureStatistics } from './erasure-statistics.service';
import { ErasureService } from './erasure.service';
import { LegalHoldRepository } from './legal-hold.repository';
import { LegalHoldsController } from './legal-holds.controller';
import { LegalHoldsService } from './legal-holds.service';
import { RecordRetentionProcessor, RecordRetentionScheduler } from './record-retention.processor';
import { RetentionController } from './retention.controller';
import { RetentionScheduler, RetentionSweepProcessor } from './retention.processor';
import { RetentionService } from './retention.service';

/** Retention policies, the sweep, legal holds and erasure of the broker's own clients. */
@Module({
  imports: [JobsModule, ClientsModule, ConsentsModule, ContractsModule],
  controllers: [LegalHoldsController, ActiveLegalHoldsController, RetentionController],
  providers: [
    ErasureService,
    ErasureStatistics,
    RetentionService,
    LegalHoldsService,
    LegalHoldRepository,
    ErasurePendingRepository,
  ],
  exports: [ErasureService, RetentionService, LegalHoldsService],
})
export class RetentionModule {}

/** The daily sweep's and the record's retention processors and schedulers; imported only by the worker in background mode. */
@Module({
  imports: [RetentionModule],
  providers: [
    RetentionSweepProcessor,
    RetentionScheduler,
    RecordRetentionProcessor,
    RecordRetentionScheduler,
  ],
})
export class RetentionProcessorsModule {}
