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
