import { randomUUID } from 'node:crypto';
import { Injectable, Logger } from '@nestjs/common';
import { InjectQueue } from '@nestjs/bullmq';
import { InjectDataSource } from '@nestjs/typeorm';
import type { JobsOptions, Queue } from 'bullmq';
import { DataSource, EntityManager } from 'typeorm';
import { AuditReason, AuditRecordInput, AuditRecorder } from '@app/audit';
import { RequestContext } from '@app/common/context/request-context';
import { AppConfig } from '@app/common/config/app-config';
import { toPositional } from '@app/common/database/sql';
import { ClientsService } from '../clients';
import { ContractsService } from '../contracts';
import { OffersService } from '../offers';
import { DeliveryResult, JOBS, MailerService, MicroBatcher, QUEUES, jobIds } from '../jobs';
import { htmlToText, renderHtml, renderSubject, renderText, unsubscribeFooter } from './mail-template';
import { forbiddenAudienceFields } from './audience-filter';
import { MessagingAudience } from './messaging-audience.service';
import { preparedQuery } from './prepared-statement';
import { UnsubscribeLinks } from './unsubscribe-links.service';

export const FAN_OUT_CHUNK = 5000;
/** What a campaign mail's footer says the recipient agreed to. */
export const CAMPAIGN_FOOTER = {
  pl: 'otrzymywanie informacji o ofertach',
  en: 'receive news about insurance offers',
};
const ADD_BULK_CHUNK = 1000;
const NIL_UUID = '00000000-0000-0000-0000-000000000000';
/** Claims and "sent" marks of concurrent sends share statements; a few ms of waiting is cheap next to SMTP. */
const BATCHING = { maxBatch: 250, maxInFlight: 2, lingerMs: 3 };

export interface SendAttempt {
  /** Attempts already made by this job (BullMQ attemptsMade). */
  made: number;
  /** Attempts the job may make in all. */
  max: number;
}

interface RecipientKey {
  campaignId: string;
  clientId: string;
}

interface ClaimedRecipient {
  email: string;
  firstName: string | null;
  lastName: string | null;
}

export type SendOutcome = 'sent' | 'skipped' | 'failed' | 'interrupted' | 'already_handled';

/** Thrown to make BullMQ try the job again later (backoff); the row is queued again. */
export class RetryLaterError extends Error {
  constructor(readonly reason: string) {
    super(`retry later: ${reason}`);
    this.name = 'RetryLaterError';
  }
}

/**
 * The worker's side of campaigns: fan-out and sending. PostgreSQL holds the truth for each
 * recipient (queued → sending → sent | skipped | failed); the queue only carries ids, and a job
 * that runs twice finds its row already handled.
 */
