import { Global, Module } from '@nestjs/common';
import { BullModule } from '@nestjs/bullmq';
import { AppConfig } from '@app/common/config/app-config';
import { AuthModule } from '../auth';
import { QUEUES } from './jobs.constants';
import { MailerService } from './mailer.service';
import { QueueBoard } from './queue-board';
import { QueueErrorReporter } from './queue-errors';
import { queuePrefix, redisConnectionOptions } from './redis-connection';

/**
 * Queues (BullMQ on Redis, every key under the hash tag {REDIS_PREFIX}), the SMTP mailer and, in the HTTP app,
 * the admins' queue board. Imported by the API and the worker alike; only the worker adds
 * JobWorkersModule, so the API only ever enqueues.
 */
@Global()
@Module({
  imports: [
    AuthModule,
    BullModule.forRootAsync({
      inject: [AppConfig],
      useFactory: (config: AppConfig) => ({
        connection: redisConnectionOptions(config.REDIS_URL),
        prefix: queuePrefix(config.REDIS_PREFIX),
      }),
    }),
    BullModule.registerQueue(...Object.values(QUEUES).map((name) => ({ name }))),
  ],
  providers: [MailerService, QueueBoard, QueueErrorReporter],
  exports: [BullModule, MailerService],
})
export class JobsModule {}
