import { SetMetadata, Type } from '@nestjs/common';
import type { Job } from 'bullmq';
import type { Purpose } from '@app/privacy';
import type { JobName, QueueName } from './jobs.constants';

export const JOB_PROCESSOR = 'consentry:job-processor';

export interface JobProcessorMetadata {
  queue: QueueName;
  name: JobName;
  /** class-validator class the job's data must satisfy; anything else fails the job unretried. */
  payload: Type<object>;
  /** The purpose the job processes personal data under (recorded with each operation). */
  purpose?: Purpose;
}

/** A thin processor: validates nothing itself, calls one service method with the validated payload. */
export interface JobHandler<P extends object> {
  handle(payload: P, job: Job): Promise<unknown>;
}

/** Marks a provider as the one handler of a job name on a queue. Run only by the worker process. */
export function JobProcessor(metadata: JobProcessorMetadata): ClassDecorator {
  return SetMetadata(JOB_PROCESSOR, metadata);
}
