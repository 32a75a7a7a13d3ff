import { createParamDecorator, ExecutionContext } from '@nestjs/common';
import { UnauthenticatedError } from '@app/common/errors/domain-error';
import { PrivacyScope, Purpose } from '@app/privacy';
import type { AuthenticatedRequest } from './access.guard';
import type { StaffPrincipal } from './auth.service';

/** The signed-in staff member and the purpose declared for this request (set by AccessGuard). */
export interface Acting extends StaffPrincipal {
  purpose: Purpose | null;
}

export const CurrentActor = createParamDecorator((_: unknown, context: ExecutionContext): Acting => {
  const request = context.switchToHttp().getRequest<AuthenticatedRequest>();
  if (!request.principal) throw new UnauthenticatedError();
  return { ...request.principal, purpose: (request.consentry.actor.purpose as Purpose | null) ?? null };
});

/** The privacy scope the guard built for this request: actor, purpose and the registry's ability. */
export const CurrentScope = createParamDecorator((_: unknown, context: ExecutionContext): PrivacyScope => {
  const request = context.switchToHttp().getRequest<AuthenticatedRequest>();
  if (!request.scope) throw new UnauthenticatedError();
  return request.scope;
});
