import { ConflictError, ValidationFailedError } from '@app/common/errors/domain-error';

/** A schedule is made anew only while nothing of it is paid: payments are never dropped. */
export class ScheduleHasPaymentsError extends ConflictError {
  constructor() {
    super(
      'The contract’s payment schedule already has a payment; it can no longer be made anew',
      'SCHEDULE_HAS_PAYMENTS',
    );
  }
}

export class ContractCancelledNoScheduleError extends ConflictError {
  constructor() {
    super('The contract is cancelled; no payment schedule is made for it', 'CONTRACT_CANCELLED');
  }
}

export class ContractWithoutPremiumError extends ConflictError {
  constructor() {
    super('The contract has no premium to split into instalments', 'CONTRACT_WITHOUT_PREMIUM');
  }
}

export class InstalmentAlreadyPaidError extends ConflictError {
  constructor() {
    super('The instalment is already paid in full', 'INSTALMENT_ALREADY_PAID');
  }
}

export class PaidAtInFutureError extends ValidationFailedError {
  constructor() {
    super('paidAt must not be after today', { fields: ['paidAt'] }, 'DATE_IN_FUTURE');
  }
}
