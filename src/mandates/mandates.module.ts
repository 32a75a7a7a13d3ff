import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AppConfig } from '@app/common/config/app-config';
import { MANDATE_DATA_SOURCE, mandateDataSourceOptions } from '@app/common/database/data-source-options';
import { AuthModule } from '../auth';
import { MANDATE_SUBJECT_DIRECTORY } from '../data-subject-requests';
import { InsurersModule } from '../insurers';
import { JobsModule } from '../jobs';
import { MandateContractRepository } from './mandate-contract.repository';
import { MandateEndService } from './mandate-end.service';
import { MandateMemberRepository } from './mandate-member.repository';
import { MandateScopeRepository } from './mandate-scope.repository';
import { MandateSubjectRepository } from './mandate-subject.repository';
import { MandateRepository } from './mandate.repository';
import { MandateExpiryProcessor, MandateExpiryScheduler } from './mandate-expiry.processor';
import { MandateStore } from './mandate-store';
import { MandateStoreHealth } from './mandate-store-health.service';
import { MandateSubjectDirectory } from './mandate-subject-directory';
import { MandateSubjectsController } from './mandate-subjects.controller';
import { MandateSubjectsService } from './mandate-subjects.service';
import { MandatesController } from './mandates.controller';
import { MandatesService } from './mandates.service';

/**
 * Mandates and the data processed under them. The second DataSource (the mandate role, schema
 * `mandate` only) is opened here and used only by MandateStore; nothing else in the application
 * can reach that schema, and its own connection cannot reach the main one.
 */
@Module({
  imports: [
    TypeOrmModule.forRootAsync({
      name: MANDATE_DATA_SOURCE,
      inject: [AppConfig],
      useFactory: (config: AppConfig) =>
        mandateDataSourceOptions(
          config.mandateDatabaseUrl,
          Math.max(2, Math.ceil(config.DATABASE_POOL_SIZE / 2)),
        ),
    }),
    AuthModule,
    InsurersModule,
  ],
  controllers: [MandatesController, MandateSubjectsController],
  providers: [
    MandateRepository,
    MandateMemberRepository,
    MandateScopeRepository,
    MandateSubjectRepository,
    MandateContractRepository,
    MandateStore,
    MandatesService,
    MandateSubjectsService,
    MandateEndService,
    MandateStoreHealth,
    MandateSubjectDirectory,
    // Requests about mandate subjects are referred to the insurer: the data-subject-requests module finds this.
    { provide: MANDATE_SUBJECT_DIRECTORY, useExisting: MandateSubjectDirectory },
  ],
  exports: [
    MandatesService,
    MandateSubjectsService,
    MandateEndService,
    MandateStoreHealth,
    MandateSubjectDirectory,
    MANDATE_SUBJECT_DIRECTORY,
  ],
})
export class MandatesModule {}

/** The daily expiry run's processor and job scheduler; imported only by the worker in background mode. */
@Module({
  imports: [MandatesModule, JobsModule],
  providers: [MandateExpiryProcessor, MandateExpiryScheduler],
})
export class MandatesProcessorsModule {}
