import { Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { InjectQueue } from '@nestjs/bullmq';
import { Queue } from 'bullmq';
import { AppConfig } from '@app/common/config/app-config';
import { JOBS, JobHandler, JobProcessor, QUEUES, jobIds, scheduleDailyScan } from '../jobs';
import { TaskScanPayload } from './task.dto';
import { TaskScanService } from './task-scan.service';

@Injectable()
@JobProcessor({
  queue: QUEUES.reminders,
  name: JOBS.taskScan,
  payload: TaskScanPayload,
  purpose: 'contract_performance',
})
export class TaskScanProcessor implements JobHandler<TaskScanPayload> {
  constructor(private readonly scan: TaskScanService) {}

  handle(payload: TaskScanPayload) {
    return this.scan.run(payload.date);
  }
}

/**
 * The daily scan's job scheduler, at the hour of the reminder scans (upsert: several workers or a
 * restart never make a second schedule), and a scan at start so a worker that was down does not
 * wait a day. A scan covers the whole window, so a missed day is made up by the next.
 */
@Injectable()
export class TaskScanScheduler implements OnApplicationBootstrap {
  private readonly logger = new Logger(TaskScanScheduler.name);

  constructor(
    private readonly config: AppConfig,
    @InjectQueue(QUEUES.reminders) private readonly queue: Queue,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    const schedule = await scheduleDailyScan(this.queue, {
      schedulerId: jobIds.taskScanScheduler,
      job: JOBS.taskScan,
      cron: this.config.REMINDER_SCAN_CRON,
      timeZone: this.config.REMINDER_TIME_ZONE,
      catchUpPrefix: 'task-scan-catch-up',
    });
    this.logger.log(`Task scan scheduled: ${schedule}`);
  }
}
