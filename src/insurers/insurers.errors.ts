import { ConflictError, ValidationFailedError } from '@app/common/errors/domain-error';

export class InsurerNipTakenError extends ConflictError {
  constructor() {
    super('An insurer with this NIP is already registered', 'INSURER_NIP_EXISTS');
  }
}

export class UnknownInsurerError extends ValidationFailedError {
  constructor(field = 'insurerId') {
    super('No insurer with this id is registered', { fields: [field] }, 'UNKNOWN_INSURER');
  }
}
