import { ConflictError, ValidationFailedError } from '@app/common/errors/domain-error';

export class SplitsNotWholeError extends ValidationFailedError {
  constructor() {
    super('The brokers’ shares must add up to exactly 1', { fields: ['splits'] }, 'SPLITS_NOT_WHOLE');
  }
}

export class SplitStaffRepeatedError extends ValidationFailedError {
  constructor() {
    super('A broker may appear only once in the split', { fields: ['splits'] }, 'SPLIT_STAFF_REPEATED');
  }
}

export class SplitStaffNotBrokerError extends ValidationFailedError {
  constructor() {
    super(
      'Every share of the split must go to an active broker',
      { fields: ['splits'] },
      'SPLIT_STAFF_NOT_BROKER',
    );
  }
}

/** The file could not be read as a statement: nothing was imported; `errors` name row and column. */
export class StatementFileInvalidError extends ValidationFailedError {
  constructor(errors: Array<{ row: number; column: string | null; code: string; message: string }>) {
    super('The statement file has errors; nothing was imported', { rows: errors }, 'STATEMENT_FILE_INVALID');
  }
}

export class LineAlreadySettledError extends ConflictError {
  constructor() {
    super('The statement line is already settled', 'LINE_ALREADY_SETTLED');
  }
}
