import type { RecipientHistoryEntry } from './campaign-recipient.repository';
import { Injectable } from '@nestjs/common';
import { InjectQueue } from '@nestjs/bullmq';
import { InjectDataSource } from '@nestjs/typeorm';
import type { Queue } from 'bullmq';
import { DataSource, EntityManager } from 'typeorm';
import { AuditRecorder, type AuditResource } from '@app/audit';
import { AppConfig } from '@app/common/config/app-config';
import { NotFoundError } from '@app/common/errors/domain-error';
import { Page, PageQueryDto, decodeCursor, encodeCursor, pageSize } from '@app/common/http/pagination';
import type { PrivacyScope } from '@app/privacy';
import { JOBS, QUEUES, jobIds } from '../jobs';
import {
  CampaignCountsDto,
  CreateCampaignDto,
  ListRecipientsQueryDto,
  RecipientStatus,
} from './campaign.dto';
import { AudienceFilter, forbiddenAudienceFields } from './audience-filter';
import { AudienceCounts, CampaignAudience } from './campaign-audience.service';
import { CampaignRecipientRepository } from './campaign-recipient.repository';
import { Campaign, CampaignRepository } from './campaign.repository';
import { unknownPlaceholders } from './mail-template';
import { sanitizeStaffHtml } from './mail-html';
import {
  AudienceFilterNotAllowedError,
  CampaignAlreadyLaunchedError,
  CampaignCancelledError,
  CampaignFinishedError,
  UnknownPlaceholderError,
} from './mailings.errors';

export interface CampaignView {
  id: string;
  name: string;
  channel: 'email';
  subject: string;
  body: string;
  /** The filter; for a draft also who a launch would reach now (see CampaignAudience). */
  audience: { lineOfBusiness?: string } & Partial<AudienceCounts>;
  status: 'draft' | 'running' | 'done' | 'cancelled';
  counts: CampaignCountsDto;
  createdAt: string;
  launchedAt: string | null;
  cancelledAt: string | null;
}

export interface RecipientView {
  clientId: string;
  status: RecipientStatus;
  reason?: string;
}

/** Rows still marked sending this long after their claim are reported as stuck. */
const STUCK_AFTER_MS = 5 * 60_000;
const SKIP_RECORD_CHUNK = 5000;

/**
 * Campaigns as marketing sees them over HTTP: create, launch, cancel, live status and recipients
 * (ids and statuses only). The API process only enqueues; the worker fans out and sends.
 */
