import { Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { InjectQueue } from '@nestjs/bullmq';
import { Job, Queue } from 'bullmq';
import { AppConfig } from '@app/common/config/app-config';
import { JOBS, JobHandler, JobProcessor, QUEUES, jobIds, scheduleDailyScan } from '../jobs';
import { ScheduledMailDelivery } from '../mailings';
import { InstalmentReminderScanPayload, InstalmentReminderSendPayload } from './instalment.dto';
import { InstalmentReminderDelivery } from './instalment-reminder-delivery.service';
import { InstalmentRemindersService } from './instalment-reminders.service';

@Injectable()
@JobProcessor({
  queue: QUEUES.reminders,
  name: JOBS.instalmentReminderScan,
  payload: InstalmentReminderScanPayload,
  purpose: 'contract_performance',
})
export class InstalmentReminderScanProcessor implements JobHandler<InstalmentReminderScanPayload> {
  constructor(private readonly reminders: InstalmentRemindersService) {}

  handle(payload: InstalmentReminderScanPayload) {
    return this.reminders.run(payload.date);
  }
}

@Injectable()
@JobProcessor({
  queue: QUEUES.mail,
  name: JOBS.instalmentReminderSend,
  payload: InstalmentReminderSendPayload,
  purpose: 'contract_performance',
})
export class InstalmentReminderSendProcessor implements JobHandler<InstalmentReminderSendPayload> {
  constructor(
    private readonly delivery: ScheduledMailDelivery,
    private readonly reminder: InstalmentReminderDelivery,
  ) {}

  handle(payload: InstalmentReminderSendPayload, job: Job) {
    return this.delivery.runJob(this.reminder, payload.reminderId, job);
  }
}

/**
 * The daily scan's job scheduler, at the hour of the expiry reminders (upsert: several workers,
 * or a restart, never make a second schedule), and a scan at start so a worker that was down when
 * the schedule fired does not wait a day. A scan covers every instalment overdue by its day, so
 * one missed day is made up by the next.
 */
@Injectable()
export class InstalmentReminderScheduler implements OnApplicationBootstrap {
  private readonly logger = new Logger(InstalmentReminderScheduler.name);

  constructor(
    private readonly config: AppConfig,
    @InjectQueue(QUEUES.reminders) private readonly queue: Queue,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    const schedule = await scheduleDailyScan(this.queue, {
      schedulerId: jobIds.instalmentReminderScanScheduler,
      job: JOBS.instalmentReminderScan,
      cron: this.config.REMINDER_SCAN_CRON,
      timeZone: this.config.REMINDER_TIME_ZONE,
      catchUpPrefix: 'instalment-catch-up',
    });
    this.logger.log(`Instalment reminder scan scheduled: ${schedule}`);
  }
}
