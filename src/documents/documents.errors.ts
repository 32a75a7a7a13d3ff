import {
  ForbiddenError,
  TooLargeError,
  UnsupportedMediaTypeError,
  ValidationFailedError,
} from '@app/common/errors/domain-error';

export class NotMultipartError extends ValidationFailedError {
  constructor() {
    super(
      'The upload must be multipart/form-data with the fields and a file part "file"',
      {},
      'NOT_MULTIPART',
    );
  }
}

export class MalformedMultipartError extends ValidationFailedError {
  constructor() {
    super('The multipart body cannot be read (a cut or malformed part)', {}, 'MALFORMED_MULTIPART');
  }
}

export class FileMissingError extends ValidationFailedError {
  constructor() {
    super('The upload has no file part "file"', { fields: ['file'] }, 'FILE_MISSING');
  }
}

/** The fields decide where the file may go, so they are read (and checked) before any byte is stored. */
export class FieldsAfterFileError extends ValidationFailedError {
  constructor() {
    super('The fields (clientId, category, ...) must come before the file part', {}, 'FIELDS_AFTER_FILE');
  }
}

export class UnexpectedPartError extends ValidationFailedError {
  constructor() {
    super(
      'The upload may carry only the fields clientId, contractId, claimId, category and one file',
      {},
      'UNEXPECTED_PART',
    );
  }
}

export class EmptyFileError extends ValidationFailedError {
  constructor() {
    super('The file is empty', { fields: ['file'] }, 'FILE_EMPTY');
  }
}

export class ContractOfAnotherClientError extends ValidationFailedError {
  constructor() {
    super('The contract belongs to another client', { fields: ['contractId'] }, 'CONTRACT_OF_ANOTHER_CLIENT');
  }
}

export class FileTooLargeError extends TooLargeError {
  constructor(maxBytes: number) {
    super(`The file is larger than ${maxBytes} bytes`, 'FILE_TOO_LARGE', { maxBytes });
  }
}

export class ContentTypeNotAllowedError extends UnsupportedMediaTypeError {
  constructor(allowed: readonly string[]) {
    super(`Only these file types are accepted: ${allowed.join(', ')}`, 'CONTENT_TYPE_NOT_ALLOWED', {
      allowed,
    });
  }
}

/** The bytes are not what the declared type says (a renamed file): refused like a type not allowed. */
export class ContentMismatchError extends UnsupportedMediaTypeError {
  constructor(declared: string) {
    super(`The file’s content is not ${declared}`, 'CONTENT_TYPE_MISMATCH');
  }
}

export class CategoryNotAllowedError extends ForbiddenError {
  constructor(purpose: string | null, category: string) {
    super(
      `Purpose ${purpose ?? '(none)'} may not upload documents of category ${category}`,
      'DOCUMENT_CATEGORY_NOT_ALLOWED',
    );
  }
}
