import { ConflictError, ValidationFailedError } from '@app/common/errors/domain-error';
import type { QuoteMismatch } from '../offers';

export class EndNotAfterStartError extends ValidationFailedError {
  constructor() {
    super('endDate must be after startDate', { fields: ['endDate'] }, 'END_NOT_AFTER_START');
  }
}

export class QuoteNotOfRequestError extends ValidationFailedError {
  constructor() {
    super('The quote does not belong to this offer request', { fields: ['quoteId'] }, 'QUOTE_NOT_OF_REQUEST');
  }
}

/** A quote that misses the needs is concluded only knowingly: the broker acknowledges the mismatch. */
export class MismatchNotAcknowledgedError extends ValidationFailedError {
  constructor(mismatch: QuoteMismatch) {
    super(
      'The chosen quote does not meet the needs of the offer request; conclude it with acknowledgedMismatch: true',
      {
        fields: ['acknowledgedMismatch'],
        shortfalls: mismatch.shortfalls,
        missingCoverages: mismatch.missingCoverages,
      },
      'MISMATCH_NOT_ACKNOWLEDGED',
    );
  }
}

export class QuoteDeclinedError extends ConflictError {
  constructor() {
    super('The insurer declined this quote; it cannot be concluded', 'QUOTE_DECLINED');
  }
}

export class QuoteExpiredError extends ConflictError {
  constructor() {
    super('The quote is no longer valid (validUntil has passed)', 'QUOTE_EXPIRED');
  }
}

export class PolicyNumberTakenError extends ConflictError {
  constructor() {
    super('This insurer already has a contract with this policy number', 'POLICY_NUMBER_TAKEN', {
      fields: ['policyNumber'],
    });
  }
}

export class ContractAlreadyCancelledError extends ConflictError {
  constructor() {
    super('The contract is already cancelled', 'CONTRACT_ALREADY_CANCELLED');
  }
}

export class ContractEndedError extends ConflictError {
  constructor() {
    super('The contract has already ended', 'CONTRACT_ENDED');
  }
}

export class ContractCancelledError extends ConflictError {
  constructor() {
    super('A cancelled contract is not renewed', 'CONTRACT_CANCELLED');
  }
}

/** Art. 17(3): the policy in force is still served, but the person's data may not start anything new. */
export class ErasureRefusedNoNewOfferError extends ConflictError {
  constructor() {
    super(
      'The client asked for erasure; the data is kept only for the grounds listed in the request, so no new offer may be prepared for them',
      'ERASURE_REFUSED_NO_NEW_OFFER',
    );
  }
}

export class InsuredMismatchError extends ValidationFailedError {
  constructor() {
    super(
      'The insured person (insuredObject.clientId) and insuredId name different clients',
      { fields: ['insuredId', 'insuredObject.clientId'] },
      'INSURED_MISMATCH',
    );
  }
}

export class InsuredObjectNotOfLineError extends ValidationFailedError {
  constructor(kind: string, line: string) {
    super(
      `A ${kind} is not insured in the ${line} line (a vehicle: motor; a property: home or property)`,
      { fields: ['insuredObject.kind'] },
      'INSURED_OBJECT_NOT_OF_LINE',
    );
  }
}

export class AnnexWithoutChangesError extends ValidationFailedError {
  constructor() {
    super('An annex changes at least one term', { fields: ['changes'] }, 'ANNEX_WITHOUT_CHANGES');
  }
}

export class AnnexDateOutsideContractError extends ValidationFailedError {
  constructor() {
    super(
      'effectiveDate must lie within the contract’s period (from its start to its end, as annexed)',
      { fields: ['effectiveDate'] },
      'ANNEX_DATE_OUTSIDE_CONTRACT',
    );
  }
}

/** A cancelled contract has no terms left to change. */
export class CancelledContractAnnexError extends ConflictError {
  constructor() {
    super('A cancelled contract is not annexed', 'CONTRACT_CANCELLED');
  }
}
