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

/** Erasure is final: nothing personal, no consent, offer or contract is written for the client again. */
export class ClientAnonymisedError extends ConflictError {
  constructor() {
    super('The client has been anonymised; nothing personal is held any more', 'CLIENT_ANONYMISED');
  }
}
