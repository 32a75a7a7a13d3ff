import { ConflictError, ValidationFailedError } from '@app/common/errors/domain-error';

export class PeselTakenError extends ConflictError {
  constructor() {
    super('A client with this PESEL is already registered', 'CLIENT_PESEL_EXISTS');
  }
}

export class PeselBirthDateMismatchError extends ValidationFailedError {
  constructor() {
    super('PESEL birth date does not match dateOfBirth', { fields: ['pesel', 'dateOfBirth'] }, 'PESEL_BIRTH_DATE_MISMATCH');
  }
}
