import { ConflictError } from '@app/common/errors/domain-error';

export class ConsentAlreadyActiveError extends ConflictError {
  constructor() {
    super('A consent for this purpose and channel is already active', 'CONSENT_ALREADY_ACTIVE');
  }
}

export class ObjectionStandsError extends ConflictError {
  constructor() {
    super(
      'The client objected to marketing (art. 21); a marketing consent cannot be recorded',
      'OBJECTION_STANDS',
    );
  }
}
