import type { Language } from '@app/common/locale/polish';
import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { AuditReason, AuditRecordInput, AuditRecorder } from '@app/audit';
import { RequestContext } from '@app/common/context/request-context';
import { DeliveryResult, MailerService, MicroBatcher } from '../jobs';
import {
  ClaimRow,
  ClaimStatement,
  ClaimedRecipient,
  CampaignRecipientRepository,
  RecipientKey,
} from './campaign-recipient.repository';
import { CampaignRepository } from './campaign.repository';
import { htmlToText, sanitizeStaffHtml } from './mail-html';
import { ControllerFooter } from './controller-footer';
import {
  TemplateValues,
  UNSUBSCRIBE_WHAT,
  renderHtml,
  renderSubject,
  renderText,
  unsubscribeFooter,
} from './mail-template';
import { MessagingAudience } from './messaging-audience.service';
import { UnsubscribeLinks } from './unsubscribe-links.service';

/** What a campaign mail's footer says the recipient agreed to. */
export const CAMPAIGN_FOOTER = UNSUBSCRIBE_WHAT.marketing;
/**
 * Claims and "sent" marks of concurrent sends share statements: one statement carries both, so a
 * batch costs one round trip and one commit. A few ms of waiting is cheap next to SMTP.
 */
const BATCHING = { maxBatch: 250, maxInFlight: 2, lingerMs: 3 };

/** What a send asks of the batched statement: to claim its row, or to mark it sent. */
type RecipientStep = { step: 'claim' | 'sent'; key: RecipientKey };

export interface SendAttempt {
  /** Attempts already made by this job (BullMQ attemptsMade). */
  made: number;
  /** Attempts the job may make in all. */
  max: number;
}

/** A campaign mail before it is addressed. */
export interface ComposedMail {
  subject: string;
  html: string;
  text: string;
  headers: Record<string, string>;
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
 * One campaign send per job. PostgreSQL holds the truth for each recipient (queued → sending →
 * sent | skipped | failed); the queue only carries ids, and a job that runs twice finds its row
 * already handled.
 */
@Injectable()
export class CampaignSender {
  private readonly templates = new Map<string, { subject: string; body: string; text: string }>();
  /** The claim statement, derived once; only its first two parameters (the keys) change. */
  private claimStatement: ClaimStatement | null = null;
  private readonly steps = new MicroBatcher<RecipientStep, ClaimedRecipient | null>(
    (steps) => this.inOwnContext(() => this.stepBatch(steps)),
    BATCHING,
  );

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly audit: AuditRecorder,
    private readonly audience: MessagingAudience,
    private readonly links: UnsubscribeLinks,
    private readonly mailer: MailerService,
    private readonly campaigns: CampaignRepository,
    private readonly recipients: CampaignRecipientRepository,
    private readonly footer: ControllerFooter,
  ) {}

  /** Batched statements serve many jobs: their entries name no single job's request id. */
  private inOwnContext<T>(fn: () => Promise<T>): Promise<T> {
    return RequestContext.run(RequestContext.system(`mail-batch:${randomUUID()}`, 'marketing'), fn);
  }

  /**
   * One send. Claims the row (queued → sending) in the same statement that re-checks the consent,
   * restriction, objection and erasure in PostgreSQL, so a withdrawal committed before the claim
   * always wins; otherwise marks the row skipped with the reason. Both are recorded.
   */
  async send(campaignId: string, clientId: string, attempt: SendAttempt): Promise<SendOutcome> {
    const claim = await this.claim(campaignId, clientId);
    if (claim.kind !== 'claimed') return claim.kind;
    const link = this.links.link({ clientId, purpose: 'marketing', channel: 'email' }, claim.language);
    const mail = await this.compose(campaignId, {
      values: { firstName: claim.firstName ?? '', lastName: claim.lastName ?? '' },
      link,
      language: claim.language,
    });
    const result = await this.mailer.attempt(
      {
        to: claim.email,
        ...mail,
        messageId: `<campaign.${campaignId}.${clientId}@${this.mailer.domain}>`,
      },
      attempt,
    );
    return this.finish(campaignId, clientId, result);
  }

  /**
   * A campaign's mail for one recipient: the subject, the HTML and text parts with the names
   * filled in, and the unsubscribe footer and headers for `link`. The send, the preview and the
   * test mail all compose it here, so what staff look at is what recipients get.
   */
  async compose(
    campaignId: string,
    recipient: { values: TemplateValues; link: string; language: Language },
  ): Promise<ComposedMail> {
    const template = await this.template(campaignId);
    const footer = unsubscribeFooter(recipient.link, CAMPAIGN_FOOTER, recipient.language);
    return this.footer.append(
      {
        subject: renderSubject(template.subject, recipient.values),
        html: `${renderHtml(template.body, recipient.values)}${footer.html}`,
        text: `${renderText(template.text, recipient.values)}${footer.text}`,
        headers: this.links.headers(recipient.link),
      },
      [recipient.language],
    );
  }

