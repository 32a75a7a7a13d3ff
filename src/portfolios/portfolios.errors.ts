import { ConflictError, NotFoundError } from '@app/common/errors/domain-error';

export class TeamNotFoundError extends NotFoundError {
  constructor() {
    super('Team', 'TEAM_NOT_FOUND');
  }
}

export class StaffNotFoundError extends NotFoundError {
  constructor() {
    super('Staff member', 'STAFF_NOT_FOUND');
  }
}

export class TeamNameTakenError extends ConflictError {
  constructor() {
    super('A team with this name exists', 'TEAM_NAME_TAKEN');
  }
}

export class NotATeamMemberError extends NotFoundError {
  constructor() {
    super('Team member', 'NOT_A_TEAM_MEMBER');
  }
}

/** Break-glass opens a client outside the portfolio; one inside it needs none. */
export class AlreadyInPortfolioError extends ConflictError {
  constructor() {
    super('The client is in your portfolio already; no break-glass is needed', 'ALREADY_IN_PORTFOLIO');
  }
}
