import { ConflictError, NotFoundError, ValidationFailedError } from '@app/common/errors/domain-error';

export class DataSubjectRequestNotFoundError extends NotFoundError {
  constructor() {
    super('Data-subject request', 'DATA_SUBJECT_REQUEST_NOT_FOUND');
  }
}

export class OneSubjectRequiredError extends ValidationFailedError {
  constructor() {
    super(
      'Give exactly one of clientId and mandateSubjectId',
      { fields: ['clientId', 'mandateSubjectId'] },
      'ONE_SUBJECT_REQUIRED',
    );
  }
}

export class InvalidReceivedDateError extends ValidationFailedError {
  constructor(message: string) {
    super(message, { fields: ['receivedAt'] }, 'INVALID_RECEIVED_AT');
  }
}

export class MandateSubjectNotFoundError extends NotFoundError {
  constructor() {
    super('Mandate subject', 'MANDATE_SUBJECT_NOT_FOUND');
  }
}

export class RequestClosedError extends ConflictError {
  constructor(status: string) {
    super(`The request is ${status}; it can no longer change`, 'REQUEST_CLOSED', { status });
  }
}

export class AlreadyExtendedError extends ConflictError {
  constructor() {
    super(
      'The request was already extended once; art. 12(3) allows one extension of two months',
      'ALREADY_EXTENDED',
    );
  }
}

export class DeadlinePassedError extends ConflictError {
  constructor(dueAt: string) {
    super(
      `The request was due on ${dueAt}; art. 12(3) allows an extension only before the deadline passes`,
      'DEADLINE_PASSED',
      { dueAt },
    );
  }
}

export class AlreadyVerifiedError extends ConflictError {
  constructor() {
    super('The identity was already verified for this request', 'IDENTITY_ALREADY_VERIFIED');
  }
}

export class IdentityNotVerifiedError extends ConflictError {
  constructor() {
    super(
      'The person’s identity has not been verified for this request; nothing may be disclosed or executed',
      'IDENTITY_NOT_VERIFIED',
    );
  }
}

export class WrongRequestTypeError extends ConflictError {
  constructor(type: string, operation: string, expected: string[]) {
    super(
      `A ${type} request is not answered by ${operation}; that serves: ${expected.join(', ')}`,
      'WRONG_REQUEST_TYPE',
      { type, expected },
    );
  }
}

export class ExecutionInputError extends ValidationFailedError {
  constructor(message: string, field: string) {
    super(message, { fields: [field] }, 'EXECUTION_INPUT_INVALID');
  }
}

export class InvalidDeliveryDateError extends ValidationFailedError {
  constructor(message: string) {
    super(message, { fields: ['deliveredAt'] }, 'INVALID_DELIVERED_AT');
  }
}
