import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { Job, UnrecoverableError } from 'bullmq';
import { DataSource, EntityManager } from 'typeorm';
import { AuditReason, AuditRecorder, AuditResource } from '@app/audit';
import type { ConsentPurpose, Purpose } from '@app/privacy';
import { DeliveryResult, MailerService, OutgoingMail } from '../jobs';
import { RetryLaterError, SendAttempt, SendOutcome } from './campaign-sender.service';
import { ControllerFooter } from './controller-footer';
import { MessagingAudience } from './messaging-audience.service';
import {
  ScheduledMailRecipient,
  ScheduledMailRepository,
  ScheduledMailStatus,
} from './scheduled-mail.repository';

/** What a scheduled mail answers before it is claimed: why it is no longer due, or what it is about. */
export type ScheduledMailCheck<C> = { skip: AuditReason } | { due: C };

/** Who may get a scheduled mail: those with the purpose's consent, or every client the service is for. */
export type ScheduledMailAudience =
  { consent: ConsentPurpose } | { service: Exclude<Purpose, ConsentPurpose> };

type ScheduledRow = { clientId: string; status: ScheduledMailStatus };

/** One kind of scheduled mail (an expiry reminder, an instalment reminder): its table, audience and text. */
export interface ScheduledMail<R extends ScheduledRow, C> {
  rows: ScheduledMailRepository & { find(id: string): Promise<R | null> };
  /** How each send and skip is recorded. */
  record: { resource: AuditResource; fields: readonly string[] };
  audience: ScheduledMailAudience;
  /** Whether the row is still due (the contract active, the instalment unpaid, ...). */
  check(row: R): Promise<ScheduledMailCheck<C>>;
  /** The addressed mail, once the row is claimed. */
  compose(id: string, due: C, recipient: ScheduledMailRecipient): Promise<OutgoingMail> | OutgoingMail;
}

/** What the steps after the check need of a kind of mail. */
type MailKind = Pick<ScheduledMail<ScheduledRow, unknown>, 'rows' | 'record' | 'audience'>;

/**
 * Sends one scheduled mail. Like a campaign send: the row is claimed (queued → sending) by the
 * statement that re-checks the recipient; the subject must still be due; a row found mid-send
 * after a crash is reported as interrupted and never sent again automatically. Every send and skip
 * is recorded in the transaction that moves the row.
 */
@Injectable()
export class ScheduledMailDelivery {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly mailer: MailerService,
    private readonly audit: AuditRecorder,
    private readonly audience: MessagingAudience,
    private readonly footer: ControllerFooter,
  ) {}

  /** A send job: one delivery; a mail that cannot go out ends the job without retries. */
  async runJob<R extends ScheduledRow, C>(
    mail: ScheduledMail<R, C>,
    id: string,
    job: Job,
  ): Promise<SendOutcome> {
    const outcome = await this.send(mail, id, { made: job.attemptsMade, max: job.opts.attempts ?? 1 });
    if (outcome === 'failed') throw new UnrecoverableError('mail not delivered');
    return outcome;
  }

  async send<R extends ScheduledRow, C>(
    mail: ScheduledMail<R, C>,
    id: string,
    attempt: SendAttempt,
  ): Promise<SendOutcome> {
    const row = await mail.rows.find(id);
    if (!row) return 'already_handled';
    if (row.status !== 'queued') return this.whenNotQueued(mail, id, row);

    const check = await mail.check(row);
    if ('skip' in check)
      return (await this.skip(mail, id, row.clientId, check.skip)) ? 'skipped' : 'already_handled';

    const recipient = await mail.rows.claim(id, this.eligibleSql(mail));
    if (!recipient) {
      const why = await mail.rows.clientSkipReason(id, this.skipReasonSql(mail));
      if (!why) throw new RetryLaterError('eligibility changed during the check');
      return (await this.skip(mail, id, row.clientId, why)) ? 'skipped' : 'already_handled';
    }
    const composed = this.footer.append(await mail.compose(id, check.due, recipient), [recipient.language]);
    const result = await this.mailer.attempt(composed, attempt);
    return this.finish(mail, id, row.clientId, result);
  }

  private eligibleSql(mail: MailKind) {
    const a = mail.audience;
    return 'consent' in a
      ? this.audience.eligibleSql(a.consent, 'email', 'c')
      : this.audience.serviceEligibleSql(a.service, 'email', 'c');
  }

  private skipReasonSql(mail: MailKind) {
    const a = mail.audience;
    return 'consent' in a
      ? this.audience.skipReasonSql(a.consent, 'email', 'c')
      : this.audience.serviceSkipReasonSql(a.service, 'email', 'c');
  }

  /** A row mid-send when its job runs again: its worker stopped; reported, never sent again automatically. */
  private async whenNotQueued(mail: MailKind, id: string, row: ScheduledRow): Promise<SendOutcome> {
    const { clientId, status } = row;
    if (status !== 'sending') return 'already_handled';
    const interrupted = await this.dataSource.transaction(async (manager) => {
      const changed = await mail.rows.transition(manager, id, {
        from: 'sending',
        to: 'failed',
        reason: 'interrupted',
      });
      if (!changed) return false;
      await this.record(manager, mail, 'send', id, clientId, 'interrupted');
      return true;
    });
    return interrupted ? 'interrupted' : 'already_handled';
  }

  private skip(mail: MailKind, id: string, clientId: string, reason: AuditReason): Promise<boolean> {
    return this.dataSource.transaction(async (manager) => {
      if (!(await mail.rows.transition(manager, id, { from: 'queued', to: 'skipped', reason }))) return false;
      await this.record(manager, mail, 'skip', id, clientId, reason);
      return true;
    });
  }

  private async finish(
    mail: MailKind,
    id: string,
    clientId: string,
    result: DeliveryResult,
  ): Promise<SendOutcome> {
    if (result.kind === 'sent') {
      // The mail is out: marking it sent must not be lost to a passing database error.
      for (let i = 1; ; i++) {
        try {
          await this.dataSource.transaction(async (manager) => {
            if (await mail.rows.markSent(manager, id))
              await this.record(manager, mail, 'send', id, clientId, null);
          });
          return 'sent';
        } catch (error) {
          if (i >= 4) throw error;
          await new Promise((r) => setTimeout(r, 250 * i));
        }
      }
    }
    const retry = result.kind === 'retry';
    await this.dataSource.transaction(async (manager) => {
      await mail.rows.transition(manager, id, {
        from: 'sending',
        to: retry ? 'queued' : 'failed',
        reason: result.reason,
      });
      await this.record(
        manager,
        mail,
        'send',
        id,
        clientId,
        retry ? `${result.reason}_retry` : result.reason,
      );
    });
    if (retry) throw new RetryLaterError(result.reason);
    return 'failed';
  }

  private record(
    manager: EntityManager,
    mail: MailKind,
    action: 'send' | 'skip',
    id: string,
    clientId: string,
    reason: AuditReason | null,
  ) {
    return this.audit.record(
      {
        action,
        resource: mail.record.resource,
        resourceId: id,
        clientIds: [clientId],
        fields: [...mail.record.fields],
        outcome: 'allowed',
        reason,
        actor: {
          staffId: null,
          role: 'system',
          purpose: 'consent' in mail.audience ? mail.audience.consent : mail.audience.service,
        },
      },
      manager,
    );
  }
}
