import type { LoggerService } from '@nestjs/common';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import Redis from 'ioredis';

const run = promisify(execFile);

/** The whole database as pg_dump writes it (schema and data, every schema). */
export async function pgDump(databaseUrl: string): Promise<string> {
  const { stdout } = await run('pg_dump', ['--no-owner', '--no-privileges', `--dbname=${databaseUrl}`], {
    maxBuffer: 512 * 1024 * 1024,
  });
  return stdout;
}

/** Every key under a prefix with its value, whatever the key's type, as text. */
export async function redisDump(
  redisUrl: string,
  prefix: string,
): Promise<Array<{ key: string; type: string; value: string }>> {
  const redis = new Redis(redisUrl, { maxRetriesPerRequest: 2 });
  const out: Array<{ key: string; type: string; value: string }> = [];
  try {
    // The application's keys start with the prefix; the queues' with the prefix as a hash tag.
    for (const pattern of [`${prefix}*`, `{${prefix}}*`]) {
      let cursor = '0';
      do {
        const [next, keys] = await redis.scan(cursor, 'MATCH', pattern, 'COUNT', 1000);
        cursor = next;
        for (const key of keys) {
          const type = await redis.type(key);
          let value: unknown;
          switch (type) {
            case 'string':
              value = await redis.get(key);
              break;
            case 'hash':
              value = await redis.hgetall(key);
              break;
            case 'list':
              value = await redis.lrange(key, 0, -1);
              break;
            case 'set':
              value = await redis.smembers(key);
              break;
            case 'zset':
              value = await redis.zrange(key, 0, -1, 'WITHSCORES');
              break;
            case 'stream':
              value = await redis.xrange(key, '-', '+');
              break;
            default:
              value = null;
          }
          out.push({ key, type, value: JSON.stringify(value) });
        }
      } while (cursor !== '0');
    }
  } finally {
    redis.disconnect();
  }
  return out;
}

/** Collects everything the application logs through Nest's logger. */
export class CapturingLogger implements LoggerService {
  constructor(private readonly lines: string[]) {}
  log(...args: unknown[]) {
    this.lines.push(JSON.stringify(args));
  }
  error(...args: unknown[]) {
    this.lines.push(JSON.stringify(args));
  }
  warn(...args: unknown[]) {
    this.lines.push(JSON.stringify(args));
  }
  debug(...args: unknown[]) {
    this.lines.push(JSON.stringify(args));
  }
  verbose(...args: unknown[]) {
    this.lines.push(JSON.stringify(args));
  }
}
