import {
  ConflictError,
  ForbiddenError,
  NotFoundError,
  ValidationFailedError,
} from '@app/common/errors/domain-error';

/**
 * The PESEL is already held by a client: the same answer whether or not the caller may see that
 * client, naming none of it; the data protection officer reviews the attempt.
 */
export class DuplicateReviewError extends ConflictError {
  constructor(reviewId: string) {
    super(
      'This PESEL cannot be registered now; the data protection officer will review the registration',
      'DUPLICATE_REVIEW',
      { reviewId },
    );
  }
}

export class DuplicateReviewNotFoundError extends NotFoundError {
  constructor() {
    super('Duplicate review');
  }
}

export class DuplicateReviewResolvedError extends ConflictError {
  constructor() {
    super('The duplicate review is already resolved', 'DUPLICATE_REVIEW_RESOLVED');
  }
}

export class PeselBirthDateMismatchError extends ValidationFailedError {
  constructor() {
    super(
      'PESEL birth date does not match dateOfBirth',
      { fields: ['pesel', 'dateOfBirth'] },
      'PESEL_BIRTH_DATE_MISMATCH',
    );
  }
}

/** Erasure is final: nothing personal, no consent, offer or contract is written for the client again. */
export class ClientAnonymisedError extends ConflictError {
  constructor() {
    super('The client has been anonymised; nothing personal is held any more', 'CLIENT_ANONYMISED');
  }
}

/** A client belongs to one team's portfolio; a staff member in no team cannot place one. */
export class NoTeamError extends ConflictError {
  constructor() {
    super(
      'You belong to no team, so no portfolio can take the client; an administrator adds you to one',
      'NO_TEAM',
    );
  }
}

/** A staff member in several teams names the one whose portfolio takes the client. */
export class TeamRequiredError extends ValidationFailedError {
  constructor() {
    super(
      'You belong to several teams; name the team whose portfolio takes the client',
      { fields: ['teamId'] },
      'TEAM_REQUIRED',
    );
  }
}

/** A client can be placed only in a portfolio of the creating staff member's teams. */
export class TeamNotYoursError extends ForbiddenError {
  constructor() {
    super('You may place a client only in the portfolio of one of your teams', 'TEAM_NOT_YOURS', {
      fields: ['teamId'],
    });
  }
}

/** A company has no PESEL, names or date of birth; a person has no NIP, REGON or KRS. */
export class ClientKindFieldsError extends ValidationFailedError {
  constructor(kind: 'person' | 'company', fields: string[]) {
    super(
      kind === 'company'
        ? `A company has no ${fields.join(', ')}: those are a person’s own data`
        : `A person has no ${fields.join(', ')}: those are a company’s register data (set kind to "company")`,
      { fields },
      'FIELDS_NOT_OF_CLIENT_KIND',
    );
  }
}

/** A company client where only a person may stand (a representative, a household member). */
export class NotAPersonError extends ValidationFailedError {
  constructor(field: string) {
    super(`${field} must name a person, not a company`, { fields: [field] }, 'NOT_A_PERSON');
  }
}

/** Representatives are named for a company client only. */
export class NotACompanyError extends ValidationFailedError {
  constructor() {
    super('Representatives are named for a company client only', { fields: ['id'] }, 'NOT_A_COMPANY');
  }
}

export class RepresentativeExistsError extends ConflictError {
  constructor() {
    super('This person already represents the company', 'REPRESENTATIVE_EXISTS');
  }
}

export class HouseholdMemberElsewhereError extends ConflictError {
  constructor() {
    super('The person already belongs to a household', 'ALREADY_IN_HOUSEHOLD');
  }
}
