import { applyDecorators, SetMetadata } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiBearerAuth,
  ApiForbiddenResponse,
  ApiHeader,
  ApiUnauthorizedResponse,
} from '@nestjs/swagger';
import type { AuditAction, AuditResource } from '@app/audit/audit-vocabulary';
import { PURPOSES, Purpose, Role } from './registry';

export const ACCESS_METADATA = 'consentry:access';

export type { AuditAction, AuditResource } from '@app/audit/audit-vocabulary';

export interface PersonalDataOperation {
  /** What is touched, as named in the record of operations (e.g. "client", "consent"). */
  resource: AuditResource;
  action: AuditAction;
}

export interface AccessDeclaration {
  public: boolean;
  /** Roles allowed; undefined means any signed-in staff member. */
  roles?: readonly Role[];
  /** Set on routes that touch personal data: they need X-Purpose. */
  personalData?: PersonalDataOperation;
  /** Narrows the purposes this route accepts (on top of the role's purposes). */
  purposes?: readonly Purpose[];
}

/** The route needs no sign-in and touches no personal data of staff's choosing. */
export function Public(): MethodDecorator & ClassDecorator {
  return SetMetadata(ACCESS_METADATA, { public: true } satisfies AccessDeclaration);
}

/**
 * One decorator per route: authentication, roles, the purpose requirement and their OpenAPI
 * description, applied together so that none can be forgotten.
 */
export function Access(declaration: Omit<AccessDeclaration, 'public'>): MethodDecorator {
  const decorators = [
    SetMetadata(ACCESS_METADATA, { public: false, ...declaration } satisfies AccessDeclaration),
    ApiBearerAuth(),
    ApiUnauthorizedResponse({ description: 'Missing or invalid bearer token' }),
    ApiForbiddenResponse({ description: 'Role or purpose not allowed, or fields outside the purpose' }),
  ];
  if (declaration.personalData) {
    decorators.push(
      ApiHeader({
        name: 'X-Purpose',
        required: true,
        description: `Declared processing purpose. Accepted here: ${(declaration.purposes ?? PURPOSES).join(', ')}`,
        schema: { type: 'string', enum: [...(declaration.purposes ?? PURPOSES)] },
      }),
      ApiBadRequestResponse({ description: 'Missing or unknown purpose, or invalid input' }),
    );
  }
  return applyDecorators(...decorators) as MethodDecorator;
}
