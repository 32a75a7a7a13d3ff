import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { AuditReason, AuditRecorder } from '@app/audit';
import { BrokerClock } from '@app/common/clock/broker-clock';
import { AppConfig } from '@app/common/config/app-config';
import { ContractsService } from '../contracts';
import { DeliveryResult, MailerService } from '../jobs';
import {
  MessagingAudience,
  RetryLaterError,
  SendAttempt,
  SendOutcome,
  UnsubscribeLinks,
  unsubscribeFooter,
} from '../mailings';
import { ContractReminderRepository } from './contract-reminder.repository';
import { daysBetween } from './reminder-dates';
import { reminderMail } from './reminder-mail';

const SYSTEM = { staffId: null, role: 'system', purpose: 'renewal_reminders' } as const;

/**
 * Sends one expiry reminder. Like a campaign send: the row is claimed (queued → sending) by the
 * same statement that re-checks the renewal_reminders consent, restriction, objection and erasure;
 * the contract must still be active and end on the same day; a row found mid-send after a crash is
 * reported as interrupted and never sent again automatically.
 */
@Injectable()
export class ReminderDelivery {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly contracts: ContractsService,
    private readonly audience: MessagingAudience,
    private readonly links: UnsubscribeLinks,
    private readonly mailer: MailerService,
    private readonly audit: AuditRecorder,
    private readonly config: AppConfig,
    private readonly clock: BrokerClock,
    private readonly reminders: ContractReminderRepository,
  ) {}

  async send(reminderId: string, attempt: SendAttempt): Promise<SendOutcome> {
    const reminder = await this.reminders.find(reminderId);
    if (!reminder) return 'already_handled';
    if (reminder.status !== 'queued')
      return this.whenNotQueued(reminderId, reminder.clientId, reminder.status);

    const contract = (await this.contracts.forClientWithoutPurpose(reminder.clientId)).find(
      (k) => k.id === reminder.contractId,
    );
    const contractReason: AuditReason | null = !contract
      ? 'contract_missing'
      : contract.status !== 'active'
        ? `contract_${contract.status}`
        : contract.endDate !== reminder.endDate
          ? 'contract_changed'
          : null;
    if (contractReason)
      return (await this.skip(reminderId, reminder.clientId, contractReason)) ? 'skipped' : 'already_handled';

    const eligible = this.audience.eligibleSql('renewal_reminders', 'email', 'c');
    const client = await this.reminders.claim(reminderId, eligible);
    if (!client) {
      const reason = this.audience.skipReasonSql('renewal_reminders', 'email', 'c');
      const why = await this.reminders.clientSkipReason(reminderId, reason);
      if (!why) throw new RetryLaterError('eligibility changed during the check');
      return (await this.skip(reminderId, reminder.clientId, why)) ? 'skipped' : 'already_handled';
    }

    const k = contract!;
    const daysLeft = daysBetween(this.clock.today(), k.endDate);
    const link = this.links.link({
      clientId: reminder.clientId,
      purpose: 'renewal_reminders',
      channel: 'email',
    });
    const footer = unsubscribeFooter(link, {
      pl: 'przypomnienia o kończącym się okresie ubezpieczenia',
      en: 'reminders that an insurance period is ending',
    });
    const mail = reminderMail({
      line: k.lineOfBusiness,
      insurerName: k.insurerName,
      policyNumber: k.policyNumber,
      endDate: k.endDate,
      daysLeft,
    });
    const result = await this.mailer.attempt(
      {
        to: client.email,
        subject: mail.subject,
        html: `${mail.html}${footer.html}`,
        text: `${mail.text}${footer.text}`,
        messageId: `<reminder.${reminderId}@${this.mailer.domain}>`,
        headers: this.links.headers(link),
      },
      attempt,
    );
    return this.finish(reminderId, reminder.clientId, result);
  }

  /** A row mid-send when its job runs again: its worker stopped; reported, never sent again automatically. */
  private async whenNotQueued(reminderId: string, clientId: string, status: string): Promise<SendOutcome> {
    if (status !== 'sending') return 'already_handled';
    const interrupted = await this.dataSource.transaction(async (manager) => {
      const changed = await this.reminders.transition(manager, reminderId, {
        from: 'sending',
        to: 'failed',
        reason: 'interrupted',
      });
      if (!changed) return false;
      await this.record(manager, 'send', reminderId, clientId, 'interrupted');
      return true;
    });
    return interrupted ? 'interrupted' : 'already_handled';
  }

  private skip(reminderId: string, clientId: string, reason: AuditReason): Promise<boolean> {
    return this.dataSource.transaction(async (manager) => {
      if (!(await this.reminders.transition(manager, reminderId, { from: 'queued', to: 'skipped', reason })))
        return false;
      await this.record(manager, 'skip', reminderId, clientId, reason);
      return true;
    });
  }

  private async finish(reminderId: string, clientId: string, result: DeliveryResult): Promise<SendOutcome> {
    if (result.kind === 'sent') {
      for (let i = 1; ; i++) {
        try {
          await this.dataSource.transaction(async (manager) => {
            if (await this.reminders.markSent(manager, reminderId))
              await this.record(manager, 'send', reminderId, clientId, null);
          });
          return 'sent';
        } catch (error) {
          if (i >= 4) throw error;
          await new Promise((r) => setTimeout(r, 250 * i));
        }
      }
    }
    if (result.kind === 'retry') {
      await this.dataSource.transaction(async (manager) => {
        await this.reminders.transition(manager, reminderId, {
          from: 'sending',
          to: 'queued',
          reason: result.reason,
        });
        await this.record(manager, 'send', reminderId, clientId, `${result.reason}_retry`);
      });
      throw new RetryLaterError(result.reason);
    }
    await this.dataSource.transaction(async (manager) => {
      await this.reminders.transition(manager, reminderId, {
        from: 'sending',
        to: 'failed',
        reason: result.reason,
      });
      await this.record(manager, 'send', reminderId, clientId, result.reason);
    });
    return 'failed';
  }

  private record(
    manager: EntityManager,
    action: 'send' | 'skip',
    reminderId: string,
    clientId: string,
    reason: AuditReason | null,
  ) {
    return this.audit.record(
      {
        action,
        resource: 'contract_reminder',
        resourceId: reminderId,
        clientIds: [clientId],
        fields: ['email'],
        outcome: 'allowed',
        reason,
        actor: SYSTEM,
      },
      manager,
    );
  }
}
