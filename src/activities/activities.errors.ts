import { ValidationFailedError } from '@app/common/errors/domain-error';

export class ActivityInFutureError extends ValidationFailedError {
  constructor() {
    super('at must not be in the future', { fields: ['at'] }, 'DATE_IN_FUTURE');
  }
}
