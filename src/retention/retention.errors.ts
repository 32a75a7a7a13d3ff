import { ConflictError, NotFoundError, ValidationFailedError } from '@app/common/errors/domain-error';

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

/** A sweep that erases decides as of today at the latest; a later date is for a dry run only. */
export class FutureSweepError extends ValidationFailedError {
  constructor() {
    super(
      'asOf lies after today: a sweep that changes data decides as of today at the latest (use dryRun: true to look ahead)',
      { fields: ['asOf'] },
      'AS_OF_IN_FUTURE',
    );
  }
}
