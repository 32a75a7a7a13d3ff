import { ConflictError, ValidationFailedError } from '@app/common/errors/domain-error';

export class UnknownCoverageCodeError extends ValidationFailedError {
  constructor(field: string, codes: string[], line: string) {
    super(
      `Unknown coverage code(s) for ${line}: ${codes.join(', ')}`,
      { fields: [field], codes },
      'UNKNOWN_COVERAGE_CODE',
    );
  }
}

export class DuplicateCoverageError extends ValidationFailedError {
  constructor(codes: string[]) {
    super(
      `Coverage code(s) given more than once: ${codes.join(', ')}`,
      { fields: ['coverages'], codes },
      'DUPLICATE_COVERAGE',
    );
  }
}

export class ValidityInPastError extends ValidationFailedError {
  constructor() {
    super('validUntil must not be in the past', { fields: ['validUntil'] }, 'VALIDITY_IN_PAST');
  }
}

export class DeclinedQuoteWithOfferError extends ValidationFailedError {
  constructor(fields: string[]) {
    super(
      'A declined quote carries its reason only, no offer fields',
      { fields },
      'DECLINED_QUOTE_WITH_OFFER',
    );
  }
}

export class OfferRequestConcludedError extends ConflictError {
  constructor() {
    super('The offer request is already concluded', 'OFFER_REQUEST_CONCLUDED');
  }
}

export class RenewalAlreadyStartedError extends ConflictError {
  constructor(offerRequestId: string | null) {
    super('A renewal of this contract is already open', 'RENEWAL_ALREADY_STARTED', { offerRequestId });
  }
}

export class NothingToCorrectError extends ValidationFailedError {
  constructor() {
    super('A correction names at least one field to change', { fields: [] }, 'NOTHING_TO_CORRECT');
  }
}

export class OfferedQuoteWithDeclineReasonError extends ValidationFailedError {
  constructor() {
    super(
      'An offered quote carries no decline reason',
      { fields: ['declineReason'] },
      'OFFERED_QUOTE_WITH_DECLINE_REASON',
    );
  }
}

/** The quotes were given for the line asked; a request with quotes keeps its line. */
export class LineChangeWithQuotesError extends ConflictError {
  constructor() {
    super(
      'The offer request already has quotes for its line of business; open a new request for another line',
      'LINE_CHANGE_WITH_QUOTES',
      { fields: ['lineOfBusiness'] },
    );
  }
}
