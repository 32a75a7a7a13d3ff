import { Injectable, Logger, OnModuleInit } from '@nestjs/common';
import { ModuleRef } from '@nestjs/core';
import { getQueueToken } from '@nestjs/bullmq';
import type { Queue } from 'bullmq';
import { reportConnectionErrors } from '@app/common/redis/connection-errors';
import { QUEUES } from './jobs.constants';

/**
 * Gives every queue an 'error' listener: while Redis is down BullMQ relays each failed reconnect
 * as an 'error' event, which an emitter with no listener throws.
 */
@Injectable()
export class QueueErrorReporter implements OnModuleInit {
  private readonly logger = new Logger('Queues');

  constructor(private readonly moduleRef: ModuleRef) {}

  onModuleInit(): void {
    for (const name of Object.values(QUEUES)) {
      const queue = this.moduleRef.get<Queue>(getQueueToken(name), { strict: false });
      const report = reportConnectionErrors(queue, this.logger, `queue ${name}`);
      // The queue relays errors but not readiness; its ioredis client tells when it is back.
      // Its client promise resolves once connected (after the first 'ready').
      queue.client
        .then((client) => {
          report.restored();
          client.on('ready', report.restored);
        })
        .catch(() => undefined);
    }
  }
}
