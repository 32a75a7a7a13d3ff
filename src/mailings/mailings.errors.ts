import { ConflictError, ForbiddenError, ValidationFailedError } from '@app/common/errors/domain-error';

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
