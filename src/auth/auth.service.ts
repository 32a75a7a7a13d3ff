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

@Injectable()
export class AuthService {
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

  /** Verifies a bearer token (signature, expiry, algorithm) and returns who it names. */
  verify(token: string): StaffPrincipal {
    let claims: TokenClaims;
    try {
      claims = this.jwt.verify<TokenClaims>(token, { algorithms: ['HS256'] });
    } catch {
      throw new UnauthenticatedError('Invalid or expired token');
    }
    if (!claims.sub || !isRole(claims.role)) throw new UnauthenticatedError('Invalid token');
    return { staffId: claims.sub, email: claims.email, role: claims.role };
  }
}
