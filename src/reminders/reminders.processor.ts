import { Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { InjectQueue } from '@nestjs/bullmq';
import { Job, Queue, UnrecoverableError } from 'bullmq';
import { AppConfig } from '@app/common/config/app-config';
import { JOBS, JobHandler, JobProcessor, QUEUES, jobIds, scheduleRecurringJob } from '../jobs';
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
  constructor(private readonly delivery: ReminderDelivery) {}

  async handle(payload: ReminderSendPayload, job: Job) {
    const outcome = await this.delivery.send(payload.reminderId, {
      made: job.attemptsMade,
      max: job.opts.attempts ?? 1,
    });
    if (outcome === 'failed') throw new UnrecoverableError('mail not delivered');
    return outcome;
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
    const schedule = await scheduleRecurringJob(this.queue, {
      schedulerId: jobIds.reminderScanScheduler,
      job: JOBS.reminderScan,
      cron: this.config.REMINDER_SCAN_CRON,
      timeZone: this.config.REMINDER_TIME_ZONE,
      keep: 100,
    });
    await this.queue.add(
      JOBS.reminderScan,
      {},
      { jobId: `catch-up_${Date.now()}`, removeOnComplete: { count: 100 }, removeOnFail: { count: 100 } },
    );
    this.logger.log(`Reminder scan scheduled: ${schedule}`);
  }
}