@Injectable()
export class CampaignDelivery {
  private readonly logger = new Logger(CampaignDelivery.name);
  private readonly templates = new Map<string, { subject: string; body: string; text: string }>();
  /** The claim statement, derived once; only its first two parameters (the keys) change. */
  private claimSql: { sql: string; params: unknown[] } | null = null;
  private readonly claims = new MicroBatcher<RecipientKey, ClaimedRecipient | null>(
    (keys) => this.inOwnContext(() => this.claimBatch(keys)),
    BATCHING,
  );
  private readonly sentMarks = new MicroBatcher<RecipientKey, void>(
    (keys) => this.inOwnContext(() => this.markSentBatch(keys)),
    BATCHING,
  );

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly audit: AuditRecorder,
    private readonly audience: MessagingAudience,
    private readonly links: UnsubscribeLinks,
    private readonly mailer: MailerService,
    private readonly config: AppConfig,
    @InjectQueue(QUEUES.mail) private readonly mailQueue: Queue,
    private readonly clients: ClientsService,
    private readonly contracts: ContractsService,
    private readonly offers: OffersService,
  ) {}

  /** Batched statements serve many jobs: their entries name no single job's request id. */
  private inOwnContext<T>(fn: () => Promise<T>): Promise<T> {
    return RequestContext.run(RequestContext.system(`mail-batch:${randomUUID()}`, 'marketing'), fn);
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
    const [campaign] = await this.dataSource.query(
      `SELECT status, channel, line_of_business FROM campaign WHERE id = $1`,
      [campaignId],
    );
    if (!campaign || campaign.status !== 'running') return null;
    const eligible = this.audience.eligibleSql('marketing', campaign.channel, 'c');
    const named: Record<string, unknown> = { ...eligible.params, campaignId, size: FAN_OUT_CHUNK };
    let lineFilter = '';
    if (forbiddenAudienceFields('marketing', { lineOfBusiness: campaign.line_of_business }).length > 0) {
      // Launch refuses such a campaign; one launched before the registry changed selects no one.
      lineFilter = 'AND false';
    } else if (campaign.line_of_business) {
      named.lob = campaign.line_of_business;
      lineFilter = `AND (${this.contracts.clientHasLineSql('c', ':lob')} OR ${this.offers.clientHasLineSql('c', ':lob')})`;
    }
    const chunkSql = `WITH picked AS (
        SELECT c.id FROM ${this.clients.fromSql('c')}
         WHERE c.id > :after::uuid AND ${eligible.sql} ${lineFilter}
         ORDER BY c.id LIMIT :size),
      inserted AS (
        INSERT INTO campaign_recipient (campaign_id, client_id)
        SELECT :campaignId::uuid, id FROM picked
        ON CONFLICT (campaign_id, client_id) DO NOTHING RETURNING client_id)
      SELECT p.id::text AS id,
             (p.id IN (SELECT client_id FROM inserted)
              OR EXISTS (SELECT 1 FROM campaign_recipient r
                          WHERE r.campaign_id = :campaignId::uuid AND r.client_id = p.id AND r.status = 'queued')) AS enqueue
        FROM picked p ORDER BY p.id`;

    let after = NIL_UUID;
    let enqueued = 0;
    let adding: Promise<void> = Promise.resolve();
    for (;;) {
      let chunk: Array<{ id: string; enqueue: boolean }> | null;
      try {
        chunk = await this.dataSource.transaction(async (manager) => {
          const [row] = await manager.query(`SELECT status FROM campaign WHERE id = $1 FOR SHARE`, [
            campaignId,
          ]);
          if (row?.status !== 'running') return null;
          const { sql, params } = toPositional(chunkSql, { ...named, after });
          return (await manager.query(sql, params)) as Array<{ id: string; enqueue: boolean }>;
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
    const [rows]: [Array<{ targeted: number }>, number] = await this.dataSource.query(
      `UPDATE campaign SET fanned_out_at = coalesce(fanned_out_at, now()),
              targeted = (SELECT count(*) FROM campaign_recipient WHERE campaign_id = $1)
        WHERE id = $1 RETURNING targeted`,
      [campaignId],
    );
    await this.audit.record({
      action: 'create',
      resource: 'campaign_recipient',
      resourceId: campaignId,
      fields: [this.audience.fieldOf(campaign.channel)],
      outcome: 'allowed',
      reason: 'audience_selected',
      actor: { staffId: null, role: 'system', purpose: 'marketing' },
    });
    return { targeted: rows[0]?.targeted ?? 0, enqueued };
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
      const rows: Array<{ client_id: string }> = await this.dataSource.query(
        `SELECT client_id::text FROM campaign_recipient
          WHERE campaign_id = $1 AND status = 'skipped' AND reason = 'cancelled' AND client_id > $2::uuid
          ORDER BY client_id LIMIT 2000`,
        [campaignId, after],
      );
      if (rows.length === 0) break;
      after = rows[rows.length - 1].client_id;
      const results = await Promise.all(
        rows.map((r) => this.mailQueue.remove(jobIds.campaignSend(campaignId, r.client_id)).catch(() => 0)),
      );
      removed += results.filter((n) => n === 1).length;
    }
    return removed;
  }

  /**
   * One send. Claims the row (queued → sending) in the same statement that re-checks the consent,
   * restriction, objection and erasure in PostgreSQL, so a withdrawal committed before the claim
   * always wins; otherwise marks the row skipped with the reason. Both are recorded.
   */
  async send(campaignId: string, clientId: string, attempt: SendAttempt): Promise<SendOutcome> {
    const claim = await this.claim(campaignId, clientId);
    if (claim.kind !== 'claimed') return claim.kind;
    const template = await this.template(campaignId);
    const values = { firstName: claim.firstName ?? '', lastName: claim.lastName ?? '' };
    const link = this.links.link({ clientId, purpose: 'marketing', channel: 'email' });
    const footer = unsubscribeFooter(link, CAMPAIGN_FOOTER);
    const result = await this.mailer.attempt(
      {
        to: claim.email,
        subject: renderSubject(template.subject, values),
        html: `${renderHtml(template.body, values)}${footer.html}`,
        text: `${renderText(template.text, values)}${footer.text}`,
        messageId: `<campaign.${campaignId}.${clientId}@${this.mailer.domain}>`,
        headers: this.links.headers(link),
      },
      attempt,
    );
    return this.finish(campaignId, clientId, result);
  }

  /** A campaign's subject and body never change once created, so each process reads them once. */
  private async template(campaignId: string): Promise<{ subject: string; body: string; text: string }> {
    let found = this.templates.get(campaignId);
    if (!found) {
      const [row] = await this.dataSource.query(`SELECT subject, body FROM campaign WHERE id = $1`, [
        campaignId,
      ]);
      found = {
        subject: row.subject as string,
        body: row.body as string,
        text: htmlToText(row.body as string),
      };
      if (this.templates.size >= 100) this.templates.clear();
      this.templates.set(campaignId, found);
    }
    return found;
  }

  /**
   * Claims rows (queued → sending) for many concurrent send jobs in one statement that re-checks,
   * per row, the consent, restriction, objection and erasure in PostgreSQL and that the campaign
   * is still running. Answers, per key, the address and names, or null when the row was not
   * claimed.
   */
  private async claimBatch(keys: RecipientKey[]): Promise<Array<ClaimedRecipient | null>> {
    if (!this.claimSql) {
      const eligible = this.audience.eligibleSql('marketing', 'email', 'c');
      this.claimSql = toPositional(
        `UPDATE campaign_recipient r
            SET status = 'sending', sending_at = now(), attempts = r.attempts + 1, reason = NULL
           FROM unnest($1::uuid[], $2::uuid[]) WITH ORDINALITY AS t(campaign_id, client_id, n), client c, campaign cp
          WHERE r.campaign_id = t.campaign_id AND r.client_id = t.client_id AND r.status = 'queued'
            AND c.id = r.client_id AND cp.id = r.campaign_id AND cp.status = 'running' AND ${eligible.sql}
          RETURNING t.n::int AS n, c.email, c.first_name, c.last_name`,
        eligible.params,
        [null, null],
      );
    }
    const { sql } = this.claimSql;
    const params = [
      keys.map((k) => k.campaignId),
      keys.map((k) => k.clientId),
      ...this.claimSql.params.slice(2),
    ];
    const rows = await preparedQuery<{
      n: number;
      email: string;
      first_name: string | null;
      last_name: string | null;
    }>(this.dataSource, 'consentry_campaign_claim', sql, params);
    // A key given twice in one batch matches its row once: only the first submitter gets it.
    const claimed: Array<ClaimedRecipient | null> = keys.map(() => null);
    for (const r of rows)
      claimed[r.n - 1] = { email: r.email, firstName: r.first_name, lastName: r.last_name };
    return claimed;
  }

  /** Marks sent rows and records each send, for many jobs in one statement. */
  private async markSentBatch(keys: RecipientKey[]): Promise<void[]> {
    await this.audit.recordWithChange(
      {
        name: 'consentry_campaign_sent',
        sql: `UPDATE campaign_recipient r SET status = 'sent', reason = NULL, finished_at = now()
                FROM unnest($1::uuid[], $2::uuid[]) WITH ORDINALITY AS t(campaign_id, client_id, n)
               WHERE r.campaign_id = t.campaign_id AND r.client_id = t.client_id
                 AND (r.status = 'sending' OR (r.status = 'failed' AND r.reason = 'interrupted'))
              RETURNING t.n`,
        params: [keys.map((k) => k.campaignId), keys.map((k) => k.clientId)],
      },
      keys.map((k) => this.entry('send', k.campaignId, k.clientId, null)),
    );
    return keys.map(() => undefined);
  }

  private async claim(
    campaignId: string,
    clientId: string,
  ): Promise<
    ({ kind: 'claimed' } & ClaimedRecipient) | { kind: 'skipped' | 'interrupted' | 'already_handled' }
  > {
    const claimed = await this.claims.submit({ campaignId, clientId });
    if (claimed) return { kind: 'claimed', ...claimed };

    const reason = this.audience.skipReasonSql('marketing', 'email', 'c');
    const skipped = await this.dataSource.transaction(async (manager) => {
      const { sql, params } = toPositional(
        `UPDATE campaign_recipient r
            SET status = 'skipped', finished_at = now(),
                reason = CASE WHEN cp.status <> 'running' THEN 'cancelled' ELSE ${reason.sql} END
           FROM campaign cp, client c
          WHERE r.campaign_id = :campaignId::uuid AND r.client_id = :clientId::uuid AND r.status = 'queued'
            AND cp.id = r.campaign_id AND c.id = r.client_id
            AND (cp.status <> 'running' OR ${reason.sql} IS NOT NULL)
          RETURNING r.reason`,
        { ...reason.params, campaignId, clientId },
      );
      const [updated]: [Array<{ reason: AuditReason }>, number] = await manager.query(sql, params);
      if (updated.length === 0) return null;
      await this.record(manager, 'skip', campaignId, clientId, updated[0].reason);
      return updated[0].reason;
    });
    if (skipped) return { kind: 'skipped' };

    const [row] = await this.dataSource.query(
      `SELECT status FROM campaign_recipient WHERE campaign_id = $1 AND client_id = $2`,
      [campaignId, clientId],
    );
    if (!row) return { kind: 'already_handled' };
    if (row.status === 'queued') throw new RetryLaterError('eligibility changed during the check');
    if (row.status !== 'sending') return { kind: 'already_handled' };
    // The job runs again while its row is mid-send: the worker that claimed it stopped (BullMQ
    // re-runs a job only once its lock has expired). The mail may or may not have left; it is never
    // sent again automatically but reported as interrupted. Should that worker still be alive and
    // finish after all, its success turns the row into sent.
    const interrupted = await this.dataSource.transaction(async (manager) => {
      const [updated]: [unknown[], number] = await manager.query(
        `UPDATE campaign_recipient SET status = 'failed', reason = 'interrupted', finished_at = now()
          WHERE campaign_id = $1 AND client_id = $2 AND status = 'sending' RETURNING 1`,
        [campaignId, clientId],
      );
      if (updated.length === 0) return false;
      await this.record(manager, 'send', campaignId, clientId, 'interrupted');
      return true;
    });
    return { kind: interrupted ? 'interrupted' : 'already_handled' };
  }

  private async finish(campaignId: string, clientId: string, result: DeliveryResult): Promise<SendOutcome> {
    if (result.kind === 'sent') {
      // The mail has left: recording it must not be lost to a passing database error.
      await withRetries(() => this.sentMarks.submit({ campaignId, clientId }));
      return 'sent';
    }
    if (result.kind === 'retry') {
      await this.dataSource.transaction(async (manager) => {
        await manager.query(
          `UPDATE campaign_recipient SET status = 'queued', reason = $3, sending_at = NULL
            WHERE campaign_id = $1 AND client_id = $2 AND status = 'sending'`,
          [campaignId, clientId, result.reason],
        );
        await this.record(manager, 'send', campaignId, clientId, `${result.reason}_retry`);
      });
      throw new RetryLaterError(result.reason);
    }
    await this.dataSource.transaction(async (manager) => {
      await manager.query(
        `UPDATE campaign_recipient SET status = 'failed', reason = $3, finished_at = now()
          WHERE campaign_id = $1 AND client_id = $2 AND status = 'sending'`,
        [campaignId, clientId, result.reason],
      );
      await this.record(manager, 'send', campaignId, clientId, result.reason);
    });
    return 'failed';
  }

  private record(
    manager: EntityManager,
    action: 'send' | 'skip',
    campaignId: string,
    clientId: string,
    reason: AuditReason | null,
  ) {
    return this.audit.record(this.entry(action, campaignId, clientId, reason), manager);
  }

  private entry(
    action: 'send' | 'skip',
    campaignId: string,
    clientId: string,
    reason: AuditReason | null,
  ): AuditRecordInput {
    return {
      action,
      resource: 'campaign_recipient',
      resourceId: campaignId,
      clientIds: [clientId],
      fields: ['email'],
      outcome: 'allowed',
      reason,
      actor: { staffId: null, role: 'system', purpose: 'marketing' },
    };
  }
}

async function withRetries<T>(fn: () => Promise<T>, tries = 4): Promise<T> {
  for (let i = 1; ; i++) {
    try {
      return await fn();
    } catch (error) {
      if (i >= tries) throw error;
      await new Promise((r) => setTimeout(r, 250 * i));
    }
  }
}
