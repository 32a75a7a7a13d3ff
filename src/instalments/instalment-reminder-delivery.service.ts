import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { AuditReason, AuditRecorder } from '@app/audit';
import { BrokerClock } from '@app/common/clock/broker-clock';
import { ContractsService } from '../contracts';
import { DeliveryResult, MailerService } from '../jobs';
import { MessagingAudience, RetryLaterError, SendAttempt, SendOutcome } from '../mailings';
import { daysBetween } from './schedule';
import { InstalmentReminderRepository } from './instalment-reminder.repository';
import { instalmentReminderMail } from './instalment-reminder-mail';
import { InstalmentRepository } from './instalment.repository';

const SYSTEM = { staffId: null, role: 'system', purpose: 'contract_performance' } as const;

/**
 * Sends one overdue-instalment reminder. The row is claimed (queued → sending) by the statement
 * that re-checks the client (an e-mail address, not restricted, not anonymised); the instalment
 * must still be unpaid, of the current schedule, and its contract not cancelled. A row found
 * mid-send after a crash is reported as interrupted and never sent again automatically.
 */
@Injectable()
export class InstalmentReminderDelivery {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly reminders: InstalmentReminderRepository,
    private readonly instalments: InstalmentRepository,
    private readonly contracts: ContractsService,
    private readonly audience: MessagingAudience,
    private readonly mailer: MailerService,
    private readonly audit: AuditRecorder,
    private readonly clock: BrokerClock,
  ) {}

  async send(reminderId: string, attempt: SendAttempt): Promise<SendOutcome> {
    const reminder = await this.reminders.find(reminderId);
    if (!reminder) return 'already_handled';
    if (reminder.status !== 'queued')
      return this.whenNotQueued(reminderId, reminder.clientId, reminder.status);

    const instalment = await this.instalments.forReminderWithoutPurpose(reminder.instalmentId);
    const contract = instalment
      ? (await this.contracts.forClientWithoutPurpose(instalment.clientId)).find(
          (k) => k.id === instalment.contractId,
        )
      : undefined;
    const outstanding = instalment ? Number(instalment.amount) - Number(instalment.paidAmount) : 0;
    const instalmentReason: AuditReason | null =
      !instalment || !contract
        ? 'contract_missing'
        : instalment.superseded
          ? 'instalment_replaced'
          : instalment.contractCancelled
            ? 'contract_cancelled'
            : outstanding <= 0
              ? 'instalment_paid'
              : null;
    if (instalmentReason)
      return (await this.skip(reminderId, reminder.clientId, instalmentReason))
        ? 'skipped'
        : 'already_handled';

    const eligible = this.audience.serviceEligibleSql('contract_performance', 'email', 'c');
    const client = await this.reminders.claim(reminderId, eligible);
    if (!client) {
      const reason = this.audience.serviceSkipReasonSql('contract_performance', 'email', 'c');
      const why = await this.reminders.clientSkipReason(reminderId, reason);
      if (!why) throw new RetryLaterError('eligibility changed during the check');
      return (await this.skip(reminderId, reminder.clientId, why)) ? 'skipped' : 'already_handled';
    }

    const due = instalment!;
    const mail = instalmentReminderMail({
      insurerName: contract!.insurerName,
      policyNumber: contract!.policyNumber,
      number: Number(due.number),
      count: Number(due.count),
      dueDate: due.dueDate,
      outstanding,
      daysOverdue: Math.max(1, daysBetween(due.dueDate, this.clock.today())),
    });
    const result = await this.mailer.attempt(
      {
        to: client.email,
        subject: mail.subject,
        html: mail.html,
        text: mail.text,
        messageId: `<instalment-reminder.${reminderId}@${this.mailer.domain}>`,
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
        resource: 'instalment_reminder',
        resourceId: reminderId,
        clientIds: [clientId],
        fields: ['email', 'dueDate', 'amount', 'paidAmount'],
        outcome: 'allowed',
        reason,
        actor: SYSTEM,
      },
      manager,
    );
  }
}
