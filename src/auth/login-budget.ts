import { createHash } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import Redis from 'ioredis';
import { AppConfig } from '@app/common/config/app-config';
import { DomainError } from '@app/common/errors/domain-error';
import { REDIS } from '@app/common/redis/redis.module';

export class TooManySignInsError extends DomainError {
  constructor(readonly retryAfterSeconds: number) {
    super('too_many_requests', 'TOO_MANY_REQUESTS', 'Too many failed sign-ins; retry later', {
      retryAfterSeconds,
    });
  }
}

/**
 * Takes one attempt from both budgets (KEYS[1] the account, KEYS[2] the address) when both have
 * one left; a window starts with its first attempt and lasts ARGV[3] ms. Answers 0, or the ms
 * until the exhausted budget renews. Atomic, so concurrent guesses cannot overdraw a budget.
 */
const TAKE_SCRIPT = `
local limits = { tonumber(ARGV[1]), tonumber(ARGV[2]) }
for i = 1, 2 do
  local used = tonumber(redis.call('GET', KEYS[i]) or '0')
  if used >= limits[i] then
    local ttl = redis.call('PTTL', KEYS[i])
    if ttl < 0 then ttl = tonumber(ARGV[3]) end
    return ttl
  end
end
for i = 1, 2 do
  if redis.call('INCR', KEYS[i]) == 1 then redis.call('PEXPIRE', KEYS[i], ARGV[3]) end
end
return 0`;

/** Gives an attempt back (a successful sign-in spends nothing); never below zero. */
const REFUND_SCRIPT = `
for i = 1, 2 do
  local left = redis.call('DECR', KEYS[i])
  if left <= 0 then redis.call('DEL', KEYS[i]) end
end
return 0`;

/**
 * Failed sign-ins are limited per account (LOGIN_THROTTLE_LIMIT per LOGIN_THROTTLE_TTL_MS) and per
 * address (LOGIN_ADDRESS_THROTTLE_LIMIT in the same window), in Redis so the budgets hold across
 * instances. Every attempt reserves one unit of both before the password is checked, and a
 * successful one gives it back: only failures spend. So thirty colleagues behind one office
 * address all get in, while one account gets at most LOGIN_THROTTLE_LIMIT guesses per window from
 * anywhere. The account key is a hash of the normalised e-mail (unknown e-mails have budgets too,
 * so the answer does not reveal which accounts exist).
 */
@Injectable()
export class LoginBudget {
  constructor(
    @Inject(REDIS) private readonly redis: Redis,
    private readonly config: AppConfig,
  ) {}

  /** Reserves an attempt; throws TooManySignInsError when the account's or the address's budget is spent. */
  async take(email: string, address: string): Promise<void> {
    const wait = (await this.redis.eval(
      TAKE_SCRIPT,
      2,
      ...this.keys(email, address),
      this.config.LOGIN_THROTTLE_LIMIT,
      this.config.LOGIN_ADDRESS_THROTTLE_LIMIT,
      this.config.LOGIN_THROTTLE_TTL_MS,
    )) as number;
    if (wait > 0) throw new TooManySignInsError(Math.max(1, Math.ceil(wait / 1000)));
  }

  /** Returns the attempt reserved by take(): the sign-in succeeded. */
  async refund(email: string, address: string): Promise<void> {
    await this.redis.eval(REFUND_SCRIPT, 2, ...this.keys(email, address));
  }

  private keys(email: string, address: string): [string, string] {
    const account = createHash('sha256').update(email.trim().toLowerCase()).digest('base64url');
    // One hash tag: both keys of a script must live in one Redis Cluster slot.
    const prefix = `${this.config.REDIS_PREFIX}:{login-budget}`;
    return [`${prefix}:account:${account}`, `${prefix}:address:${address || 'unknown'}`];
  }
}
