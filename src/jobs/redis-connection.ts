import type { RedisOptions } from 'ioredis';

/**
 * ioredis options from a redis:// or rediss:// URL. Queues get the defaults; workers and other
 * blocking clients need `maxRetriesPerRequest: null` (BullMQ waits on blocking commands forever).
 */
export function redisConnectionOptions(url: string, forWorker = false): RedisOptions {
  const parsed = new URL(url);
  const db = parsed.pathname && parsed.pathname !== '/' ? Number(parsed.pathname.slice(1)) : 0;
  return {
    host: parsed.hostname || '127.0.0.1',
    port: parsed.port ? Number(parsed.port) : 6379,
    username: parsed.username ? decodeURIComponent(parsed.username) : undefined,
    password: parsed.password ? decodeURIComponent(parsed.password) : undefined,
    db: Number.isInteger(db) ? db : 0,
    tls: parsed.protocol === 'rediss:' ? {} : undefined,
    ...(forWorker ? { maxRetriesPerRequest: null } : {}),
  };
}

/**
 * BullMQ's key prefix: the deployment's REDIS_PREFIX as a hash tag, `{consentry}`. BullMQ's scripts
 * touch several keys of a queue at once, which Redis Cluster allows only within one hash slot; the
 * tag puts every queue key in the same slot (keys read `{consentry}:mail:wait`, ...).
 */
export function queuePrefix(redisPrefix: string): string {
  return `{${redisPrefix}}`;
}