  /** A campaign's subject and body never change once created, so each process reads them once. */
  private async template(campaignId: string): Promise<{ subject: string; body: string; text: string }> {
    let found = this.templates.get(campaignId);
    if (!found) {
      const row = await this.campaigns.template(campaignId);
      // Sanitised again: a body saved before the safe list (or written past the API) is not trusted.
      const body = sanitizeStaffHtml(row.body);
      found = { subject: row.subject, body, text: htmlToText(body) };
      if (this.templates.size >= 100) this.templates.clear();
      this.templates.set(campaignId, found);
    }
    return found;
  }

  /**
   * For many concurrent send jobs, in one statement: marks sent rows and records each send, and
   * claims rows (queued → sending), re-checking per row the consent, restriction, objection and
   * erasure in PostgreSQL and that the campaign is still running. Answers, per claim, the address
   * and names, or null when the row was not claimed; null for each mark.
   */
  private async stepBatch(steps: RecipientStep[]): Promise<Array<ClaimedRecipient | null>> {
    this.claimStatement ??= this.recipients.claimStatement(
      this.audience.eligibleSql('marketing', 'email', 'c'),
    );
    const claims = steps.filter((s) => s.step === 'claim').map((s) => s.key);
    const sent = steps.filter((s) => s.step === 'sent').map((s) => s.key);
    const rows = await this.audit.recordWithChangeAlongside<ClaimRow>(
      this.recipients.sentChange(sent),
      sent.map((k) => this.entry('send', k.campaignId, k.clientId, null)),
      this.recipients.claimAlongside(this.claimStatement, claims),
    );
    const claimed = this.recipients.claimedFrom(rows, claims.length);
    let next = 0;
    return steps.map((s) => (s.step === 'claim' ? claimed[next++] : null));
  }

  private async claim(
    campaignId: string,
    clientId: string,
  ): Promise<
    ({ kind: 'claimed' } & ClaimedRecipient) | { kind: 'skipped' | 'interrupted' | 'already_handled' }
  > {
    const claimed = await this.steps.submit({ step: 'claim', key: { campaignId, clientId } });
    if (claimed) return { kind: 'claimed', ...claimed };

    const reason = this.audience.skipReasonSql('marketing', 'email', 'c');
    const skipped = await this.dataSource.transaction(async (manager) => {
      const skippedFor = await this.recipients.skipQueued(manager, { campaignId, clientId }, reason);
      if (!skippedFor) return null;
      await this.record(manager, 'skip', campaignId, clientId, skippedFor);
      return skippedFor;
    });
    if (skipped) return { kind: 'skipped' };

    const row = await this.recipients.find({ campaignId, clientId });
    if (!row) return { kind: 'already_handled' };
    if (row.status === 'queued') throw new RetryLaterError('eligibility changed during the check');
    if (row.status !== 'sending') return { kind: 'already_handled' };
    // The job runs again while its row is mid-send: the worker that claimed it stopped (BullMQ
    // re-runs a job only once its lock has expired). The mail may or may not have left; it is never
    // sent again automatically but reported as interrupted. Should that worker still be alive and
    // finish after all, its success turns the row into sent.
    const interrupted = await this.dataSource.transaction(async (manager) => {
      if (!(await this.recipients.markInterrupted(manager, { campaignId, clientId }))) return false;
      await this.record(manager, 'send', campaignId, clientId, 'interrupted');
      return true;
    });
    return { kind: interrupted ? 'interrupted' : 'already_handled' };
  }

  private async finish(campaignId: string, clientId: string, result: DeliveryResult): Promise<SendOutcome> {
    if (result.kind === 'sent') {
      // The mail has left: recording it must not be lost to a passing database error.
      await withRetries(() => this.steps.submit({ step: 'sent', key: { campaignId, clientId } }));
      return 'sent';
    }
    if (result.kind === 'retry') {
      await this.dataSource.transaction(async (manager) => {
        await this.recipients.requeue(manager, { campaignId, clientId }, result.reason);
        await this.record(manager, 'send', campaignId, clientId, `${result.reason}_retry`);
      });
      throw new RetryLaterError(result.reason);
    }
    await this.dataSource.transaction(async (manager) => {
      await this.recipients.markFailed(manager, { campaignId, clientId }, result.reason);
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
