import { Injectable } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import { AppConfig } from '@app/common/config/app-config';
import { UnauthenticatedError } from '@app/common/errors/domain-error';
import { Role, isRole } from '@app/privacy';
import { SessionState } from './session-state';

export interface StaffPrincipal {
  staffId: string;
  email: string;
  role: Role;
  /** The staff member's session version the token was issued under. */
  sessionVersion: number;
  /** The sign-in (refresh-token family) the token belongs to; null for the queue board's Basic sign-in. */
  sessionId: string | null;
  /** Signed in with a password an administrator reset: only changing it is allowed. */
  passwordChangeRequired: boolean;
}

interface TokenClaims {
  sub: string;
  email: string;
  role: string;
  sv: number;
  sid: string;
  pcr?: boolean;
}

const VERIFIED_CACHE_SIZE = 10_000;

/**
 * Issues and checks access tokens. A token is short-lived and names the staff member, role,
 * session version and session; every request checks those against the current access state
 * (SessionState), so taking access away acts on the next request, on every instance.
 */
@Injectable()
export class AuthService {
  private readonly verified = new Map<string, { principal: StaffPrincipal; expiresAt: number }>();

  constructor(
    private readonly jwt: JwtService,
    private readonly config: AppConfig,
    private readonly state: SessionState,
  ) {}

  async issueAccessToken(
    principal: Omit<StaffPrincipal, 'sessionId'> & { sessionId: string },
  ): Promise<string> {
    const claims: TokenClaims = {
      sub: principal.staffId,
      email: principal.email,
      role: principal.role,
      sv: principal.sessionVersion,
      sid: principal.sessionId,
      ...(principal.passwordChangeRequired ? { pcr: true } : {}),
    };
    return this.jwt.signAsync(claims, { expiresIn: this.config.ACCESS_TOKEN_TTL_SECONDS });
  }

  /** Verifies a bearer token and that its session is still current; answers who it names. */
  async authenticate(token: string): Promise<StaffPrincipal> {
    return (await this.authenticateWith(token)).principal;
  }

  /**
   * Authenticates and, in the same Redis round trip, reads one more key of the staff member that
   * `alsoRead` names from their id (the guard's cached portfolio); answers its value too.
   */
  async authenticateWith(
    token: string,
    alsoRead?: (staffId: string) => string,
  ): Promise<{ principal: StaffPrincipal; also: string | null }> {
    const principal = this.verify(token);
    const also = await this.assertCurrent(principal, alsoRead?.(principal.staffId));
    return { principal, also };
  }

  async assertCurrent(principal: StaffPrincipal, alsoRead?: string): Promise<string | null> {
    return this.state.assertCurrent(
      {
        staffId: principal.staffId,
        role: principal.role,
        sessionVersion: principal.sessionVersion,
        sessionId: principal.sessionId,
      },
      alsoRead,
    );
  }

  /**
   * Verifies a token's signature, expiry and algorithm and returns who it names. A verified
   * token's answer is kept until the token expires (bounded cache): a token is immutable, and
   * staff reuse theirs for every request. Whether its session is still current is not cached.
   */
  verify(token: string): StaffPrincipal {
    const cached = this.verified.get(token);
    if (cached && cached.expiresAt > Date.now()) return cached.principal;
    if (cached) this.verified.delete(token);
    const principal = this.verifyUncached(token);
    if (this.verified.size >= VERIFIED_CACHE_SIZE)
      this.verified.delete(this.verified.keys().next().value as string);
    this.verified.set(token, principal);
    return principal.principal;
  }

  private verifyUncached(token: string): { principal: StaffPrincipal; expiresAt: number } {
    let claims: TokenClaims & { exp?: number };
    try {
      claims = this.jwt.verify<TokenClaims & { exp?: number }>(token, { algorithms: ['HS256'] });
    } catch {
      throw new UnauthenticatedError('Invalid or expired token');
    }
    if (
      typeof claims.sub !== 'string' ||
      !/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(claims.sub) ||
      !isRole(claims.role) ||
      typeof claims.exp !== 'number' ||
      !Number.isInteger(claims.sv) ||
      typeof claims.sid !== 'string'
    ) {
      throw new UnauthenticatedError('Invalid token');
    }
    return {
      principal: {
        staffId: claims.sub,
        email: claims.email,
        role: claims.role,
        sessionVersion: claims.sv,
        sessionId: claims.sid,
        passwordChangeRequired: claims.pcr === true,
      },
      expiresAt: claims.exp * 1000,
    };
  }
}
