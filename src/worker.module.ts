import { DynamicModule, Module } from '@nestjs/common';
import { AppConfig } from '@app/common/config/app-config';
import { coreImports } from './app.module';
import { AuthModule } from './auth';
import { ClientsModule } from './clients';
import { ConsentsModule } from './consents';

export interface WorkerOptions {
  /** Whether queue processors and schedulers run (false for one-off CLI commands). */
  background: boolean;
}

/** The same modules as the API, without HTTP: runs jobs, and serves the CLI commands. */
@Module({})
export class WorkerModule {
  static register(config: AppConfig, _options: WorkerOptions = { background: true }): DynamicModule {
    return {
      module: WorkerModule,
      imports: [...coreImports(config), AuthModule, ConsentsModule, ClientsModule],
    };
  }
}
