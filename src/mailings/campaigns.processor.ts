import { Injectable } from '@nestjs/common';
import { Job, UnrecoverableError } from 'bullmq';
import { JOBS, JobHandler, JobProcessor, QUEUES } from '../jobs';
import { CampaignJobPayload, CampaignSendPayload } from './campaign.dto';
import { CampaignDelivery } from './campaign-delivery.service';
import { CampaignSender } from './campaign-sender.service';

@Injectable()
@JobProcessor({
  queue: QUEUES.campaigns,
  name: JOBS.campaignFanOut,
  payload: CampaignJobPayload,
  purpose: 'marketing',
})
export class CampaignFanOutProcessor implements JobHandler<CampaignJobPayload> {
  constructor(private readonly delivery: CampaignDelivery) {}

  handle(payload: CampaignJobPayload) {
    return this.delivery.fanOut(payload.campaignId);
  }
}

@Injectable()
@JobProcessor({
  queue: QUEUES.campaigns,
  name: JOBS.campaignPurge,
  payload: CampaignJobPayload,
  purpose: 'marketing',
})
export class CampaignPurgeProcessor implements JobHandler<CampaignJobPayload> {
  constructor(private readonly delivery: CampaignDelivery) {}

  handle(payload: CampaignJobPayload) {
    return this.delivery.purge(payload.campaignId);
  }
}

@Injectable()
@JobProcessor({
  queue: QUEUES.mail,
  name: JOBS.campaignSend,
  payload: CampaignSendPayload,
  purpose: 'marketing',
})
export class CampaignSendProcessor implements JobHandler<CampaignSendPayload> {
  constructor(private readonly sender: CampaignSender) {}

  async handle(payload: CampaignSendPayload, job: Job) {
    const outcome = await this.sender.send(payload.campaignId, payload.clientId, {
      made: job.attemptsMade,
      max: job.opts.attempts ?? 1,
    });
    // The row already says failed (with the reason); failing the job shows it on the queue board.
    if (outcome === 'failed') throw new UnrecoverableError('mail not delivered');
    return outcome;
  }
}
