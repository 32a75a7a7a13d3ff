import { Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { InjectQueue } from '@nestjs/bullmq';
import { Queue } from 'bullmq';
import { IsBoolean, IsOptional } from 'class-validator';
import { BrokerClock } from '@app/common/clock/broker-clock';
import { AppConfig } from '@app/common/config/app-config';
import { JOBS, JobHandler, JobProcessor, QUEUES, jobIds, scheduleRecurringJob } from '../jobs';
import { MandateEndService } from './mandate-end.service';

/** The run decides as of the day it runs; a job added by hand may ask for a dry run. */
export class MandateExpiryPayload {
  @IsOptional()
  @IsBoolean()
  dryRun?: boolean;
}

@Injectable()
@JobProcessor({
  queue: QUEUES.mandates,
  name: JOBS.mandateExpiry,
  payload: MandateExpiryPayload,
  purpose: 'insurer_mandate',
})
export class MandateExpiryProcessor implements JobHandler<MandateExpiryPayload> {
  constructor(private readonly ending: MandateEndService) {}

  async handle(payload: MandateExpiryPayload) {
    const report = await this.ending.endExpired({ dryRun: payload.dryRun ?? false });
    // Retried with backoff; mandates already ended are not selected again.
    if (report.failed.length > 0) throw new Error(`${report.failed.length} expired mandate(s) not ended`);
    // Mandate ids and counts only: the job's return value stays in Redis for a while.
    return report;
  }
}

/**
 * Keeps the daily expiry run's job scheduler in line with the configuration (upsert: several
 * workers or a restart never create a second schedule). A missed day is harmless: members are
 * refused from the day after validTo, and the next run ends every mandate past it.
 */
@Injectable()
export class MandateExpiryScheduler implements OnApplicationBootstrap {
  private readonly logger = new Logger(MandateExpiryScheduler.name);

  constructor(
    private readonly config: AppConfig,
    private readonly clock: BrokerClock,
    @InjectQueue(QUEUES.mandates) private readonly queue: Queue,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    const schedule = await scheduleRecurringJob(this.queue, {
      schedulerId: jobIds.mandateExpiryScheduler,
      job: JOBS.mandateExpiry,
      cron: this.config.MANDATE_EXPIRY_CRON,
      timeZone: this.clock.timeZone,
      keep: 30,
    });
    this.logger.log(`Mandate expiry scheduled: ${schedule}`);
  }
}
