import { Injectable, OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { AuditRecorder } from '@app/audit';
import { NotFoundError } from '@app/common/errors/domain-error';
import { PersonalDataLifecycle, PrivacyScope, Role } from '@app/privacy';
import { ClientsService } from '../clients';
import { BreakGlassRepository } from './break-glass.repository';
import { ClientTransferRepository } from './client-transfer.repository';
import {
  BreakGlassDto,
  BreakGlassResponseDto,
  TransferClientDto,
  TransferResponseDto,
} from './portfolio.dto';
import { PortfolioAccess } from './portfolio-access.service';
import { AlreadyInPortfolioError, TeamNotFoundError } from './portfolios.errors';
import { TeamRepository } from './team.repository';

const DEFAULT_BREAK_GLASS_MINUTES = 60;

/**
 * What moves a client in or out of a staff member's sight: transfers between portfolios (admins
 * and managers, with a reason) and break-glass (a broker opens one client outside their portfolio,
 * for a limited time, with a reason). Reasons are kept in their own tables, never in the record of
 * operations, which holds ids only; erasure overwrites them.
 */
@Injectable()
export class ClientPortfolioService implements OnModuleInit {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly clients: ClientsService,
    private readonly teams: TeamRepository,
    private readonly transfers: ClientTransferRepository,
    private readonly grants: BreakGlassRepository,
    private readonly access: PortfolioAccess,
    private readonly audit: AuditRecorder,
    private readonly lifecycle: PersonalDataLifecycle,
  ) {}

  onModuleInit(): void {
    this.lifecycle.registerErasureStep({
      name: 'portfolio_reasons',
      erase: async (ids, manager) => {
        await this.grants.eraseReasonsForErasure(ids, manager);
        await this.transfers.eraseReasonsForErasure(ids, manager);
      },
    });
  }

  async transfer(staffId: string, clientId: string, input: TransferClientDto): Promise<TransferResponseDto> {
    if (!(await this.teams.find(input.teamId))) throw new TeamNotFoundError();
    return this.dataSource.transaction(async (manager) => {
      const from = await this.clients.moveToTeamWithoutPurpose(clientId, input.teamId, manager);
      if (from === undefined) throw new NotFoundError('Client');
      const row = await this.transfers.insert(
        { clientId, fromTeamId: from, toTeamId: input.teamId, reason: input.reason, by: staffId },
        manager,
      );
      await this.audit.record(
        {
          action: 'update',
          resource: 'client_transfer',
          resourceId: row.id,
          clientIds: [clientId],
          fields: ['teamId'],
          outcome: 'allowed',
        },
        manager,
      );
      return {
        transferId: row.id,
        clientId,
        fromTeamId: from,
        teamId: input.teamId,
        transferredAt: new Date(row.transferred_at).toISOString(),
      };
    });
  }

  /**
   * Opens one client outside the broker's portfolio. The client must be one the purpose could see
   * were it in the portfolio (restriction, refused erasure and consents still apply); the grant is
   * its own entry in the record, and every entry made through it is marked as such.
   */
  async breakGlass(
    scope: PrivacyScope,
    clientId: string,
    input: BreakGlassDto,
  ): Promise<BreakGlassResponseDto> {
    const attempt = { action: 'break_glass' as const, resource: 'client' as const, resourceId: clientId };
    // The same purpose with this one client opened: the registry's rules decide the rest.
    const probe = PrivacyScope.forStaff(scope.staffMember, scope.role as Role, scope.purpose, {
      teams: [],
      breakGlass: new Map([[clientId, Number.MAX_SAFE_INTEGER]]),
    });
    const facts = await this.clients.requireVisible(probe, clientId, attempt);
    if (scope.portfolio.teams.includes(facts.teamId ?? '')) {
      scope.deny({ ...attempt, clientIds: [clientId] }, new AlreadyInPortfolioError());
    }
    const staffId = scope.staffMember;
    const grant = await this.dataSource.transaction(async (manager) => {
      await this.access.forget(staffId);
      const row = await this.grants.insert(
        {
          staffId,
          clientId,
          purpose: scope.purpose ?? '',
          reason: input.reason,
          minutes: input.minutes ?? DEFAULT_BREAK_GLASS_MINUTES,
        },
        manager,
      );
      await this.audit.record(
        { ...attempt, clientIds: [clientId], outcome: 'allowed', reason: 'break_glass' },
        manager,
      );
      return row;
    });
    await this.access.publish(staffId);
    return { id: grant.id, clientId, expiresAt: new Date(grant.expires_at).toISOString() };
  }

  /** Break-glass grants made in [from, to), newest first, for the managers' review. */
  grantsBetween(from: Date, to: Date, limit: number) {
    return this.grants.grantedBetween(from, to, limit);
  }
}
