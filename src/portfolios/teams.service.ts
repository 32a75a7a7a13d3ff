import { Injectable } from '@nestjs/common';
import { AuditRecorder } from '@app/audit';
import { TeamResponseDto } from './portfolio.dto';
import { PortfolioAccess } from './portfolio-access.service';
import {
  NotATeamMemberError,
  StaffNotFoundError,
  TeamNameTakenError,
  TeamNotFoundError,
} from './portfolios.errors';
import { TeamRepository, TeamRow } from './team.repository';

/**
 * Teams and their members. A staff member's portfolio is the clients of their teams; a change of
 * membership takes effect on their next request (the cached portfolio is dropped and rewritten).
 */
@Injectable()
export class TeamsService {
  constructor(
    private readonly teams: TeamRepository,
    private readonly access: PortfolioAccess,
    private readonly audit: AuditRecorder,
  ) {}

  async create(name: string): Promise<TeamResponseDto> {
    try {
      const row = await this.teams.insert(name.trim());
      await this.audit.record({ action: 'create', resource: 'team', resourceId: row.id, outcome: 'allowed' });
      return view(row);
    } catch (error) {
      if (String((error as { code?: unknown }).code) === '23505') throw new TeamNameTakenError();
      throw error;
    }
  }

  async list(): Promise<{ items: TeamResponseDto[] }> {
    return { items: (await this.teams.all()).map(view) };
  }

  async addMember(teamId: string, staffId: string): Promise<TeamResponseDto> {
    if (!(await this.teams.find(teamId))) throw new TeamNotFoundError();
    await this.access.forget(staffId);
    try {
      await this.teams.addMember(teamId, staffId);
    } catch (error) {
      if (String((error as { code?: unknown }).code) === '23503') throw new StaffNotFoundError();
      throw error;
    }
    await this.access.publish(staffId);
    await this.recordMembershipChange(teamId);
    return view((await this.teams.find(teamId))!);
  }

  async removeMember(teamId: string, staffId: string): Promise<void> {
    if (!(await this.teams.find(teamId))) throw new TeamNotFoundError();
    await this.access.forget(staffId);
    const removed = await this.teams.removeMember(teamId, staffId);
    await this.access.publish(staffId);
    if (!removed) throw new NotATeamMemberError();
    await this.recordMembershipChange(teamId);
  }

  private recordMembershipChange(teamId: string): Promise<string> {
    return this.audit.record({
      action: 'update',
      resource: 'team',
      resourceId: teamId,
      fields: ['members'],
      outcome: 'allowed',
    });
  }

  /** Demo data and first set-up: the team of this name, made when absent, with these members. */
  async ensureTeam(name: string, staffIds: string[]): Promise<string> {
    const team = (await this.teams.findByName(name)) ?? (await this.teams.insert(name));
    for (const staffId of staffIds) {
      await this.access.forget(staffId);
      await this.teams.addMember(team.id, staffId);
      await this.access.publish(staffId);
    }
    return team.id;
  }
}

function view(row: TeamRow): TeamResponseDto {
  return {
    id: row.id,
    name: row.name,
    createdAt: new Date(row.created_at).toISOString(),
    members: row.members ?? [],
  };
}
