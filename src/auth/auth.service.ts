import { Injectable } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import { AppConfig } from '@app/common/config/app-config';
import { UnauthenticatedError } from '@app/common/errors/domain-error';
import { Role, isRole } from '@app/privacy';
import { InvalidCredentialsError } from './auth.errors';
import { StaffService } from './staff.service';

export interface StaffPrincipal {
  staffId: string;
  email: string;
  role: Role;
}

interface TokenClaims {
  sub: string;
  email: string;
  role: string;
}

const VERIFIED_CACHE_SIZE = 10_000;

@Injectable()
export class AuthService {
  private readonly verified = new Map<string, { principal: StaffPrincipal; expiresAt: number }>();

  constructor(
    private readonly staff: StaffService,
    private readonly jwt: JwtService,
    private readonly config: AppConfig,
  ) {}

  async login(email: string, password: string): Promise<{ accessToken: string; expiresIn: number }> {
    const account = await this.staff.checkPassword(email, password);
    if (!account) throw new InvalidCredentialsError();
    const claims: TokenClaims = { sub: account.id, email: account.email, role: account.role };
    const accessToken = await this.jwt.signAsync(claims, { expiresIn: this.config.ACCESS_TOKEN_TTL_SECONDS });
    return { accessToken, expiresIn: this.config.ACCESS_TOKEN_TTL_SECONDS };
  }

  /**
   * Verifies a bearer token (signature, expiry, algorithm) and returns who it names. A verified
   * token's answer is kept until the token expires (bounded cache): a token is immutable, and
   * staff reuse theirs for every request of a session.
   */
  verify(token: string): StaffPrincipal {
    const cached = this.verified.get(token);
    if (cached && cached.expiresAt > Date.now()) return cached.principal;
    if (cached) this.verified.delete(token);
    const principal = this.verifyUncached(token);
    if (this.verified.size >= VERIFIED_CACHE_SIZE) this.verified.delete(this.verified.keys().next().value as string);
    this.verified.set(token, { principal: principal.principal, expiresAt: principal.expiresAt });
    return principal.principal;
  }

  private verifyUncached(token: string): { principal: StaffPrincipal; expiresAt: number } {
    let claims: TokenClaims & { exp?: number };
    try {
      claims = this.jwt.verify<TokenClaims & { exp?: number }>(token, { algorithms: ['HS256'] });
    } catch {
      throw new UnauthenticatedError('Invalid or expired token');
    }
    if (!claims.sub || !isRole(claims.role) || typeof claims.exp !== 'number') throw new UnauthenticatedError('Invalid token');
    return { principal: { staffId: claims.sub, email: claims.email, role: claims.role }, expiresAt: claims.exp * 1000 };
  }
}
