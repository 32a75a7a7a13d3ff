import { Module } from '@nestjs/common';
import { ClientsModule } from '../clients';
import { ContractsModule } from '../contracts';
import { JobsModule } from '../jobs';
import { ErasureStatistics } from './erasure-statistics.service';
import { ErasureService } from './erasure.service';
import { LegalHoldsController } from './legal-holds.controller';
import { LegalHoldsService } from './legal-holds.service';
import { OffersContractsErasure } from './linked-records-erasure.service';
import { RetentionController } from './retention.controller';
import { RetentionScheduler, RetentionSweepProcessor } from './retention.processor';
import { RetentionService } from './retention.service';

/** Retention policies, the sweep, legal holds and erasure of the broker's own clients. */
@Module({
  imports: [JobsModule, ClientsModule, ContractsModule],
  controllers: [LegalHoldsController, RetentionController],
  providers: [ErasureService, ErasureStatistics, RetentionService, LegalHoldsService, OffersContractsErasure],
  exports: [ErasureService, RetentionService],
})
export class RetentionModule {}

/** The daily sweep's processor and job scheduler; imported only by the worker in background mode. */
@Module({
  imports: [RetentionModule],
  providers: [RetentionSweepProcessor, RetentionScheduler],
})
export class RetentionProcessorsModule {}
