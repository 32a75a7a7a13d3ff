import { Module } from '@nestjs/common';
import { DiscoveryModule } from '@nestjs/core';
import { JobWorkers } from './job-workers.service';

/** Imported only by the worker process in background mode: runs the processors. */
@Module({
  imports: [DiscoveryModule],
  providers: [JobWorkers],
  exports: [JobWorkers],
})
export class JobWorkersModule {}
