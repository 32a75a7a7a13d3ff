import { Injectable } from '@nestjs/common';
import { InjectQueue } from '@nestjs/bullmq';
import { InjectDataSource } from '@nestjs/typeorm';
import type { Queue } from 'bullmq';
import { DataSource, EntityManager } from 'typeorm';
import { AuditRecorder, type AuditResource } from '@app/audit';
import { AppConfig } from '@app/common/config/app-config';
import { NotFoundError } from '@app/common/errors/domain-error';
import { Page, decodeCursor, encodeCursor, pageSize } from '@app/common/http/pagination';
import type { Purpose, Role } from '@app/privacy';
import { JOBS, QUEUES, jobIds } from '../jobs';
import {
  CampaignCountsDto,
  CreateCampaignDto,
  ListRecipientsQueryDto,
  RecipientStatus,
} from './campaign.dto';
import { AudienceFilter, forbiddenAudienceFields } from './audience-filter';
import { unknownPlaceholders } from './mail-template';
import {
  AudienceFilterNotAllowedError,
  CampaignAlreadyLaunchedError,
  CampaignCancelledError,
  CampaignFinishedError,
  UnknownPlaceholderError,
} from './mailings.errors';

export interface CampaignActor {
  staffId: string;
  role: Role;
  purpose: Purpose | null;
}

export interface CampaignRow {
  id: string;
  name: string;
  channel: 'email';
  subject: string;
  body: string;
  line_of_business: string | null;
  status: 'draft' | 'running' | 'cancelled';
  created_at: Date;
  launched_at: Date | null;
  fanned_out_at: Date | null;
  cancelled_at: Date | null;
}

export interface CampaignView {
  id: string;
  name: string;
  channel: 'email';
  subject: string;
  body: string;
  audience: { lineOfBusiness?: string };
  status: 'draft' | 'running' | 'done' | 'cancelled';
  counts: CampaignCountsDto;
  createdAt: string;
  launchedAt: string | null;
  cancelledAt: string | null;
}

