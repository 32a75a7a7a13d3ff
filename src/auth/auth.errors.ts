import { DomainError } from '@app/common/errors/domain-error';

export class InvalidCredentialsError extends DomainError {
  constructor() {
    super('unauthenticated', 'INVALID_CREDENTIALS', 'E-mail or password is wrong');
  }
}

export class StaffEmailTakenError extends DomainError {
  constructor() {
    super('conflict', 'STAFF_EMAIL_TAKEN', 'A staff account with this e-mail already exists');
  }
}

export class InvalidRefreshTokenError extends DomainError {
  constructor() {
    super(
      'unauthenticated',
      'INVALID_REFRESH_TOKEN',
      'The refresh token is unknown or expired; sign in again',
    );
  }
}

export class RefreshTokenReusedError extends DomainError {
  constructor() {
    super(
      'unauthenticated',
      'REFRESH_TOKEN_REUSED',
      'This refresh token was already used; the session has ended, sign in again',
    );
  }
}

export class PasswordChangeRequiredError extends DomainError {
  constructor() {
    super(
      'forbidden',
      'PASSWORD_CHANGE_REQUIRED',
      'The password was reset by an administrator; change it first (POST /api/auth/password)',
    );
  }
}

export class SamePasswordError extends DomainError {
  constructor() {
    super('validation', 'PASSWORD_UNCHANGED', 'The new password must differ from the current one', {
      fields: ['newPassword'],
    });
  }
}

export class LastAdministratorError extends DomainError {
  constructor() {
    super('conflict', 'LAST_ADMIN', 'This would leave no active administrator');
  }
}

export class CurrentPasswordWrongError extends DomainError {
  constructor() {
    super('forbidden', 'CURRENT_PASSWORD_WRONG', 'The current password is wrong', {
      fields: ['currentPassword'],
    });
  }
}