@Injectable()
export class CampaignsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly audit: AuditRecorder,
    private readonly config: AppConfig,
    @InjectQueue(QUEUES.campaigns) private readonly campaignsQueue: Queue,
    private readonly campaigns: CampaignRepository,
    private readonly recipientRows: CampaignRecipientRepository,
    private readonly audience: CampaignAudience,
  ) {}

  async create(scope: PrivacyScope, input: CreateCampaignDto): Promise<CampaignView> {
    const badSubject = unknownPlaceholders(input.subject);
    const badBody = unknownPlaceholders(input.body);
    if (badSubject.length || badBody.length) {
      throw new UnknownPlaceholderError(
        [...(badSubject.length ? ['subject'] : []), ...(badBody.length ? ['body'] : [])],
        [...new Set([...badSubject, ...badBody])],
      );
    }
    assertAudienceAllowed(scope, input.audience, 'create', null);
    const id = await this.dataSource.transaction(async (manager) => {
      const created = await this.campaigns.insert(manager, {
        name: input.name,
        channel: input.channel,
        subject: input.subject,
        body: sanitizeStaffHtml(input.body),
        lineOfBusiness: input.audience?.lineOfBusiness ?? null,
        createdBy: scope.staffMember,
      });
      await this.audit.record(
        { action: 'create', resource: 'campaign', resourceId: created, outcome: 'allowed' },
        manager,
      );
      return created;
    });
    return this.view(this.dataSource.manager, (await this.campaigns.find(id))!);
  }

  /** Newest first; each with its status and counts, the audience as its filter only. */
  async list(_scope: PrivacyScope, query: PageQueryDto): Promise<Page<CampaignView>> {
    const size = pageSize(query.limit);
    const rows = await this.campaigns.page({ cursor: query.cursor, size });
    const page = rows.slice(0, size);
    const items: CampaignView[] = [];
    for (const row of page) items.push(await this.view(this.dataSource.manager, row));
    await this.audit.record({ action: 'list', resource: 'campaign', outcome: 'allowed' });
    const last = page[page.length - 1];
    return { items, nextCursor: rows.length > size && last ? encodeCursor([last.sortKey, last.id]) : null };
  }

  /** A draft also says who a launch would reach now, counted as the launch selects. */
  async get(_scope: PrivacyScope, id: string): Promise<CampaignView> {
    const row = await this.campaigns.find(id);
    if (!row) throw new NotFoundError('Campaign');
    const view = await this.view(this.dataSource.manager, row);
    if (row.status === 'draft') view.audience = { ...view.audience, ...(await this.audience.counts(row)) };
    await this.audit.record({ action: 'read', resource: 'campaign', resourceId: id, outcome: 'allowed' });
    return view;
  }

  /**
   * Marks the campaign running and enqueues its one fan-out job (deterministic id). Launching
   * again before the fan-out has run re-enqueues the same job id, which BullMQ ignores while the
   * job exists: a launch whose enqueue failed can simply be repeated.
   */
  async launch(scope: PrivacyScope, id: string): Promise<CampaignView> {
    // A campaign drafted before the registry narrowed the audience is never sent by the old filter.
    const draft = await this.campaigns.find(id);
    if (draft) assertAudienceAllowed(scope, audienceOf(draft), 'update', id);
    await this.dataSource.transaction(async (manager) => {
      const row = await this.campaigns.find(id, manager, 'update');
      if (!row) throw new NotFoundError('Campaign');
      if (row.status === 'cancelled') throw new CampaignCancelledError();
      if (row.status === 'running' && row.fannedOutAt) throw new CampaignAlreadyLaunchedError();
      if (row.status === 'draft') {
        await this.campaigns.markRunning(manager, id, scope.staffMember);
      }
      await this.audit.record(
        {
          action: 'update',
          resource: 'campaign',
          resourceId: id,
          fields: ['status'],
          outcome: 'allowed',
          reason: 'launch',
        },
        manager,
      );
    });
    await this.campaignsQueue.add(
      JOBS.campaignFanOut,
      { campaignId: id },
      {
        jobId: jobIds.campaignFanOut(id),
        attempts: 5,
        backoff: { type: 'exponential', delay: 1000 },
        removeOnComplete: true,
        removeOnFail: { age: 7 * 86400 },
      },
    );
    return this.view(this.dataSource.manager, (await this.campaigns.find(id))!);
  }

  /**
   * Stops every send not yet started: queued recipients become skipped ('cancelled') in the same
   * transaction that cancels the campaign (a send job claims its row only while the campaign is
   * running, so none can start after this commits); the jobs are then removed from the queue.
   * Cancelling a cancelled campaign changes nothing.
   */
  async cancel(scope: PrivacyScope, id: string): Promise<CampaignView> {
    const cancelled = await this.dataSource.transaction(async (manager) => {
      const row = await this.campaigns.find(id, manager, 'update');
      if (!row) throw new NotFoundError('Campaign');
      if (row.status === 'cancelled') return false;
      if (row.status === 'running' && row.fannedOutAt) {
        const counts = await this.counts(manager, id);
        if (counts.queued === 0 && counts.sending - counts.stuck === 0) throw new CampaignFinishedError();
      }
      await this.campaigns.markCancelled(manager, id, scope.staffMember);
      const skipped = await this.recipientRows.skipQueuedOfCancelled(manager, id);
      await this.audit.record(
        {
          action: 'update',
          resource: 'campaign',
          resourceId: id,
          fields: ['status'],
          outcome: 'allowed',
          reason: 'cancel',
        },
        manager,
      );
      for (let i = 0; i < skipped.length; i += SKIP_RECORD_CHUNK) {
        await this.audit.recordMany(
          skipped.slice(i, i + SKIP_RECORD_CHUNK).map((clientId) => ({
            action: 'skip' as const,
            resource: 'campaign_recipient',
            resourceId: id,
            clientIds: [clientId],
            fields: ['email'],
            outcome: 'allowed' as const,
            reason: 'cancelled',
          })),
          manager,
        );
      }
      return row.status === 'running';
    });
    if (cancelled) {
      await this.campaignsQueue.add(
        JOBS.campaignPurge,
        { campaignId: id },
        {
          jobId: jobIds.campaignPurge(id),
          attempts: 3,
          backoff: { type: 'exponential', delay: 1000 },
          removeOnComplete: true,
          removeOnFail: { age: 7 * 86400 },
        },
      );
    }
    return this.view(this.dataSource.manager, (await this.campaigns.find(id))!);
  }

  async recipients(
    scope: PrivacyScope,
    id: string,
    query: ListRecipientsQueryDto,
  ): Promise<Page<RecipientView>> {
    const row = await this.campaigns.find(id);
    if (!row) throw new NotFoundError('Campaign');
    // Recipients of an audience selected by what the purpose may not use would reveal it.
    assertAudienceAllowed(scope, audienceOf(row), 'list', id, 'campaign_recipient');
    const size = pageSize(query.limit);
    const cursor = decodeCursor(query.cursor, ['uuid']);
    const rows = await this.recipientRows.page(id, {
      status: query.status,
      after: cursor?.[0] ?? undefined,
      limit: size + 1,
    });
    const page = rows.slice(0, size);
    const items = page.map((r) => ({
      clientId: r.clientId,
      status: r.status,
      ...(r.reason ? { reason: shownReason(r.reason) } : {}),
    }));
    await this.audit.record({
      action: 'list',
      resource: 'campaign_recipient',
      resourceId: id,
      clientIds: items.map((i) => i.clientId),
      outcome: 'allowed',
    });
    const last = page[page.length - 1];
    return { items, nextCursor: rows.length > size && last ? encodeCursor([last.clientId]) : null };
  }

  counts(manager: EntityManager, id: string): Promise<CampaignCountsDto> {
    return this.recipientRows.counts(
      manager,
      id,
      Math.max(STUCK_AFTER_MS, 2 * this.config.JOB_LOCK_DURATION_MS) / 1000,
    );
  }

  /**
   * Every campaign mail of a client, oldest first, for the person's own access report: the caller
   * checked the request and records the disclosure, so no purpose applies here.
   */
  recipientHistoryForDataSubject(
    clientId: string,
    manager?: EntityManager,
  ): Promise<RecipientHistoryEntry[]> {
    return this.recipientRows.historyForDataSubject(clientId, manager);
  }

  private async view(manager: EntityManager, row: Campaign): Promise<CampaignView> {
    const counts = await this.counts(manager, row.id);
    let status: CampaignView['status'] = row.status;
    if (
      row.status === 'running' &&
      row.fannedOutAt &&
      counts.queued === 0 &&
      counts.sending - counts.stuck === 0
    )
      status = 'done';
    return {
      id: row.id,
      name: row.name,
      channel: row.channel,
      subject: row.subject,
      body: row.body,
      audience: audienceOf(row),
      status,
      counts,
      createdAt: new Date(row.createdAt).toISOString(),
      launchedAt: row.launchedAt ? new Date(row.launchedAt).toISOString() : null,
      cancelledAt: row.cancelledAt ? new Date(row.cancelledAt).toISOString() : null,
    };
  }
}

