import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { AuditReason, AuditRecorder } from '@app/audit';
import { BrokerClock } from '@app/common/clock/broker-clock';
import { AppConfig } from '@app/common/config/app-config';
import { toPositional } from '@app/common/database/sql';
import { ContractsService } from '../contracts';
import { DeliveryResult, MailerService } from '../jobs';
import {
  MessagingAudience,
  RetryLaterError,
  SendAttempt,
  SendOutcome,
  UnsubscribeLinks,
  escapeHtml,
  unsubscribeFooter,
} from '../mailings';
import { daysBetween } from './reminder-dates';

const SYSTEM = { staffId: null, role: 'system', purpose: 'renewal_reminders' } as const;

const LINES_PL: Record<string, string> = {
  motor: 'komunikacyjne',
  home: 'domu',
  travel: 'turystyczne',
  life: 'na życie',
  health: 'zdrowotne',
  property: 'majątkowe',
  liability: 'OC',
};

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
  ) {}

  async send(reminderId: string, attempt: SendAttempt): Promise<SendOutcome> {
    const [reminder] = await this.dataSource.query(
      `SELECT contract_id::text, client_id::text, lead_days, to_char(end_date, 'YYYY-MM-DD') AS end_date, status
         FROM contract_reminder WHERE id = $1`,
      [reminderId],
    );
    if (!reminder) return 'already_handled';
    if (reminder.status !== 'queued')
      return this.whenNotQueued(reminderId, reminder.client_id, reminder.status);

    const contract = (await this.contracts.forClientWithoutPurpose(reminder.client_id)).find(
      (k) => k.id === reminder.contract_id,
    );
    const contractReason: AuditReason | null = !contract
      ? 'contract_missing'
      : contract.status !== 'active'
        ? `contract_${contract.status}`
        : contract.endDate !== reminder.end_date
          ? 'contract_changed'
          : null;
    if (contractReason)
      return (await this.skip(reminderId, reminder.client_id, contractReason))
        ? 'skipped'
        : 'already_handled';

    const eligible = this.audience.eligibleSql('renewal_reminders', 'email', 'c');
    const claim = toPositional(
      `UPDATE contract_reminder r SET status = 'sending', sending_at = now(), attempts = r.attempts + 1, reason = NULL
         FROM client c
        WHERE r.id = :reminderId::uuid AND r.status = 'queued' AND c.id = r.client_id AND ${eligible.sql}
        RETURNING c.email, c.first_name, c.last_name`,
      { ...eligible.params, reminderId },
    );
    const [claimed]: [Array<{ email: string; first_name: string | null; last_name: string | null }>, number] =
      await this.dataSource.query(claim.sql, claim.params);
    if (claimed.length === 0) {
      const reason = this.audience.skipReasonSql('renewal_reminders', 'email', 'c');
      const { sql, params } = toPositional(
        `SELECT ${reason.sql} AS reason FROM client c WHERE c.id = :clientId::uuid`,
        {
          ...reason.params,
          clientId: reminder.client_id,
        },
      );
      const [row] = await this.dataSource.query(sql, params);
      if (!row?.reason) throw new RetryLaterError('eligibility changed during the check');
      return (await this.skip(reminderId, reminder.client_id, row.reason)) ? 'skipped' : 'already_handled';
    }

    const client = claimed[0];
    const k = contract!;
    const daysLeft = daysBetween(this.clock.today(), k.endDate);
    const link = this.links.link({
      clientId: reminder.client_id,
      purpose: 'renewal_reminders',
      channel: 'email',
    });
    const footer = unsubscribeFooter(link, {
      pl: 'przypomnienia o kończącym się okresie ubezpieczenia',
      en: 'reminders that an insurance period is ending',
    });
    const name = [client.first_name, client.last_name].filter(Boolean).join(' ');
    const line = LINES_PL[k.lineOfBusiness] ?? k.lineOfBusiness;
    const text =
      `Dzień dobry ${name},\n\nTwoje ubezpieczenie ${line} w ${k.insurerName} (polisa ${k.policyNumber}) kończy się ${k.endDate}` +
      ` (za ${daysLeft} dni). Skontaktuj się z nami, aby je odnowić.\n\n` +
      `Your ${k.lineOfBusiness} insurance with ${k.insurerName} (policy ${k.policyNumber}) ends on ${k.endDate}, in ${daysLeft} days. ` +
      `Contact us to renew it.`;
    const html =
      `<p>Dzień dobry ${escapeHtml(name)},</p><p>Twoje ubezpieczenie ${escapeHtml(line)} w ${escapeHtml(k.insurerName)} ` +
      `(polisa ${escapeHtml(k.policyNumber)}) kończy się <strong>${k.endDate}</strong> (za ${daysLeft} dni). ` +
      `Skontaktuj się z nami, aby je odnowić.</p><p lang="en">Your ${escapeHtml(k.lineOfBusiness)} insurance with ` +
      `${escapeHtml(k.insurerName)} (policy ${escapeHtml(k.policyNumber)}) ends on ${k.endDate}, in ${daysLeft} days. Contact us to renew it.</p>`;
    const result = await this.mailer.attempt(
      {
        to: client.email,
        subject: `Polisa ${k.policyNumber} kończy się ${k.endDate} / Your policy ends on ${k.endDate}`,
        html: `${html}${footer.html}`,
        text: `${text}${footer.text}`,
        messageId: `<reminder.${reminderId}@${this.mailer.domain}>`,
        headers: this.links.headers(link),
      },
      attempt,
    );
    return this.finish(reminderId, reminder.client_id, result);
  }

  /** A row mid-send when its job runs again: its worker stopped; reported, never sent again automatically. */
  private async whenNotQueued(reminderId: string, clientId: string, status: string): Promise<SendOutcome> {
    if (status !== 'sending') return 'already_handled';
    const interrupted = await this.dataSource.transaction(async (manager) => {
      const [updated]: [unknown[], number] = await manager.query(
        `UPDATE contract_reminder SET status = 'failed', reason = 'interrupted', finished_at = now()
          WHERE id = $1 AND status = 'sending' RETURNING 1`,
        [reminderId],
      );
      if (updated.length === 0) return false;
      await this.record(manager, 'send', reminderId, clientId, 'interrupted');
      return true;
    });
    return interrupted ? 'interrupted' : 'already_handled';
  }

  private skip(reminderId: string, clientId: string, reason: AuditReason): Promise<boolean> {
    return this.dataSource.transaction(async (manager) => {
      const [updated]: [unknown[], number] = await manager.query(
        `UPDATE contract_reminder SET status = 'skipped', reason = $2, finished_at = now() WHERE id = $1 AND status = 'queued' RETURNING 1`,
        [reminderId, reason],
      );
      if (updated.length === 0) return false;
      await this.record(manager, 'skip', reminderId, clientId, reason);
      return true;
    });
  }

  private async finish(reminderId: string, clientId: string, result: DeliveryResult): Promise<SendOutcome> {
    if (result.kind === 'sent') {
      for (let i = 1; ; i++) {
        try {
          await this.dataSource.transaction(async (manager) => {
            const [updated]: [unknown[], number] = await manager.query(
              `UPDATE contract_reminder SET status = 'sent', reason = NULL, finished_at = now()
                WHERE id = $1 AND (status = 'sending' OR (status = 'failed' AND reason = 'interrupted')) RETURNING 1`,
              [reminderId],
            );
            if (updated.length > 0) await this.record(manager, 'send', reminderId, clientId, null);
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
        await manager.query(
          `UPDATE contract_reminder SET status = 'queued', reason = $2, sending_at = NULL WHERE id = $1 AND status = 'sending'`,
          [reminderId, result.reason],
        );
        await this.record(manager, 'send', reminderId, clientId, `${result.reason}_retry`);
      });
      throw new RetryLaterError(result.reason);
    }
    await this.dataSource.transaction(async (manager) => {
      await manager.query(
        `UPDATE contract_reminder SET status = 'failed', reason = $2, finished_at = now() WHERE id = $1 AND status = 'sending'`,
        [reminderId, result.reason],
      );
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
