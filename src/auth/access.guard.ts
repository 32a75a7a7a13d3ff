import { CanActivate, ExecutionContext, Inject, Injectable, Logger, Optional } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { RequestContextState } from '@app/common/context/request-context';
import {
  DomainError,
  ForbiddenError,
  UnauthenticatedError,
  ValidationFailedError,
} from '@app/common/errors/domain-error';
import {
  ACCESS_METADATA,
  AccessDeclaration,
  PURPOSES,
  PORTFOLIO_SOURCE,
  PortfolioSource,
  PrivacyScope,
  Purpose,
  isPortfolioBound,
  isPurpose,
  roleMayUse,
} from '@app/privacy';
import { PasswordChangeRequiredError } from './auth.errors';
import { AuthService, StaffPrincipal } from './auth.service';
import { ALLOWED_BEFORE_PASSWORD_CHANGE } from './password-change.decorator';

export const PURPOSE_HEADER = 'x-purpose';

export interface AuthenticatedRequest {
  headers: Record<string, string | string[] | undefined>;
  consentry: RequestContextState;
  principal?: StaffPrincipal;
  /** The privacy scope of this request, built once by the guard. */
  scope?: PrivacyScope;
}

/**
 * The global guard. Deny by default: a route that declares neither @Access nor @Public is refused.
 * A bearer token must be current: its staff member active, with the role and session version it
 * names, and its session not ended (one Redis round trip; see SessionState). For routes touching
 * personal data it requires a declared purpose the role may use, and records every refusal in the
 * record of operations before answering.
 */
@Injectable()
export class AccessGuard implements CanActivate {
  private readonly logger = new Logger(AccessGuard.name);

  constructor(
    private readonly reflector: Reflector,
    private readonly auth: AuthService,
    // Absent only where no team exists (a worker has no HTTP routes): a bound purpose then sees no one.
    @Optional() @Inject(PORTFOLIO_SOURCE) private readonly portfolios?: PortfolioSource,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    if (context.getType() !== 'http') return true;
    const declaration = this.reflector.getAllAndOverride<AccessDeclaration | undefined>(ACCESS_METADATA, [
      context.getHandler(),
      context.getClass(),
    ]);
    const request = context.switchToHttp().getRequest<AuthenticatedRequest>();
    if (!declaration) {
      this.logger.error(
        `Route ${context.getClass().name}.${context.getHandler().name} declares no access; refused`,
      );
      throw new ForbiddenError('This route declares no access rule', 'ROUTE_NOT_DECLARED');
    }
    if (declaration.public) return true;

    const state = request.consentry;
    const header = request.headers.authorization;
    const token = typeof header === 'string' && header.startsWith('Bearer ') ? header.slice(7).trim() : null;
    if (!token) throw new UnauthenticatedError('Missing bearer token');
    // A portfolio-bound purpose needs the actor's portfolio: it is read with the access state, in
    // the same Redis round trip (the purpose itself is checked below).
    const declared = request.headers[PURPOSE_HEADER];
    const portfolios = this.portfolios;
    const wantsPortfolio =
      !!declaration.personalData && !!portfolios && isPurpose(declared) && isPortfolioBound(declared);
    const { principal, also: cachedPortfolio } = await this.auth.authenticateWith(
      token,
      wantsPortfolio ? (staffId) => portfolios.key(staffId) : undefined,
    );
    request.principal = principal;
    state.actor = {
      staffId: principal.staffId,
      role: principal.role,
      userName: principal.email,
      purpose: null,
    };
    state.operation = declaration.personalData ?? null;

    try {
      if (principal.passwordChangeRequired && !this.allowedBeforePasswordChange(context))
        throw new PasswordChangeRequiredError();
      if (declaration.roles && !declaration.roles.includes(principal.role)) {
        throw new ForbiddenError(`Role ${principal.role} may not use this endpoint`, 'ROLE_NOT_ALLOWED');
      }
      if (declaration.personalData) {
        const raw = request.headers[PURPOSE_HEADER];
        const purpose = Array.isArray(raw) ? raw[0] : raw;
        if (!purpose) {
          throw new ValidationFailedError(
            'The X-Purpose header is required for personal data',
            { fields: ['X-Purpose'] },
            'PURPOSE_REQUIRED',
          );
        }
        if (!isPurpose(purpose)) {
          throw new ValidationFailedError(
            `Unknown purpose; one of: ${PURPOSES.join(', ')}`,
            { fields: ['X-Purpose'] },
            'PURPOSE_UNKNOWN',
          );
        }
        state.actor.purpose = purpose;
        if (!roleMayUse(principal.role, purpose)) {
          throw new ForbiddenError(
            `Role ${principal.role} may not act under purpose ${purpose}`,
            'PURPOSE_NOT_ALLOWED',
          );
        }
        if (declaration.purposes && !declaration.purposes.includes(purpose)) {
          throw new ForbiddenError(
            `This endpoint accepts purposes: ${declaration.purposes.join(', ')}`,
            'PURPOSE_NOT_ACCEPTED_HERE',
          );
        }
      }
      const purpose = state.actor.purpose as Purpose | null;
      const portfolio =
        isPortfolioBound(purpose) && portfolios
          ? await portfolios.resolve(principal.staffId, wantsPortfolio ? cachedPortfolio : null)
          : undefined;
      request.scope = PrivacyScope.forStaff(principal.staffId, principal.role, purpose, portfolio);
      const opened = request.scope.breakGlassClientIds();
      // Entries of operations on a client opened by break-glass say so (see AuditRecorder).
      if (opened.length > 0) state.breakGlassClientIds = opened;
    } catch (error) {
      // Refused before a scope exists: the error carries the attempt, and the edge records it once.
      if (declaration.personalData && error instanceof DomainError) {
        error.deniedAttempt = {
          action: declaration.personalData.action,
          resource: declaration.personalData.resource,
          resourceId: routeId(request),
          reason: error.code,
        };
      }
      throw error;
    }
    return true;
  }

  private allowedBeforePasswordChange(context: ExecutionContext): boolean {
    return (
      this.reflector.get<boolean | undefined>(ALLOWED_BEFORE_PASSWORD_CHANGE, context.getHandler()) === true
    );
  }
}

function routeId(request: AuthenticatedRequest): string | null {
  const params = (request as unknown as { params?: Record<string, string> }).params;
  const id = params?.id;
  // Only an id-shaped value may enter the record: a caller can put anything (an e-mail) in an id slot.
  if (typeof id !== 'string') return null;
  return /^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/.test(id)
    ? id
    : '(invalid)';
}
