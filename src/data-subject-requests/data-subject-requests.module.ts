import { Module } from '@nestjs/common';
import { ClientsModule } from '../clients';
import { ConsentsModule } from '../consents';
import { ContractsModule } from '../contracts';
import { OffersModule } from '../offers';
import { RetentionModule } from '../retention';
import { AccessReportService } from './access-report.service';
import { DataSubjectRequestsController } from './data-subject-requests.controller';
import { DataSubjectRequestsService } from './data-subject-requests.service';
import { DataSubjectRequestCompletion } from './request-completion.service';

/**
 * Requests under arts. 15-22 GDPR. A module that knows mandate subjects provides
 * MANDATE_SUBJECT_DIRECTORY (anywhere in the application); without it, such requests are refused.
 */
@Module({
  imports: [ClientsModule, ConsentsModule, OffersModule, ContractsModule, RetentionModule],
  controllers: [DataSubjectRequestsController],
  providers: [DataSubjectRequestsService, DataSubjectRequestCompletion, AccessReportService],
  exports: [DataSubjectRequestsService],
})
export class DataSubjectRequestsModule {}
