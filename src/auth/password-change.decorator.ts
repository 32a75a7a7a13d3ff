import { SetMetadata } from '@nestjs/common';

export const ALLOWED_BEFORE_PASSWORD_CHANGE = 'consentry:allowed-before-password-change';

/**
 * Marks the few routes a token from a temporary password may use (change it, sign out, who am I);
 * every other route answers 403 PASSWORD_CHANGE_REQUIRED.
 */
export const AllowedBeforePasswordChange = (): MethodDecorator =>
  SetMetadata(ALLOWED_BEFORE_PASSWORD_CHANGE, true);
