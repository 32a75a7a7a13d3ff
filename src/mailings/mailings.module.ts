import { Module } from '@nestjs/common';
import { AuthModule } from '../auth';
import { ClientsModule } from '../clients';
import { ConsentsModule } from '../consents';
import { ContractsModule } from '../contracts';
import { OffersModule } from '../offers';
import { JobsModule } from '../jobs';
import { CampaignAudience } from './campaign-audience.service';
import { CampaignDelivery } from './campaign-delivery.service';
import { CampaignRecipientRepository } from './campaign-recipient.repository';
import { CampaignSender } from './campaign-sender.service';
import { CampaignRepository } from './campaign.repository';
import { CampaignsController } from './campaigns.controller';
import {
  CampaignFanOutProcessor,
  CampaignPurgeProcessor,
  CampaignSendProcessor,
} from './campaigns.processor';
import { CampaignSamples } from './campaign-samples.service';
import { CampaignsService } from './campaigns.service';
import { ControllerFooter } from './controller-footer';
import { MessagingAudience } from './messaging-audience.service';
import { ScheduledMailDelivery } from './scheduled-mail-delivery.service';
import { UnsubscribeController } from './unsubscribe.controller';
import { UnsubscribeLinks } from './unsubscribe-links.service';
import { UnsubscribeService } from './unsubscribe.service';

/** Consent-gated campaigns and unsubscribe links. The API enqueues; processors live in MailingsProcessorsModule. */
@Module({
  imports: [AuthModule, JobsModule, ClientsModule, ConsentsModule, ContractsModule, OffersModule],
  controllers: [CampaignsController, UnsubscribeController],
  providers: [
    CampaignAudience,
    CampaignRepository,
    CampaignRecipientRepository,
    CampaignSamples,
    CampaignsService,
    CampaignDelivery,
    CampaignSender,
    ControllerFooter,
    MessagingAudience,
    ScheduledMailDelivery,
    UnsubscribeLinks,
    UnsubscribeService,
  ],
  exports: [
    CampaignDelivery,
    CampaignSender,
    CampaignsService,
    MessagingAudience,
    ScheduledMailDelivery,
    UnsubscribeLinks,
  ],
})
export class MailingsModule {}

/** The campaign job processors; imported only by the worker process in background mode. */
@Module({
  imports: [MailingsModule],
  providers: [CampaignFanOutProcessor, CampaignPurgeProcessor, CampaignSendProcessor],
})
export class MailingsProcessorsModule {}
