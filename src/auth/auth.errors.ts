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
