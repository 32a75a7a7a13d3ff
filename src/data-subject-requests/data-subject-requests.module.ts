import { Module, forwardRef } from '@nestjs/common';
import { ActivitiesModule } from '../activities';
import { ClaimsModule } from '../claims';
import { ClientsModule } from '../clients';
import { CommissionsModule } from '../commissions';
import { ConsentsModule } from '../consents';
import { ContractsModule } from '../contracts';
import { DocumentsModule } from '../documents';
import { InstalmentsModule } from '../instalments';
import { MailingsModule } from '../mailings';
import { MandatesModule } from '../mandates';
import { OffersModule } from '../offers';
import { RetentionModule } from '../retention';
import { TasksModule } from '../tasks';
import { AccessReportService } from './access-report.service';
import { DataSubjectRequestRepository } from './data-subject-request.repository';
import { DataSubjectRequestsController } from './data-subject-requests.controller';
import { DataSubjectRequestsService } from './data-subject-requests.service';
import { REQUEST_HANDLER_PROVIDERS } from './handlers/request-handlers';
import { RequestAnswers } from './request-answers.service';
import { RequestDisclosure } from './request-disclosure.service';
import { RequestIntake } from './request-intake.service';

/**
 * Requests under arts. 15-22 GDPR. The mandates module provides MANDATE_SUBJECT_DIRECTORY, through
 * which requests about mandate subjects are referred to the insurer. It imports this module's
 * token, so its module class is referenced lazily (forwardRef) to break the cycle of the files.
 */
@Module({
  imports: [
    ClientsModule,
    ConsentsModule,
    OffersModule,
    ContractsModule,
    InstalmentsModule,
    RetentionModule,
    MailingsModule,
    ClaimsModule,
    TasksModule,
    ActivitiesModule,
    DocumentsModule,
    CommissionsModule,
    forwardRef(() => MandatesModule),
  ],
  controllers: [DataSubjectRequestsController],
  providers: [
    DataSubjectRequestRepository,
    DataSubjectRequestsService,
    RequestIntake,
    RequestDisclosure,
    RequestAnswers,
    AccessReportService,
    ...REQUEST_HANDLER_PROVIDERS,
  ],
  exports: [DataSubjectRequestsService],
})
export class DataSubjectRequestsModule {}
