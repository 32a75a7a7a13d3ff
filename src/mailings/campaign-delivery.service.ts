import { Injectable, Logger, OnModuleInit } from '@nestjs/common';
import { InjectQueue } from '@nestjs/bullmq';
import { InjectDataSource } from '@nestjs/typeorm';
import type { JobsOptions, Queue } from 'bullmq';
import { DataSource } from 'typeorm';
import { AuditRecorder } from '@app/audit';
import { AppConfig } from '@app/common/config/app-config';
import { PersonalDataLifecycle } from '@app/privacy';
import { JOBS, QUEUES, jobIds } from '../jobs';
import { CampaignAudience } from './campaign-audience.service';
import { CampaignRecipientRepository } from './campaign-recipient.repository';
import { CampaignRepository } from './campaign.repository';
import { MessagingAudience } from './messaging-audience.service';

export const FAN_OUT_CHUNK = 5000;
const ADD_BULK_CHUNK = 1000;
const NIL_UUID = '00000000-0000-0000-0000-000000000000';

/**
 * The worker's side of campaigns before sending: fan-out (the audience selected in SQL, one send
 * job per recipient), the purge of a cancelled campaign's jobs, and what erasure does to a
 * person's campaign mail. The send itself is CampaignSender's.
 */
@Injectable()
export class CampaignDelivery implements OnModuleInit {
  private readonly logger = new Logger(CampaignDelivery.name);

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly audit: AuditRecorder,
    private readonly audience: MessagingAudience,
    private readonly config: AppConfig,
    @InjectQueue(QUEUES.mail) private readonly mailQueue: Queue,
    private readonly campaignAudience: CampaignAudience,
    private readonly campaigns: CampaignRepository,
    private readonly recipients: CampaignRecipientRepository,
    private readonly lifecycle: PersonalDataLifecycle,
  ) {}

  /**
   * Campaign mail not yet sent to an erased person ends as skipped ("erased") in the erasing
   * transaction; their send jobs are removed once it committed (see `removeSendJobsOf`).
   */
  onModuleInit(): void {
    this.lifecycle.registerErasureStep({
      name: 'campaign_recipient',
      erase: (ids, manager) => this.recipients.skipQueuedForErasure(manager, ids),
    });
  }

  sendJobOptions(campaignId: string, clientId: string): JobsOptions {
    return {
      jobId: jobIds.campaignSend(campaignId, clientId),
      attempts: this.config.MAIL_SEND_ATTEMPTS,
      backoff: { type: 'exponential', delay: this.config.MAIL_RETRY_DELAY_MS },
      removeOnComplete: { count: 1000 },
      removeOnFail: { age: 7 * 86400 },
    };
  }

  /**
   * Selects the audience in SQL and enqueues one send job per recipient. Works in chunks in client
   * id order: each chunk is one INSERT ... SELECT (in a transaction that holds the campaign row
   * shared, so a cancel waits for it and the next chunk sees the cancel), and the jobs of one chunk
   * are added while the next chunk is being selected. Running it again (a stalled job) continues
   * idempotently: rows conflict and are kept, queued rows are enqueued again under the same job ids.
   */
  async fanOut(campaignId: string): Promise<{ targeted: number; enqueued: number } | null> {
    const campaign = await this.campaigns.find(campaignId);
    if (!campaign || campaign.status !== 'running') return null;
    const audience = this.campaignAudience.of(campaign);
    const named: Record<string, unknown> = { ...audience.named, campaignId, size: FAN_OUT_CHUNK };
    const chunkSql = this.recipients.fanOutChunkSql(
      `SELECT c.id FROM ${audience.from}
        WHERE c.id > :after::uuid AND ${audience.filter} AND ${audience.eligible}
        ORDER BY c.id LIMIT :size`,
    );

    let after = NIL_UUID;
    let enqueued = 0;
    let adding: Promise<void> = Promise.resolve();
    for (;;) {
      let chunk: Array<{ id: string; enqueue: boolean }> | null;
      try {
        chunk = await this.dataSource.transaction(async (manager) => {
          if ((await this.campaigns.statusForShare(manager, campaignId)) !== 'running') return null;
          return this.recipients.insertChunk(manager, chunkSql, { ...named, after });
        });
      } catch (error) {
        await adding.catch(() => undefined);
        throw error;
      }
      await adding;
      if (!chunk) {
        this.logger.log(`Fan-out of campaign ${campaignId} stopped: no longer running`);
        return null;
      }
      if (chunk.length === 0) break;
      after = chunk[chunk.length - 1].id;
      const ids = chunk.filter((r) => r.enqueue).map((r) => r.id);
      enqueued += ids.length;
      adding = this.enqueueSends(campaignId, ids);
      if (chunk.length < FAN_OUT_CHUNK) break;
    }
    await adding;
    const targeted = await this.campaigns.markFannedOut(campaignId, this.recipients.targetedSql());
    await this.audit.record({
      action: 'create',
      resource: 'campaign_recipient',
      resourceId: campaignId,
      fields: [this.audience.fieldOf(campaign.channel)],
      outcome: 'allowed',
      reason: 'audience_selected',
      actor: { staffId: null, role: 'system', purpose: 'marketing' },
    });
    return { targeted, enqueued };
  }

  private async enqueueSends(campaignId: string, clientIds: string[]): Promise<void> {
    for (let i = 0; i < clientIds.length; i += ADD_BULK_CHUNK) {
      await this.mailQueue.addBulk(
        clientIds.slice(i, i + ADD_BULK_CHUNK).map((clientId) => ({
          name: JOBS.campaignSend,
          data: { campaignId, clientId },
          opts: this.sendJobOptions(campaignId, clientId),
        })),
      );
    }
  }

  /** Removes the send jobs a cancel left behind; correctness does not depend on it (rows decide). */
  async purge(campaignId: string): Promise<number> {
    let after = NIL_UUID;
    let removed = 0;
    for (;;) {
      const clientIds = await this.recipients.cancelledAfter(campaignId, after, 2000);
      if (clientIds.length === 0) break;
      after = clientIds[clientIds.length - 1];
      const results = await Promise.all(
        clientIds.map((id) => this.mailQueue.remove(jobIds.campaignSend(campaignId, id)).catch(() => 0)),
      );
      removed += results.filter((n) => n === 1).length;
    }
    return removed;
  }

  /**
   * After an erasure committed: every campaign send job of the persons leaves the mail queue,
   * whatever state it is in. A job already running re-checks the person at claim time and finds
   * them erased. Answers the job ids, for the caller to remove with the rest of the mail queue's.
   */
  async sendJobIdsForErasure(clientIds: string[]): Promise<string[]> {
    const keys = await this.recipients.keysForErasure(clientIds);
    return keys.map((k) => jobIds.campaignSend(k.campaignId, k.clientId));
  }
}
