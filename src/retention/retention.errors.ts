import { ConflictError, NotFoundError } from '@app/common/errors/domain-error';

export class LegalHoldNotFoundError extends NotFoundError {
  constructor() {
    super('Legal hold', 'LEGAL_HOLD_NOT_FOUND');
  }
}

export class LegalHoldReleasedError extends ConflictError {
  constructor() {
    super('The legal hold was already released', 'LEGAL_HOLD_ALREADY_RELEASED');
  }
}

export class ClientAnonymisedError extends ConflictError {
  constructor() {
    super('The client has been anonymised; nothing personal is held any more', 'CLIENT_ANONYMISED');
  }
}
