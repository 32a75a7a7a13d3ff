import { INestApplicationContext } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import Redis from 'ioredis';
import { AppConfig } from '@app/common/config/app-config';
import { JobWorkers } from '../../src/jobs';
import { WorkerModule } from '../../src/worker.module';

/** The worker process's modules, in-process, on the same configuration as the test app. */
export async function startWorker(config: AppConfig): Promise<INestApplicationContext> {
  const worker = await NestFactory.createApplicationContext(
    WorkerModule.register(config, { background: true }),
    { logger: false },
  );
  await worker.init();
  await worker.get(JobWorkers).waitUntilReady();
  return worker;
}

/** Removes every Redis key of a test run's prefix (queues, schedulers), so nothing is left behind. */
export async function clearRedisPrefix(config: AppConfig): Promise<void> {
  const redis = new Redis(config.REDIS_URL, { maxRetriesPerRequest: 2 });
  try {
    // The application's keys start with the prefix; the queues' with the prefix as a hash tag.
    for (const pattern of [`${config.REDIS_PREFIX}:*`, `{${config.REDIS_PREFIX}}:*`]) {
      let cursor = '0';
      do {
        const [next, keys] = await redis.scan(cursor, 'MATCH', pattern, 'COUNT', 1000);
        cursor = next;
        if (keys.length) await redis.del(...keys);
      } while (cursor !== '0');
    }
  } finally {
    redis.disconnect();
  }
}

export async function waitFor<T>(
  what: string,
  probe: () => Promise<T | null | undefined | false>,
  timeoutMs = 30_000,
): Promise<T> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() > until) throw new Error(`Timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}