export function audienceOf(row: Campaign): { lineOfBusiness?: string } {
  return row.lineOfBusiness ? { lineOfBusiness: row.lineOfBusiness } : {};
}

/**
 * Skip reasons that state facts marketing may not know about a client it no longer sees (a
 * restriction under art. 18, an anonymisation, a deletion) are shown as `not_eligible`; the row
 * itself keeps the precise reason for the record.
 */
const REASONS_SHOWN = new Set(['consent_withdrawn', 'objected', 'no_address', 'cancelled', 'interrupted']);
function shownReason(reason: string): string {
  return REASONS_SHOWN.has(reason) || reason.startsWith('smtp_') ? reason : 'not_eligible';
}

/** A filter the purpose may not select by is refused (and the refusal recorded by the edge). */
export function assertAudienceAllowed(
  scope: PrivacyScope,
  audience: AudienceFilter | undefined,
  action: 'create' | 'update' | 'list' | 'read',
  resourceId: string | null,
  resource: AuditResource = 'campaign',
): void {
  const fields = forbiddenAudienceFields(scope.purpose, audience);
  if (fields.length === 0) return;
  scope.deny(
    { action, resource, resourceId, fields, reason: 'AUDIENCE_FILTER_NOT_ALLOWED' },
    new AudienceFilterNotAllowedError(fields, scope.purpose),
  );
}
