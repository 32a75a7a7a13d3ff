import {
  ConflictError,
  ForbiddenError,
  UnavailableError,
  ValidationFailedError,
} from '@app/common/errors/domain-error';

export class CampaignAlreadyLaunchedError extends ConflictError {
  constructor() {
    super('The campaign has already been launched', 'CAMPAIGN_ALREADY_LAUNCHED');
  }
}

export class CampaignCancelledError extends ConflictError {
  constructor() {
    super('The campaign was cancelled', 'CAMPAIGN_CANCELLED');
  }
}

export class CampaignFinishedError extends ConflictError {
  constructor() {
    super('Every recipient of the campaign has been handled; nothing is left to cancel', 'CAMPAIGN_FINISHED');
  }
}

export class UnknownPlaceholderError extends ValidationFailedError {
  constructor(fields: string[], placeholders: string[]) {
    super(
      `Unknown placeholder(s): ${placeholders.join(', ')}; use {{firstName}} or {{lastName}}`,
      { fields },
      'UNKNOWN_PLACEHOLDER',
    );
  }
}

export class InvalidUnsubscribeLinkError extends ValidationFailedError {
  constructor() {
    super('This unsubscribe link is not valid', { fields: ['token'] }, 'INVALID_UNSUBSCRIBE_TOKEN');
  }
}

/** The audience is selected by something the registry does not give the purpose; names the fields. */
export class AudienceFilterNotAllowedError extends ForbiddenError {
  constructor(fields: string[], purpose: string | null) {
    super(
      `Purpose ${purpose ?? '(none)'} may not select an audience by: ${fields.join(', ')}`,
      'AUDIENCE_FILTER_NOT_ALLOWED',
      { fields },
    );
  }
}

/** The client is visible under the purpose but is not among those the campaign would go to. */
export class NotInAudienceError extends ConflictError {
  constructor() {
    super('The client is not among the recipients of this campaign', 'NOT_IN_AUDIENCE');
  }
}

/** No client would receive the campaign if it were launched now. */
export class AudienceEmptyError extends ConflictError {
  constructor() {
    super('No client would receive this campaign', 'AUDIENCE_EMPTY');
  }
}

/** The mail server did not take the test mail; `reason` is its answer as a code. */
export class TestMailNotSentError extends UnavailableError {
  constructor(reason: string) {
    super('The mail server did not accept the test mail; try again later', 'TEST_MAIL_NOT_SENT', { reason });
  }
}
