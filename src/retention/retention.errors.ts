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
