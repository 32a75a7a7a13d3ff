// Tracing first: it must patch http and pg before anything loads them.
import './tracing';
import 'reflect-metadata';
import { Logger } from '@nestjs/common';
import { loadAppConfig } from '@app/common/config/app-config';
import { exitIfShutdownStalls } from '@app/common/lifecycle/shutdown-deadline';
import { createApp } from './bootstrap';

async function main(): Promise<void> {
  const config = loadAppConfig(process.env);
  const app = await createApp(config);
  exitIfShutdownStalls(config.SHUTDOWN_TIMEOUT_MS, (message) => new Logger('Shutdown').warn(message));
  await app.listen({ port: config.PORT, host: '0.0.0.0' });
}

main().catch((error: unknown) => {
  process.stderr.write(`Failed to start: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
