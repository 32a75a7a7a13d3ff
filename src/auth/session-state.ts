import { Inject, Injectable, Logger } from '@nestjs/common';
import Redis from 'ioredis';
import { AppConfig } from '@app/common/config/app-config';
import { DomainError, UnauthenticatedError } from '@app/common/errors/domain-error';
import { REDIS } from '@app/common/redis/redis.module';
import { StaffRepository } from './staff.repository';

/** What every request checks its token against: the staff member's current access. */
export interface StaffAccessState {
  version: number;
  role: string;
  active: boolean;
}

/** The token names the state it was issued under. */
export interface SessionClaims {
  staffId: string;
  role: string;
  sessionVersion: number;
  /** Null for sign-ins without a session (the queue board's Basic authentication). */
  sessionId: string | null;
}

export class SessionRevokedError extends DomainError {
  constructor() {
    super(
      'unauthenticated',
      'SESSION_REVOKED',
      'This session has ended (signed out, or access changed); sign in again',
    );
  }
}

/** A cached state lives this long without a change; a miss reads the staff table once. */
const STATE_TTL_SECONDS = 24 * 3600;
/** A token naming no staff member is remembered briefly, so such tokens cannot make a query each. */
const MISSING_TTL_SECONDS = 60;
const MISSING = 'missing';

/** Sets the state unless Redis already holds a newer version (two changes may publish out of order). */
const PUBLISH_SCRIPT = `
local current = redis.call('GET', KEYS[1])
if current then
  local version = tonumber(string.match(current, '^(%d+):'))
  if version and version > tonumber(ARGV[2]) then return 0 end
end
redis.call('SET', KEYS[1], ARGV[1], 'EX', ARGV[3])
return 1`;

/**
 * The staff member's access state (session version, role, active), kept in Redis for every
 * instance. A request reads it with one round trip (MGET of the staff member's state and of its
 * session's revocation mark); the staff table is read only when Redis has no entry. A change writes
 * the new state right after its transaction commits (plain SET, overriding), while a fill after a
 * miss only writes where nothing is (SET NX), so a fill that read the table before the change
 * cannot bring the old state back.
 */
@Injectable()
export class SessionState {
  private readonly logger = new Logger(SessionState.name);

  constructor(
    @Inject(REDIS) private readonly redis: Redis,
    private readonly staff: StaffRepository,
    private readonly config: AppConfig,
  ) {}

  /** Throws 401 unless the staff member exists, is active, has the token's role and version, and the session is open. */
  /**
   * `alsoRead` names one more key of the staff member (same hash slot) to read in the same round
   * trip, such as their cached portfolio; its value is answered (null when absent or unread).
   */
  async assertCurrent(claims: SessionClaims, alsoRead?: string): Promise<string | null> {
    const keys = [this.stateKey(claims.staffId)];
    if (alsoRead) keys.push(alsoRead);
    if (claims.sessionId) keys.push(this.revokedKey(claims.staffId, claims.sessionId));
    let state: StaffAccessState | null;
    let extra: string | null = null;
    try {
      const values = await this.redis.mget(...keys);
      const cached = values[0];
      if (alsoRead) extra = values[1];
      const revoked = claims.sessionId ? values[keys.length - 1] : null;
      if (revoked !== null) throw new SessionRevokedError();
      state = cached === null ? await this.fill(claims.staffId) : decode(cached);
    } catch (error) {
      if (error instanceof DomainError) throw error;
      // Redis unreachable: the database holds the same truth (one query per request until it is back).
      this.logger.warn(`Access state read from the database, Redis failed: ${(error as Error).name}`);
      state = await this.fromDatabase(claims);
    }
    if (!state) throw new UnauthenticatedError('The token names no staff account');
    if (!state.active || state.role !== claims.role || state.version !== claims.sessionVersion)
      throw new SessionRevokedError();
    return extra;
  }

  /** Publishes a staff member's state after a change committed; every instance sees it on the next request. */
  async publish(staffId: string, state: StaffAccessState): Promise<void> {
    await this.redis.eval(
      PUBLISH_SCRIPT,
      1,
      this.stateKey(staffId),
      encode(state),
      state.version,
      STATE_TTL_SECONDS,
    );
  }

  /**
   * Drops the cached state inside a change's transaction, before it commits: should Redis fail
   * the change rolls back, and should the publish after the commit fail, the next request reads
   * the committed state from the table instead of an old one from Redis.
   */
  async forget(staffId: string): Promise<void> {
    await this.redis.del(this.stateKey(staffId));
  }

  /** Ends one session's access tokens at once (its refresh tokens are revoked in the database). */
  async revokeSession(staffId: string, sessionId: string): Promise<void> {
    // Access tokens of the session expire by themselves after this long; the mark can go then.
    await this.redis.set(
      this.revokedKey(staffId, sessionId),
      '1',
      'EX',
      this.config.ACCESS_TOKEN_TTL_SECONDS + 60,
    );
  }

  private async fromDatabase(claims: SessionClaims): Promise<StaffAccessState | null> {
    const row = await this.staff.accessWithSession(claims.staffId, claims.sessionId);
    if (!row) return null;
    if (row.revoked) throw new SessionRevokedError();
    return { version: row.version, role: row.role, active: row.active };
  }

  private async fill(staffId: string): Promise<StaffAccessState | null> {
    const row = await this.staff.find(staffId);
    const state = row ? { version: row.sessionVersion, role: row.role, active: row.active } : null;
    try {
      await this.redis.set(
        this.stateKey(staffId),
        state ? encode(state) : MISSING,
        'EX',
        state ? STATE_TTL_SECONDS : MISSING_TTL_SECONDS,
        'NX',
      );
    } catch (error) {
      this.logger.warn(`Could not cache a staff member's access state: ${(error as Error).name}`);
    }
    return state;
  }

  // Both keys of a staff member share a hash tag, so one MGET reads them on a Redis Cluster too.
  private stateKey(staffId: string): string {
    return `${this.config.REDIS_PREFIX}:auth:{${staffId}}:state`;
  }

  private revokedKey(staffId: string, sessionId: string): string {
    return `${this.config.REDIS_PREFIX}:auth:{${staffId}}:revoked:${sessionId}`;
  }
}

function encode(state: StaffAccessState): string {
  return `${state.version}:${state.role}:${state.active ? 1 : 0}`;
}

function decode(value: string): StaffAccessState | null {
  if (value === MISSING) return null;
  const [version, role, active] = value.split(':');
  return { version: Number(version), role, active: active === '1' };
}
