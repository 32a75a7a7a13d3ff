// Tracing first: it must patch http and pg before anything loads them.
import './tracing';
import 'reflect-metadata';
import { Logger } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { loadAppConfig } from '@app/common/config/app-config';
import { exitIfShutdownStalls } from '@app/common/lifecycle/shutdown-deadline';
import { createPinoLogger, PinoNestLogger } from '@app/common/logging/logger';
import { WorkerModule } from './worker.module';

/** The job worker: same modules as the API, no HTTP. Stops gracefully on SIGTERM/SIGINT, within SHUTDOWN_TIMEOUT_MS. */
async function main(): Promise<void> {
  const config = loadAppConfig(process.env);
  const app = await NestFactory.createApplicationContext(
    WorkerModule.register(config, { background: true }),
    {
      logger: new PinoNestLogger(createPinoLogger(config.LOG_LEVEL)),
    },
  );
  app.enableShutdownHooks();
  exitIfShutdownStalls(config.SHUTDOWN_TIMEOUT_MS, (message) => new Logger('Shutdown').warn(message));
}

main().catch((error: unknown) => {
  process.stderr.write(`Worker failed to start: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
