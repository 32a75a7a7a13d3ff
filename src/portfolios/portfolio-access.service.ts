import { Inject, Injectable, Logger } from '@nestjs/common';
import Redis from 'ioredis';
import { AppConfig } from '@app/common/config/app-config';
import { REDIS } from '@app/common/redis/redis.module';
import type { Portfolio } from '@app/privacy';
import { BreakGlassRepository } from './break-glass.repository';
import { TeamRepository } from './team.repository';

/** A cached portfolio lives this long without a change; a miss reads the tables once. */
const PORTFOLIO_TTL_SECONDS = 300;

interface Stored {
  teams: string[];
  /** [client id, expiry in epoch ms] */
  glass: Array<[string, number]>;
}

/**
 * A staff member's portfolio (their teams and open break-glass grants), kept in Redis for every
 * instance and read by the guard for portfolio-bound purposes. A change (membership, grant) drops
 * the entry inside its transaction and writes the new one after it commits, so the next request,
 * on any instance, sees it; a fill after a miss only writes where nothing is (SET NX).
 */
@Injectable()
export class PortfolioAccess {
  private readonly logger = new Logger(PortfolioAccess.name);

  constructor(
    @Inject(REDIS) private readonly redis: Redis,
    private readonly config: AppConfig,
    private readonly teams: TeamRepository,
    private readonly glass: BreakGlassRepository,
  ) {}

  async of(staffId: string): Promise<Portfolio> {
    let cached: string | null;
    try {
      cached = await this.redis.get(this.key(staffId));
    } catch (error) {
      this.logger.warn(`Portfolio read from the database, Redis failed: ${(error as Error).name}`);
      return toPortfolio(await this.load(staffId));
    }
    return this.resolve(staffId, cached);
  }

  /** The portfolio from a value read under `key` with the access state; a miss reads the tables once. */
  async resolve(staffId: string, cached: string | null): Promise<Portfolio> {
    if (cached !== null) return toPortfolio(JSON.parse(cached) as Stored);
    const stored = await this.load(staffId);
    try {
      await this.redis.set(this.key(staffId), JSON.stringify(stored), 'EX', PORTFOLIO_TTL_SECONDS, 'NX');
    } catch (error) {
      this.logger.warn(`Could not cache a portfolio: ${(error as Error).name}`);
    }
    return toPortfolio(stored);
  }

  /** Drops the cached portfolio (call inside the change's transaction, before it commits). */
  async forget(staffId: string): Promise<void> {
    await this.redis.del(this.key(staffId));
  }

  /** Writes the committed portfolio (call after the change committed). */
  async publish(staffId: string): Promise<void> {
    try {
      await this.redis.set(
        this.key(staffId),
        JSON.stringify(await this.load(staffId)),
        'EX',
        PORTFOLIO_TTL_SECONDS,
      );
    } catch (error) {
      // The entry was dropped before the commit: the next request reads the tables.
      this.logger.warn(`Could not publish a portfolio: ${(error as Error).name}`);
    }
  }

  private async load(staffId: string): Promise<Stored> {
    const [teams, glass] = await Promise.all([this.teams.teamsOf(staffId), this.glass.openFor(staffId)]);
    return { teams, glass: glass.map((g) => [g.client_id, new Date(g.expires_at).getTime()]) };
  }

  key(staffId: string): string {
    // Same hash slot as the staff member's access state, so both can be read together.
    return `${this.config.REDIS_PREFIX}:auth:{${staffId}}:portfolio`;
  }
}

function toPortfolio(stored: Stored): Portfolio {
  return { teams: stored.teams, breakGlass: new Map(stored.glass) };
}
