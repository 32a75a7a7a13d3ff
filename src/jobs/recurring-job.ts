import type { Queue } from 'bullmq';
import { JobName } from './jobs.constants';

export interface RecurringJob {
  /** The scheduler's id: one schedule per id, however many workers start. */
  schedulerId: string;
  job: JobName;
  cron: string;
  timeZone: string;
  /** Finished and failed runs kept for the queue board. */
  keep: number;
}

/**
 * Creates or updates a cron schedule (upsert: several workers, or a restart, never make a second
 * one). A run that fails is tried again three times, a minute apart and then longer; every daily
 * job is written so that a run repeated or missed is harmless.
 */
export async function scheduleRecurringJob(queue: Queue, recurring: RecurringJob): Promise<string> {
  await queue.upsertJobScheduler(
    recurring.schedulerId,
    { pattern: recurring.cron, tz: recurring.timeZone },
    {
      name: recurring.job,
      data: {},
      opts: {
        attempts: 3,
        backoff: { type: 'exponential', delay: 60_000 },
        removeOnComplete: { count: recurring.keep },
        removeOnFail: { count: recurring.keep },
      },
    },
  );
  return `"${recurring.cron}" ${recurring.timeZone}`;
}

/**
 * A daily scan: its schedule (as scheduleRecurringJob) and one run now, so a worker that was down
 * when the schedule fired does not wait a day. Answers the schedule for the log.
 */
export async function scheduleDailyScan(
  queue: Queue,
  scan: Omit<RecurringJob, 'keep'> & { catchUpPrefix: string },
): Promise<string> {
  const schedule = await scheduleRecurringJob(queue, { ...scan, keep: 100 });
  await queue.add(
    scan.job,
    {},
    {
      jobId: `${scan.catchUpPrefix}_${Date.now()}`,
      removeOnComplete: { count: 100 },
      removeOnFail: { count: 100 },
    },
  );
  return schedule;
}
