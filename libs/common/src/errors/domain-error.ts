/**
 * Errors that services throw. They carry a kind and a stable code; only the HTTP edge
 * (DomainErrorFilter) turns them into status codes, so services never speak HTTP.
 */
export type DomainErrorKind =
  | 'validation'
  | 'unauthenticated'
  | 'forbidden'
  | 'not_found'
  | 'conflict'
  | 'precondition'
  | 'too_many_requests'
  | 'too_large'
  | 'unsupported_media_type'
  | 'unavailable';

/**
 * A refusal as the record of operations keeps it. Set by the privacy scope's `deny`; the edge
 * records it once. Ids and field names only, never a personal value.
 */
export interface DeniedAttempt {
  action: string;
  resource: string;
  resourceId?: string | null;
  clientIds?: string[];
  fields?: string[];
  /** The controller when it is not the broker (an insurer, for data under a mandate). */
  controllerId?: string | null;
  reason: string;
}

export class DomainError extends Error {
  /** The refused attempt to record, when the refusal concerns personal data. */
  deniedAttempt?: DeniedAttempt;

  constructor(
    readonly kind: DomainErrorKind,
    readonly code: string,
    message: string,
    readonly details: Record<string, unknown> = {},
  ) {
    super(message);
    this.name = 'DomainError';
  }
}

export class ValidationFailedError extends DomainError {
  constructor(message: string, details: Record<string, unknown> = {}, code = 'VALIDATION_FAILED') {
    super('validation', code, message, details);
  }
}

export class NotFoundError extends DomainError {
  constructor(resource: string, code = 'NOT_FOUND') {
    super('not_found', code, `${resource} not found`);
  }
}

export class ForbiddenError extends DomainError {
  constructor(message: string, code = 'FORBIDDEN', details: Record<string, unknown> = {}) {
    super('forbidden', code, message, details);
  }
}

/** A write or filter touched fields the declared purpose does not allow; names them. */
export class ForbiddenFieldsError extends DomainError {
  constructor(
    readonly fields: string[],
    operation: 'write' | 'filter' | 'sort',
    purpose: string | null,
  ) {
    super(
      'forbidden',
      'FORBIDDEN_FIELDS',
      `Purpose ${purpose ?? '(none)'} may not ${operation} field(s): ${fields.join(', ')}`,
      { fields },
    );
  }
}

export class ConflictError extends DomainError {
  constructor(message: string, code = 'CONFLICT', details: Record<string, unknown> = {}) {
    super('conflict', code, message, details);
  }
}

export class PreconditionError extends DomainError {
  constructor(message: string, code = 'PRECONDITION_FAILED', details: Record<string, unknown> = {}) {
    super('precondition', code, message, details);
  }
}

/** A service the operation depends on (a mail server) did not do its part; trying later may work. */
export class UnavailableError extends DomainError {
  constructor(message: string, code = 'SERVICE_UNAVAILABLE', details: Record<string, unknown> = {}) {
    super('unavailable', code, message, details);
  }
}

export class UnauthenticatedError extends DomainError {
  constructor(message = 'Authentication required') {
    super('unauthenticated', 'UNAUTHENTICATED', message);
  }
}

/** A body (an uploaded file) larger than the limit. */
export class TooLargeError extends DomainError {
  constructor(message: string, code = 'PAYLOAD_TOO_LARGE', details: Record<string, unknown> = {}) {
    super('too_large', code, message, details);
  }
}

/** A body (an uploaded file) of a type the endpoint does not take. */
export class UnsupportedMediaTypeError extends DomainError {
  constructor(message: string, code = 'UNSUPPORTED_MEDIA_TYPE', details: Record<string, unknown> = {}) {
    super('unsupported_media_type', code, message, details);
  }
}
