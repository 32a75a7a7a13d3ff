import { Module } from '@nestjs/common';
import { AuthModule } from '../auth';
import { ClientsModule } from '../clients';
import { ConsentsModule } from '../consents';
import { ContractsModule } from '../contracts';
import { DocumentsModule } from '../documents';
import { InstalmentsModule } from '../instalments';
import { JobsModule } from '../jobs';
import { TaskRepository } from './task.repository';
import { TaskScanService } from './task-scan.service';
import { TasksController } from './tasks.controller';
import { TaskScanProcessor, TaskScanScheduler } from './tasks.processor';
import { TasksService } from './tasks.service';

/** Brokers' tasks about clients, by hand and from the daily scan. */
@Module({
  imports: [
    JobsModule,
    AuthModule,
    ClientsModule,
    ConsentsModule,
    ContractsModule,
    InstalmentsModule,
    DocumentsModule,
  ],
  controllers: [TasksController],
  providers: [TaskRepository, TasksService, TaskScanService],
  exports: [TasksService, TaskScanService],
})
export class TasksModule {}

/** The scan's processor and daily job scheduler; imported only by the worker in background mode. */
@Module({
  imports: [TasksModule, JobsModule],
  providers: [TaskScanProcessor, TaskScanScheduler],
})
export class TasksProcessorsModule {}
