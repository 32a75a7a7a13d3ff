import {
  ConflictError,
  ForbiddenError,
  NotFoundError,
  ValidationFailedError,
} from '@app/common/errors/domain-error';

/** No such mandate, or the caller is not one of its members, or it has ended: existence is not revealed. */
export class MandateNotFoundError extends NotFoundError {
  constructor() {
    super('Mandate');
  }
}

export class MandateSubjectNotFoundError extends NotFoundError {
  constructor() {
    super('Mandate subject');
  }
}

export class MandateNotInForceError extends ForbiddenError {
  constructor(validFrom: string, validTo: string) {
    super('The mandate is not in force today', 'MANDATE_NOT_IN_FORCE', { validFrom, validTo });
  }
}

export class MandateEndedError extends ConflictError {
  constructor() {
    super('The mandate has ended', 'MANDATE_ENDED');
  }
}

export class MandateReferenceTakenError extends ConflictError {
  constructor() {
    super('This insurer already has a mandate with this reference', 'MANDATE_REFERENCE_EXISTS');
  }
}

export class MandateValidityError extends ValidationFailedError {
  constructor() {
    super('validTo must not be earlier than validFrom', { fields: ['validTo'] }, 'MANDATE_VALIDITY');
  }
}

export class MandateMemberRefusedError extends ValidationFailedError {
  constructor(code: 'UNKNOWN_STAFF' | 'STAFF_CANNOT_ACT_UNDER_MANDATE') {
    super(
      code === 'UNKNOWN_STAFF'
        ? 'No active staff member with this id'
        : 'Only staff whose role may act under purpose insurer_mandate can be members',
      { fields: ['staffId'] },
      code,
    );
  }
}

export class EmptyMandateSubjectError extends ValidationFailedError {
  constructor() {
    super("A mandate subject needs at least one of the mandate's fields", { fields: [] }, 'EMPTY_SUBJECT');
  }
}

export class MandatePeselMismatchError extends ValidationFailedError {
  constructor() {
    super(
      'PESEL birth date does not match dateOfBirth',
      { fields: ['pesel', 'dateOfBirth'] },
      'PESEL_BIRTH_DATE_MISMATCH',
    );
  }
}

export class MandateContractDatesError extends ValidationFailedError {
  constructor() {
    super('endDate must not be earlier than startDate', { fields: ['endDate'] }, 'CONTRACT_DATES');
  }
}
