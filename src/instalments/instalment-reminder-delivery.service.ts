import { Injectable } from '@nestjs/common';
import { AuditReason } from '@app/audit';
import { BrokerClock } from '@app/common/clock/broker-clock';
import { ContractsService } from '../contracts';
import { MailerService, OutgoingMail } from '../jobs';
import { ScheduledMail, ScheduledMailCheck, ScheduledMailRecipient } from '../mailings';
import { daysBetween } from './schedule';
import { InstalmentReminder, InstalmentReminderRepository } from './instalment-reminder.repository';
import { InstalmentReminderMailInput, instalmentReminderMail } from './instalment-reminder-mail';
import { InstalmentRepository } from './instalment.repository';

/**
 * Sends one overdue-instalment reminder: claimed by the statement that re-checks the client (an
 * e-mail address, not restricted, not anonymised); the instalment must still be unpaid, of the
 * current schedule, and its contract not cancelled.
 */
@Injectable()
export class InstalmentReminderDelivery implements ScheduledMail<
  InstalmentReminder,
  InstalmentReminderMailInput
> {
  readonly record = {
    resource: 'instalment_reminder',
    fields: ['email', 'dueDate', 'amount', 'paidAmount'],
  } as const;
  readonly audience = { service: 'contract_performance' } as const;

  constructor(
    readonly rows: InstalmentReminderRepository,
    private readonly instalments: InstalmentRepository,
    private readonly contracts: ContractsService,
    private readonly mailer: MailerService,
    private readonly clock: BrokerClock,
  ) {}

  async check(reminder: InstalmentReminder): Promise<ScheduledMailCheck<InstalmentReminderMailInput>> {
    const instalment = await this.instalments.forReminderWithoutPurpose(reminder.instalmentId);
    const contract = instalment
      ? (await this.contracts.forClientWithoutPurpose(instalment.clientId)).find(
          (k) => k.id === instalment.contractId,
        )
      : undefined;
    if (!instalment || !contract) return { skip: 'contract_missing' };
    const outstanding = Number(instalment.amount) - Number(instalment.paidAmount);
    const skip: AuditReason | null = instalment.superseded
      ? 'instalment_replaced'
      : instalment.contractCancelled
        ? 'contract_cancelled'
        : outstanding <= 0
          ? 'instalment_paid'
          : null;
    if (skip) return { skip };
    return {
      due: {
        insurerName: contract.insurerName,
        policyNumber: contract.policyNumber,
        number: Number(instalment.number),
        count: Number(instalment.count),
        dueDate: instalment.dueDate,
        outstanding,
        daysOverdue: Math.max(1, daysBetween(instalment.dueDate, this.clock.today())),
      },
    };
  }

  compose(
    reminderId: string,
    due: InstalmentReminderMailInput,
    recipient: ScheduledMailRecipient,
  ): OutgoingMail {
    const mail = instalmentReminderMail(due, recipient.language);
    return {
      to: recipient.email,
      subject: mail.subject,
      html: mail.html,
      text: mail.text,
      messageId: `<instalment-reminder.${reminderId}@${this.mailer.domain}>`,
    };
  }
}
