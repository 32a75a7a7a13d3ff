import { Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { InjectQueue } from '@nestjs/bullmq';
import { Queue } from 'bullmq';
import { IsBoolean, IsOptional } from 'class-validator';
import { AppConfig } from '@app/common/config/app-config';
import { JOBS, JobHandler, JobProcessor, QUEUES, jobIds, scheduleRecurringJob } from '../jobs';
import { RetentionService } from './retention.service';

/** The sweep decides as of the moment it runs; a job added by hand may ask for a dry run. */
export class RetentionSweepPayload {
  @IsOptional()
  @IsBoolean()
  dryRun?: boolean;
}

@Injectable()
@JobProcessor({
  queue: QUEUES.retention,
  name: JOBS.retentionSweep,
  payload: RetentionSweepPayload,
  purpose: 'legal_obligation',
})
export class RetentionSweepProcessor implements JobHandler<RetentionSweepPayload> {
  constructor(private readonly retention: RetentionService) {}

  async handle(payload: RetentionSweepPayload) {
    const report = await this.retention.sweep({ dryRun: payload.dryRun ?? false });
    // The job's return value stays in Redis for a while: counts only.
    return {
      examined: report.examined,
      anonymised: report.anonymised.count,
      kept: report.kept.count,
      byDuty: report.kept.byDuty,
      cleanupFailures: report.cleanupFailures,
    };
  }
}

/**
 * Keeps the daily sweep's job scheduler in line with the configuration (upsert: several workers or
 * a restart never create a second schedule). A missed day is harmless: the next sweep decides on
 * every client again.
 */
@Injectable()
export class RetentionScheduler implements OnApplicationBootstrap {
  private readonly logger = new Logger(RetentionScheduler.name);

  constructor(
    private readonly config: AppConfig,
    @InjectQueue(QUEUES.retention) private readonly queue: Queue,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    const schedule = await scheduleRecurringJob(this.queue, {
      schedulerId: jobIds.retentionSweepScheduler,
      job: JOBS.retentionSweep,
      cron: this.config.RETENTION_SWEEP_CRON,
      timeZone: this.config.RETENTION_TIME_ZONE,
      keep: 30,
    });
    this.logger.log(`Retention sweep scheduled: ${schedule}`);
  }
}
