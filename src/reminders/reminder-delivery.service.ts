import { Injectable } from '@nestjs/common';
import { AuditReason } from '@app/audit';
import { BrokerClock } from '@app/common/clock/broker-clock';
import { ContractsService } from '../contracts';
import { MailerService, OutgoingMail } from '../jobs';
import {
  ScheduledMail,
  ScheduledMailCheck,
  ScheduledMailRecipient,
  UNSUBSCRIBE_WHAT,
  UnsubscribeLinks,
  unsubscribeFooter,
} from '../mailings';
import { ContractReminder, ContractReminderRepository } from './contract-reminder.repository';
import { daysBetween } from './reminder-dates';
import { reminderMail } from './reminder-mail';

type RemindedContract = Awaited<ReturnType<ContractsService['forClientWithoutPurpose']>>[number];
interface DueReminder {
  clientId: string;
  contract: RemindedContract;
}

/**
 * Sends one expiry reminder: claimed by the statement that re-checks the renewal_reminders
 * consent, restriction, objection and erasure; the contract must still be active and end on the
 * same day.
 */
@Injectable()
export class ReminderDelivery implements ScheduledMail<ContractReminder, DueReminder> {
  readonly record = { resource: 'contract_reminder', fields: ['email'] } as const;
  readonly audience = { consent: 'renewal_reminders' } as const;

  constructor(
    readonly rows: ContractReminderRepository,
    private readonly contracts: ContractsService,
    private readonly links: UnsubscribeLinks,
    private readonly mailer: MailerService,
    private readonly clock: BrokerClock,
  ) {}

  async check(reminder: ContractReminder): Promise<ScheduledMailCheck<DueReminder>> {
    const contract = (await this.contracts.forClientWithoutPurpose(reminder.clientId)).find(
      (k) => k.id === reminder.contractId,
    );
    if (!contract) return { skip: 'contract_missing' };
    const skip: AuditReason | null =
      contract.status !== 'active'
        ? `contract_${contract.status}`
        : contract.endDate !== reminder.endDate
          ? 'contract_changed'
          : null;
    return skip ? { skip } : { due: { clientId: reminder.clientId, contract } };
  }

  compose(reminderId: string, due: DueReminder, recipient: ScheduledMailRecipient): OutgoingMail {
    const k = due.contract;
    const link = this.links.link(
      { clientId: due.clientId, purpose: 'renewal_reminders', channel: 'email' },
      recipient.language,
    );
    const footer = unsubscribeFooter(link, UNSUBSCRIBE_WHAT.renewal_reminders, recipient.language);
    const mail = reminderMail(
      {
        line: k.lineOfBusiness,
        insurerName: k.insurerName,
        policyNumber: k.policyNumber,
        endDate: k.endDate,
        daysLeft: daysBetween(this.clock.today(), k.endDate),
      },
      recipient.language,
    );
    return {
      to: recipient.email,
      subject: mail.subject,
      html: `${mail.html}${footer.html}`,
      text: `${mail.text}${footer.text}`,
      messageId: `<reminder.${reminderId}@${this.mailer.domain}>`,
      headers: this.links.headers(link),
    };
  }
}
