import { Injectable, Logger, OnModuleInit } from '@nestjs/common';
import { InjectQueue } from '@nestjs/bullmq';
import { InjectDataSource } from '@nestjs/typeorm';
import type { Queue } from 'bullmq';
import { DataSource } from 'typeorm';
import { AuditReason, AuditRecorder } from '@app/audit';
import { BrokerClock } from '@app/common/clock/broker-clock';
import { AppConfig } from '@app/common/config/app-config';
import { ValidationFailedError } from '@app/common/errors/domain-error';
import { PersonalDataLifecycle } from '@app/privacy';
import { JOBS, QUEUES, jobIds } from '../jobs';
import { MessagingAudience } from '../mailings';
import { InstalmentReminderRepository } from './instalment-reminder.repository';

export interface InstalmentScanResult {
  date: string;
  enqueued: number;
  skipped: number;
}

const PAGE = 1000;
const SYSTEM = { staffId: null, role: 'system', purpose: 'contract_performance' } as const;

/**
 * Reminders of overdue instalments. Performing the contract needs no consent, but the reminder
 * goes only on a channel the client gave (e-mail), while contract performance still sees them
 * (not restricted, not anonymised). The daily scan writes one row per overdue instalment of a
 * contract not cancelled — the unique key on the instalment makes every later scan a no-op for it,
 * so each instalment is reminded once — and a send job per queued row; a client without an e-mail
 * address gets a row skipped with the reason, queued by a later scan if they give one meanwhile.
 */
@Injectable()
export class InstalmentRemindersService implements OnModuleInit {
  private readonly logger = new Logger(InstalmentRemindersService.name);

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly reminders: InstalmentReminderRepository,
    private readonly audience: MessagingAudience,
    private readonly audit: AuditRecorder,
    private readonly config: AppConfig,
    private readonly clock: BrokerClock,
    @InjectQueue(QUEUES.mail) private readonly mailQueue: Queue,
    private readonly lifecycle: PersonalDataLifecycle,
  ) {}

  /**
   * The instalments themselves stay on erasure, as the contract's amounts and dates do (the books
   * must add up; the client row they point to is anonymised). Reminders not yet sent end as
   * skipped ("erased") in the erasing transaction, and their send jobs leave the mail queue once it
   * committed; a job already running re-checks the person at send time and finds them erased.
   */
  onModuleInit(): void {
    this.lifecycle.registerErasureStep({
      name: 'instalment_reminder',
      erase: (ids, manager) => this.reminders.skipQueuedForErasure(manager, ids),
    });
    this.lifecycle.registerPostErasureStep({
      name: 'instalment_reminder_jobs',
      afterErasure: async (ids) => {
        const jobs = (await this.reminders.idsForErasure(ids)).map((id) => jobIds.instalmentReminderSend(id));
        for (let i = 0; i < jobs.length; i += 100)
          await Promise.all(jobs.slice(i, i + 100).map((id) => this.mailQueue.remove(id)));
      },
    });
  }

  /** `POST /api/instalment-reminders/run` and the daily job: the scan for one day (today by default). */
  async run(date?: string): Promise<InstalmentScanResult> {
    const today = this.clock.today();
    const day = date ?? today;
    if (day > today)
      throw new ValidationFailedError(
        'date must not be in the future',
        { fields: ['date'] },
        'DATE_IN_FUTURE',
      );
    const eligible = this.audience.serviceEligibleSql('contract_performance', 'email', 'c');
    const skipReason = this.audience.serviceSkipReasonSql('contract_performance', 'email', 'c');
    const written = await this.dataSource.transaction(async (manager) => {
      const rows = await this.reminders.insertScanned(manager, day, eligible, skipReason);
      if (rows.length > 0) {
        await this.audit.record(
          {
            action: 'create',
            resource: 'instalment_reminder',
            resourceId: day,
            clientIds: [...new Set(rows.map((r) => r.clientId))],
            fields: ['dueDate', 'amount', 'paidAmount'],
            outcome: 'allowed',
            reason: 'scan',
            actor: SYSTEM,
          },
          manager,
        );
      }
      for (const row of rows.filter((r) => r.status === 'skipped')) {
        await this.audit.record(
          {
            action: 'skip',
            resource: 'instalment_reminder',
            resourceId: row.id,
            clientIds: [row.clientId],
            fields: ['email'],
            outcome: 'allowed',
            reason: (row.reason ?? 'client_missing') as AuditReason,
            actor: SYSTEM,
          },
          manager,
        );
      }
      return rows;
    });
    const enqueued = written.filter((r) => r.status === 'queued').length;
    // Every row still queued gets its job: one lost between the commit and Redis is added again
    // (a job id already in the queue is not added twice; a row sent is no longer queued).
    for (let after: string | null = null; ;) {
      const ids = await this.reminders.queuedIds(PAGE, after);
      if (ids.length === 0) break;
      await this.mailQueue.addBulk(
        ids.map((id) => ({
          name: JOBS.instalmentReminderSend,
          data: { reminderId: id },
          opts: {
            jobId: jobIds.instalmentReminderSend(id),
            attempts: this.config.MAIL_SEND_ATTEMPTS,
            backoff: { type: 'exponential', delay: this.config.MAIL_RETRY_DELAY_MS },
            removeOnComplete: { count: 1000 },
            removeOnFail: { age: 7 * 86400 },
          },
        })),
      );
      after = ids[ids.length - 1];
      if (ids.length < PAGE) break;
    }
    const skipped = written.length - enqueued;
    if (written.length > 0)
      this.logger.log(`Instalment reminder scan ${day}: ${enqueued} queued, ${skipped} skipped`);
    return { date: day, enqueued, skipped };
  }
}
