export { JobsModule } from './jobs.module';
export { JobWorkersModule } from './job-workers.module';
export { JobWorkers } from './job-workers.service';
export {
  MailerService,
  classifySendFailure,
  mailOptions,
  senderAddress,
  smtpTransportOptions,
} from './mailer.service';
export type { DeliveryResult, OutgoingMail, SendFailure } from './mailer.service';
export { JobProcessor } from './job-processor.decorator';
export type { JobHandler } from './job-processor.decorator';
export { JOBS, QUEUES, jobIds } from './jobs.constants';
export type { JobName, QueueName } from './jobs.constants';
export { queuePrefix, redisConnectionOptions } from './redis-connection';
export { MicroBatcher } from './micro-batcher';
export { scheduleDailyScan, scheduleRecurringJob } from './recurring-job';
