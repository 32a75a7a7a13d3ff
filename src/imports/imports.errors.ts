import { ConflictError, ForbiddenError, ValidationFailedError } from '@app/common/errors/domain-error';

export class ImportNoTeamError extends ConflictError {
  constructor() {
    super(
      'You belong to no team, so no portfolio can take the imported clients; an administrator adds you to one',
      'NO_TEAM',
    );
  }
}

export class ImportTeamRequiredError extends ValidationFailedError {
  constructor() {
    super(
      'You belong to several teams; name the team whose portfolio takes the imported clients',
      { fields: ['teamId'] },
      'TEAM_REQUIRED',
    );
  }
}

export class ImportTeamNotYoursError extends ForbiddenError {
  constructor() {
    super('You may import clients only into the portfolio of one of your teams', 'TEAM_NOT_YOURS', {
      fields: ['teamId'],
    });
  }
}

export class ImportContentError extends ValidationFailedError {
  constructor(message: string) {
    super(message, { fields: ['content'] }, 'INVALID_CONTENT');
  }
}
