import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { loadAppConfig } from '@app/common/config/app-config';
import { createPinoLogger, PinoNestLogger } from '@app/common/logging/logger';
import { WorkerModule } from './worker.module';

/** The job worker: same modules as the API, no HTTP. Stops gracefully on SIGTERM/SIGINT. */
async function main(): Promise<void> {
  const config = loadAppConfig(process.env);
  const app = await NestFactory.createApplicationContext(WorkerModule.register(config, { background: true }), {
    logger: new PinoNestLogger(createPinoLogger(config.LOG_LEVEL)),
  });
  app.enableShutdownHooks();
}

main().catch((error: unknown) => {
  process.stderr.write(`Worker failed to start: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
