import { Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { InjectQueue } from '@nestjs/bullmq';
import { Queue } from 'bullmq';
import { AuditRecordRetention } from '@app/audit';
import { AppConfig } from '@app/common/config/app-config';
import { LOG_TERMS } from '@app/privacy';
import { JOBS, JobHandler, JobProcessor, QUEUES, jobIds, scheduleDailyScan } from '../jobs';

/** The record's retention takes no input: it decides as of the database's clock. */
export class RecordRetentionPayload {}

/**
 * The record of operations kept for its term (LOG_TERMS.recordOfOperations, from the registry):
 * daily, months are prepared ahead and those past the term dropped behind a signed base.
 */
@Injectable()
@JobProcessor({
  queue: QUEUES.retention,
  name: JOBS.recordRetention,
  payload: RecordRetentionPayload,
  purpose: 'security_audit',
})
export class RecordRetentionProcessor implements JobHandler<RecordRetentionPayload> {
  constructor(private readonly retention: AuditRecordRetention) {}

  async handle() {
    const report = await this.retention.run(LOG_TERMS.recordOfOperations.months);
    return {
      prepared: report.prepared,
      dropped: report.dropped.map((d) => ({ month: d.month, entries: d.entries, base: d.baseSequence })),
      stoppedAt: report.stoppedAt,
    };
  }
}

/**
 * Schedules the daily run beside the sweep (same hour and time zone) and, at start, prepares the
 * coming months at once, so that a worker started after a long stop never leaves a month without
 * its partition.
 */
@Injectable()
export class RecordRetentionScheduler implements OnApplicationBootstrap {
  private readonly logger = new Logger(RecordRetentionScheduler.name);

  constructor(
    private readonly config: AppConfig,
    private readonly retention: AuditRecordRetention,
    @InjectQueue(QUEUES.retention) private readonly queue: Queue,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    const prepared = await this.retention.prepareAhead();
    if (prepared.length > 0) this.logger.log(`Record months prepared: ${prepared.join(', ')}`);
    const schedule = await scheduleDailyScan(this.queue, {
      schedulerId: jobIds.recordRetentionScheduler,
      job: JOBS.recordRetention,
      cron: this.config.RETENTION_SWEEP_CRON,
      timeZone: this.config.RETENTION_TIME_ZONE,
      catchUpPrefix: 'record-retention-catch-up',
    });
    this.logger.log(`Record retention scheduled: ${schedule}`);
  }
}
