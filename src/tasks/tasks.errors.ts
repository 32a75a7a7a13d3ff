import { ValidationFailedError } from '@app/common/errors/domain-error';

export class AssigneeNotABrokerError extends ValidationFailedError {
  constructor() {
    super('assigneeId must be an active broker', { fields: ['assigneeId'] }, 'ASSIGNEE_NOT_A_BROKER');
  }
}

export class ContractOfOtherClientError extends ValidationFailedError {
  constructor() {
    super('The contract is not the client’s', { fields: ['contractId'] }, 'CONTRACT_OF_OTHER_CLIENT');
  }
}

export class NothingToChangeError extends ValidationFailedError {
  constructor() {
    super('Give a status, an assignee, a title or a due date', { fields: ['status'] }, 'NOTHING_TO_CHANGE');
  }
}

export class ScanDateInFutureError extends ValidationFailedError {
  constructor() {
    super('date must not be in the future', { fields: ['date'] }, 'DATE_IN_FUTURE');
  }
}
