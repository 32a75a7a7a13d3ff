import { ConflictError, NotFoundError, ValidationFailedError } from '@app/common/errors/domain-error';

/**
 * The PESEL is already held by a client: the same answer whether or not the caller may see that
 * client, naming none of it; the data protection officer reviews the attempt.
 */
export class DuplicateReviewError extends ConflictError {
  constructor(reviewId: string) {
    super(
      'This PESEL cannot be registered now; the data protection officer will review the registration',
      'DUPLICATE_REVIEW',
      { reviewId },
    );
  }
}

export class DuplicateReviewNotFoundError extends NotFoundError {
  constructor() {
    super('Duplicate review');
  }
}

export class DuplicateReviewResolvedError extends ConflictError {
  constructor() {
    super('The duplicate review is already resolved', 'DUPLICATE_REVIEW_RESOLVED');
  }
}

export class PeselBirthDateMismatchError extends ValidationFailedError {
  constructor() {
    super(
      'PESEL birth date does not match dateOfBirth',
      { fields: ['pesel', 'dateOfBirth'] },
      'PESEL_BIRTH_DATE_MISMATCH',
    );
  }
}

/** Erasure is final: nothing personal, no consent, offer or contract is written for the client again. */
export class ClientAnonymisedError extends ConflictError {
  constructor() {
    super('The client has been anonymised; nothing personal is held any more', 'CLIENT_ANONYMISED');
  }
}