/** One campaign's mail to a person, as their own access report (art. 15) lists it. */
export interface RecipientHistoryEntry {
  campaignId: string;
  status: string;
  reason: string | null;
  queuedAt: string;
  finishedAt: string | null;
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
  ) {}

  async create(actor: CampaignActor, input: CreateCampaignDto): Promise<CampaignView> {
    const badSubject = unknownPlaceholders(input.subject);
    const badBody = unknownPlaceholders(input.body);
    if (badSubject.length || badBody.length) {
      throw new UnknownPlaceholderError(
        [...(badSubject.length ? ['subject'] : []), ...(badBody.length ? ['body'] : [])],
        [...new Set([...badSubject, ...badBody])],
      );
    }
    await this.assertAudienceAllowed(actor, input.audience, 'create', null);
    const id = await this.dataSource.transaction(async (manager) => {
      const [row] = await manager.query(
        `INSERT INTO campaign (name, channel, subject, body, line_of_business, created_by)
         VALUES ($1, $2, $3, $4, $5, $6) RETURNING id`,
        [
          input.name,
          input.channel,
          input.subject,
          input.body,
          input.audience?.lineOfBusiness ?? null,
          actor.staffId,
        ],
      );
      await this.audit.record(
        { action: 'create', resource: 'campaign', resourceId: row.id, outcome: 'allowed' },
        manager,
      );
      return row.id as string;
    });
    return this.view(this.dataSource.manager, (await this.load(this.dataSource.manager, id))!);
  }

  async get(_actor: CampaignActor, id: string): Promise<CampaignView> {
    const row = await this.load(this.dataSource.manager, id);
    if (!row) throw new NotFoundError('Campaign');
    const view = await this.view(this.dataSource.manager, row);
    await this.audit.record({ action: 'read', resource: 'campaign', resourceId: id, outcome: 'allowed' });
    return view;
  }

  /**
   * Marks the campaign running and enqueues its one fan-out job (deterministic id). Launching
   * again before the fan-out has run re-enqueues the same job id, which BullMQ ignores while the
   * job exists: a launch whose enqueue failed can simply be repeated.
   */
  async launch(actor: CampaignActor, id: string): Promise<CampaignView> {
    // A campaign drafted before the registry narrowed the audience is never sent by the old filter.
    const draft = await this.load(this.dataSource.manager, id);
    if (draft) await this.assertAudienceAllowed(actor, audienceOf(draft), 'update', id);
    await this.dataSource.transaction(async (manager) => {
      const row = await this.load(manager, id, true);
      if (!row) throw new NotFoundError('Campaign');
      if (row.status === 'cancelled') throw new CampaignCancelledError();
      if (row.status === 'running' && row.fanned_out_at) throw new CampaignAlreadyLaunchedError();
      if (row.status === 'draft') {
        await manager.query(
          `UPDATE campaign SET status = 'running', launched_at = now(), launched_by = $2 WHERE id = $1`,
          [id, actor.staffId],
        );
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
    return this.view(this.dataSource.manager, (await this.load(this.dataSource.manager, id))!);
  }

  /**
   * Stops every send not yet started: queued recipients become skipped ('cancelled') in the same
   * transaction that cancels the campaign (a send job claims its row only while the campaign is
   * running, so none can start after this commits); the jobs are then removed from the queue.
   * Cancelling a cancelled campaign changes nothing.
   */
  async cancel(actor: CampaignActor, id: string): Promise<CampaignView> {
    const cancelled = await this.dataSource.transaction(async (manager) => {
      const row = await this.load(manager, id, true);
      if (!row) throw new NotFoundError('Campaign');
      if (row.status === 'cancelled') return false;
      if (row.status === 'running' && row.fanned_out_at) {
        const counts = await this.counts(manager, id);
        if (counts.queued === 0 && counts.sending - counts.stuck === 0) throw new CampaignFinishedError();
      }
      await manager.query(
        `UPDATE campaign SET status = 'cancelled', cancelled_at = now(), cancelled_by = $2 WHERE id = $1`,
        [id, actor.staffId],
      );
      const [skipped]: [Array<{ client_id: string }>, number] = await manager.query(
        `UPDATE campaign_recipient SET status = 'skipped', reason = 'cancelled', finished_at = now()
          WHERE campaign_id = $1 AND status = 'queued' RETURNING client_id`,
        [id],
      );
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
          skipped.slice(i, i + SKIP_RECORD_CHUNK).map((r) => ({
            action: 'skip' as const,
            resource: 'campaign_recipient',
            resourceId: id,
            clientIds: [r.client_id],
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
    return this.view(this.dataSource.manager, (await this.load(this.dataSource.manager, id))!);
  }

  async recipients(
    actor: CampaignActor,
    id: string,
    query: ListRecipientsQueryDto,
  ): Promise<Page<RecipientView>> {
    const row = await this.load(this.dataSource.manager, id);
    if (!row) throw new NotFoundError('Campaign');
    // Recipients of an audience selected by what the purpose may not use would reveal it.
    await this.assertAudienceAllowed(actor, audienceOf(row), 'list', id, 'campaign_recipient');
    const size = pageSize(query.limit);
    const cursor = decodeCursor(query.cursor, ['uuid']);
    const params: unknown[] = [id];
    const where = ['campaign_id = $1'];
    if (query.status) {
      params.push(query.status);
      where.push(`status = $${params.length}`);
    }
    if (cursor) {
      params.push(cursor[0]);
      where.push(`client_id > $${params.length}::uuid`);
    }
    const rows: Array<{ client_id: string; status: RecipientStatus; reason: string | null }> =
      await this.dataSource.query(
        `SELECT client_id::text, status, reason FROM campaign_recipient WHERE ${where.join(' AND ')}
        ORDER BY client_id LIMIT ${size + 1}`,
        params,
      );
    const page = rows.slice(0, size);
    const items = page.map((r) => ({
      clientId: r.client_id,
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
    return { items, nextCursor: rows.length > size && last ? encodeCursor([last.client_id]) : null };
  }

  async counts(manager: EntityManager, id: string): Promise<CampaignCountsDto> {
    const [row] = await manager.query(
      `SELECT count(*)::int AS targeted,
              count(*) FILTER (WHERE status = 'queued')::int AS queued,
              count(*) FILTER (WHERE status = 'sending')::int AS sending,
              count(*) FILTER (WHERE status = 'sent')::int AS sent,
              count(*) FILTER (WHERE status = 'skipped')::int AS skipped,
              count(*) FILTER (WHERE status = 'failed')::int AS failed,
              count(*) FILTER (WHERE status = 'failed' AND reason = 'interrupted')::int AS interrupted,
              count(*) FILTER (WHERE status = 'sending' AND sending_at < now() - make_interval(secs => $2))::int AS stuck
         FROM campaign_recipient WHERE campaign_id = $1`,
      [id, Math.max(STUCK_AFTER_MS, 2 * this.config.JOB_LOCK_DURATION_MS) / 1000],
    );
    return row as CampaignCountsDto;
  }

  /**
   * Every campaign mail of a client, oldest first, for the person's own access report: the caller
   * checked the request and records the disclosure, so no purpose applies here.
   */
  recipientHistoryForDataSubject(
    clientId: string,
    manager?: EntityManager,
  ): Promise<RecipientHistoryEntry[]> {
    return (manager ?? this.dataSource.manager).query(
      `SELECT campaign_id AS "campaignId", status, reason,
              to_char(queued_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS "queuedAt",
              to_char(finished_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS "finishedAt"
         FROM campaign_recipient WHERE client_id = $1 ORDER BY queued_at`,
      [clientId],
    );
  }

  private async assertAudienceAllowed(
    actor: CampaignActor,
    audience: AudienceFilter | undefined,
    action: 'create' | 'update' | 'list',
    resourceId: string | null,
    resource: AuditResource = 'campaign',
  ): Promise<void> {
    const fields = forbiddenAudienceFields(actor.purpose, audience);
    if (fields.length === 0) return;
    await this.audit.record({
      action,
      resource,
      resourceId,
      fields,
      outcome: 'denied',
      reason: 'AUDIENCE_FILTER_NOT_ALLOWED',
    });
    throw new AudienceFilterNotAllowedError(fields, actor.purpose);
  }

  private async view(manager: EntityManager, row: CampaignRow): Promise<CampaignView> {
    const counts = await this.counts(manager, row.id);
    let status: CampaignView['status'] = row.status;
    if (
      row.status === 'running' &&
      row.fanned_out_at &&
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
      createdAt: new Date(row.created_at).toISOString(),
      launchedAt: row.launched_at ? new Date(row.launched_at).toISOString() : null,
      cancelledAt: row.cancelled_at ? new Date(row.cancelled_at).toISOString() : null,
    };
  }

  private async load(manager: EntityManager, id: string, lock = false): Promise<CampaignRow | null> {
    const rows: CampaignRow[] = await manager.query(
      `SELECT id, name, channel, subject, body, line_of_business, status, created_at, launched_at, fanned_out_at, cancelled_at
         FROM campaign WHERE id = $1${lock ? ' FOR UPDATE' : ''}`,
      [id],
    );
    return rows[0] ?? null;
  }
}

function audienceOf(row: CampaignRow): { lineOfBusiness?: string } {
  return row.line_of_business ? { lineOfBusiness: row.line_of_business } : {};
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
