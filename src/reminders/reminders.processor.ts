import { Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { InjectQueue } from '@nestjs/bullmq';
import { Job, Queue } from 'bullmq';
import { AppConfig } from '@app/common/config/app-config';
import { JOBS, JobHandler, JobProcessor, QUEUES, jobIds, scheduleDailyScan } from '../jobs';
import { ScheduledMailDelivery } from '../mailings';
import { ReminderScanPayload, ReminderSendPayload } from './reminder.dto';
import { ReminderDelivery } from './reminder-delivery.service';
import { RemindersService } from './reminders.service';

@Injectable()
@JobProcessor({
  queue: QUEUES.reminders,
  name: JOBS.reminderScan,
  payload: ReminderScanPayload,
  purpose: 'renewal_reminders',
})
export class ReminderScanProcessor implements JobHandler<ReminderScanPayload> {
  constructor(private readonly reminders: RemindersService) {}

  handle(payload: ReminderScanPayload) {
    return payload.date ? this.reminders.run(payload.date) : this.reminders.scheduled();
  }
}

@Injectable()
@JobProcessor({
  queue: QUEUES.mail,
  name: JOBS.reminderSend,
  payload: ReminderSendPayload,
  purpose: 'renewal_reminders',
})
export class ReminderSendProcessor implements JobHandler<ReminderSendPayload> {
  constructor(
    private readonly delivery: ScheduledMailDelivery,
    private readonly reminder: ReminderDelivery,
  ) {}

  handle(payload: ReminderSendPayload, job: Job) {
    return this.delivery.runJob(this.reminder, payload.reminderId, job);
  }
}

/**
 * Keeps the daily scan's job scheduler in Redis in line with the configuration (upsert: several
 * workers, or a restart, never create a second schedule), and runs a catch-up scan at start so a
 * worker that was down when the schedule fired does not wait a day.
 */
@Injectable()
export class ReminderScheduler implements OnApplicationBootstrap {
  private readonly logger = new Logger(ReminderScheduler.name);

  constructor(
    private readonly config: AppConfig,
    @InjectQueue(QUEUES.reminders) private readonly queue: Queue,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    const schedule = await scheduleDailyScan(this.queue, {
      schedulerId: jobIds.reminderScanScheduler,
      job: JOBS.reminderScan,
      cron: this.config.REMINDER_SCAN_CRON,
      timeZone: this.config.REMINDER_TIME_ZONE,
      catchUpPrefix: 'catch-up',
    });
    this.logger.log(`Reminder scan scheduled: ${schedule}`);
  }
}
