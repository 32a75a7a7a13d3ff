import { DynamicModule, Module } from '@nestjs/common';
import { AppConfig } from '@app/common/config/app-config';
import { coreImports } from './app.module';
import { AuthModule } from './auth';
import { ClientsModule } from './clients';
import { ConsentsModule } from './consents';
import { ContractsModule } from './contracts';
import { ImportsModule, ImportsProcessorsModule } from './imports';
import { InstalmentsModule, InstalmentsProcessorsModule } from './instalments';
import { DocumentsModule } from './documents';
import { InsurersModule } from './insurers';
import { JobWorkersModule } from './jobs';
import { MailingsModule, MailingsProcessorsModule } from './mailings';
import { MandatesModule, MandatesProcessorsModule } from './mandates';
import { OffersModule } from './offers';
import { RemindersModule, RemindersProcessorsModule } from './reminders';
import { RetentionModule, RetentionProcessorsModule } from './retention';
import { PortfoliosModule } from './portfolios';
import { WorkerMetricsModule } from './metrics';
import { ClaimsModule } from './claims';
import { TasksModule, TasksProcessorsModule } from './tasks';
import { ActivitiesModule } from './activities';
import { CommissionsModule } from './commissions';

export interface WorkerOptions {
  /** Whether queue processors and schedulers run (false for one-off CLI commands). */
  background: boolean;
}

/** The same modules as the API, without HTTP: runs jobs, and serves the CLI commands. */
@Module({})
export class WorkerModule {
  static register(config: AppConfig, options: WorkerOptions = { background: true }): DynamicModule {
    // Processors and schedulers run only in the worker process proper; the API only enqueues.
    const background = options.background
      ? [
          JobWorkersModule,
          MailingsProcessorsModule,
          RemindersProcessorsModule,
          InstalmentsProcessorsModule,
          ImportsProcessorsModule,
          RetentionProcessorsModule,
          MandatesProcessorsModule,
          TasksProcessorsModule,
          WorkerMetricsModule,
        ]
      : [];
    return {
      module: WorkerModule,
      imports: [
        ...coreImports(config),
        AuthModule,
        ConsentsModule,
        ClientsModule,
        InsurersModule,
        OffersModule,
        ContractsModule,
        MailingsModule,
        RemindersModule,
        InstalmentsModule,
        DocumentsModule,
        ImportsModule,
        MandatesModule,
        RetentionModule,
        // Its erasure step (reasons of grants and transfers) runs in the worker's sweeps too.
        PortfoliosModule,
        // Their erasure steps and retention purges run in the worker's sweeps too.
        ClaimsModule,
        TasksModule,
        ActivitiesModule,
        // The demo seed makes commission agreements through it.
        CommissionsModule,
        ...background,
      ],
    };
  }
}
