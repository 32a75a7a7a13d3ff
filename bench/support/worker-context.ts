import { INestApplicationContext } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { AppConfig, loadAppConfig } from '@app/common/config/app-config';
import { WorkerModule } from '../../src/worker.module';

/**
 * The worker's modules on a bench database, without their background processors: the services a
 * scenario calls directly, as the worker's jobs would. Silent, with a pool of ten connections.
 */
export async function startWorkerContext(settings: {
  databaseUrl: string;
  redisUrl: string;
  redisPrefix: string;
  env?: Record<string, string>;
}): Promise<{ app: INestApplicationContext; config: AppConfig }> {
  const config = loadAppConfig({
    DATABASE_URL: settings.databaseUrl,
    REDIS_URL: settings.redisUrl,
    REDIS_PREFIX: settings.redisPrefix,
    LOG_LEVEL: 'silent',
    DATABASE_POOL_SIZE: '10',
    ...settings.env,
  });
  const app = await NestFactory.createApplicationContext(
    WorkerModule.register(config, { background: false }),
    { logger: false },
  );
  return { app, config };
}
