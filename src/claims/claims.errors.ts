import { ConflictError, ValidationFailedError } from '@app/common/errors/domain-error';
import { ClaimStatus, allowedTransitions } from './claim-workflow';

export class ClaimTransitionError extends ConflictError {
  constructor(from: ClaimStatus, to: ClaimStatus) {
    super(`A claim that is ${from} cannot become ${to}`, 'CLAIM_TRANSITION_NOT_ALLOWED', {
      from,
      to,
      allowed: [...allowedTransitions(from)],
    });
  }
}

export class AmountPaidRequiredError extends ValidationFailedError {
  constructor() {
    super('A paid claim needs amountPaid', { fields: ['amountPaid'] }, 'AMOUNT_PAID_REQUIRED');
  }
}

export class AmountPaidOnlyWhenPaidError extends ValidationFailedError {
  constructor() {
    super(
      'amountPaid is given only with status paid',
      { fields: ['amountPaid'] },
      'AMOUNT_PAID_ONLY_WHEN_PAID',
    );
  }
}

export class NothingToChangeError extends ValidationFailedError {
  constructor() {
    super(
      'Give a status, a note or a legal hold',
      { fields: ['status', 'note', 'legalHoldId'] },
      'NOTHING_TO_CHANGE',
    );
  }
}

export class DateOfLossInFutureError extends ValidationFailedError {
  constructor() {
    super('dateOfLoss must not be after today', { fields: ['dateOfLoss'] }, 'DATE_IN_FUTURE');
  }
}

export class LegalHoldNotActiveError extends ConflictError {
  constructor() {
    super('The legal hold is not an active hold of the claim’s client', 'LEGAL_HOLD_NOT_ACTIVE');
  }
}

export class LossOutsideCoverError extends ConflictError {
  constructor(startDate: string, endDate: string) {
    super('The date of loss lies outside the contract’s period of cover', 'DATE_OF_LOSS_OUTSIDE_COVER', {
      startDate,
      endDate,
    });
  }
}
