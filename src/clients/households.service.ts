import { Injectable, OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { AuditRecorder } from '@app/audit';
import { FieldCipher } from '@app/common/crypto/field-cipher';
import { Attempt, PersonalDataLifecycle, PrivacyScope } from '@app/privacy';
import { ClientRepository } from './client.repository';
import { ClientGroupsRepository, HouseholdRow } from './client-groups.repository';
import { AddHouseholdMemberDto, CreateHouseholdDto } from './client-groups.dto';
import { ClientView, projectClient } from './client-projection';
import { ClientWrites } from './client-writes.service';
import { HouseholdMemberElsewhereError, NoTeamError } from './clients.errors';
import { assertMayWrite, requireVisibleClient, requireVisiblePerson } from './visible-client';

export interface HouseholdView {
  id: string;
  teamId: string;
  createdAt: string;
  memberIds: string[];
  name?: string;
  members: ClientView[];
}

/**
 * Households: persons grouped for offers and contracts covering them together. Which purposes use
 * them is the registry's (entity `Household`); a household is kept in one team's portfolio and seen, like a client, only inside that portfolio under a portfolio-bound
 * purpose. Each member is read under their own rules; one the purpose may not see is named by id.
 */
@Injectable()
export class HouseholdsService implements OnModuleInit {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly clients: ClientRepository,
    private readonly groups: ClientGroupsRepository,
    private readonly writes: ClientWrites,
    private readonly audit: AuditRecorder,
    private readonly cipher: FieldCipher,
    private readonly lifecycle: PersonalDataLifecycle,
  ) {}

  onModuleInit(): void {
    // An erased person's links go whole: representative rows and memberships (see eraseLinksOf).
    this.lifecycle.registerErasureStep({
      name: 'client_links',
      erase: (ids, manager) => this.groups.eraseLinksOf(ids, manager),
    });
  }

  async create(scope: PrivacyScope, input: CreateHouseholdDto): Promise<HouseholdView> {
    const attempt: Attempt = { action: 'create', resource: 'household', fields: ['name', 'memberIds'] };
    assertMayWrite(scope, 'create', 'Household', attempt);
    const id = await this.dataSource.transaction(async (manager) => {
      const members = [];
      for (const memberId of input.memberIds) {
        members.push(await this.admissibleMember(scope, memberId, 'memberIds', attempt, manager));
      }
      // Kept where the actor works: the first member's team among the actor's, else the first member's.
      const teamId =
        members.map((m) => m.team_id).find((t) => !!t && scope.portfolio.teams.includes(t)) ??
        members[0].team_id;
      if (!teamId) scope.deny(attempt, new NoTeamError());
      const id = await this.groups.insertHousehold(
        { name: input.name, teamId, createdBy: scope.staffId },
        manager,
      );
      for (const member of members) await this.join(id, member.id, manager);
      await this.audit.record(
        {
          action: 'create',
          resource: 'household',
          resourceId: id,
          clientIds: input.memberIds,
          fields: ['name'],
          outcome: 'allowed',
        },
        manager,
      );
      return id;
    });
    return (await this.read(scope, id)).value;
  }

  async get(scope: PrivacyScope, id: string): Promise<HouseholdView> {
    const { value, fields } = await this.read(scope, id);
    await this.audit.record({
      action: 'read',
      resource: 'household',
      resourceId: id,
      clientIds: value.members.map((m) => m.id),
      fields,
      outcome: 'allowed',
    });
    return value;
  }

  /**
   * The household a client belongs to, as the purpose sees it: none when the client is in no
   * household, or in one the purpose (or the portfolio) does not show; the client itself must be
   * visible, an absent and a hidden client being answered alike.
   */
  async ofClient(scope: PrivacyScope, clientId: string): Promise<{ household: HouseholdView | null }> {
    const attempt: Attempt = { action: 'read', resource: 'household', clientIds: [clientId] };
    await requireVisibleClient(this.clients, scope, clientId, attempt);
    const id = await this.groups.householdOf(clientId);
    const household = id ? await this.groups.findHousehold(id) : null;
    const memberIds = household ? await this.groups.membersOf(household.id) : [];
    if (!household || !this.visible(scope, household, memberIds)) {
      await this.audit.record({ ...attempt, resourceId: null, fields: [], outcome: 'allowed' });
      return { household: null };
    }
    const { value, fields } = await this.read(scope, household.id);
    await this.audit.record({
      ...attempt,
      resourceId: household.id,
      clientIds: [...new Set([clientId, ...value.members.map((m) => m.id)])],
      fields,
      outcome: 'allowed',
    });
    return { household: value };
  }

  async addMember(scope: PrivacyScope, id: string, input: AddHouseholdMemberDto): Promise<HouseholdView> {
    const attempt: Attempt = {
      action: 'update',
      resource: 'household',
      resourceId: id,
      fields: ['memberIds'],
    };
    await this.dataSource.transaction(async (manager) => {
      const household = await this.groups.findHousehold(id, manager, true);
      await this.requireVisible(scope, id, household, attempt, manager);
      assertMayWrite(scope, 'update', 'Household', attempt);
      await this.admissibleMember(scope, input.clientId, 'clientId', attempt, manager);
      await this.join(id, input.clientId, manager);
      await this.audit.record(
        {
          action: 'update',
          resource: 'household',
          resourceId: id,
          clientIds: [input.clientId],
          fields: ['memberIds'],
          outcome: 'allowed',
        },
        manager,
      );
    });
    return (await this.read(scope, id)).value;
  }

  /** A person the scope sees, not erased, and in no household yet. */
  private async admissibleMember(
    scope: PrivacyScope,
    clientId: string,
    field: string,
    attempt: Attempt,
    manager: EntityManager,
  ) {
    const person = await requireVisiblePerson(this.clients, scope, clientId, field, attempt, manager);
    await this.writes.assertNotAnonymised(clientId, attempt, manager);
    return person;
  }

  private async join(householdId: string, clientId: string, manager: EntityManager): Promise<void> {
    if (!(await this.groups.addMember(householdId, clientId, manager))) {
      throw new HouseholdMemberElsewhereError();
    }
  }

  /**
   * The household's members when the scope sees it: the purpose has rules for households, and the
   * household is in the actor's portfolio, or a member was opened to them by break-glass (as that
   * member's own records are). Absent and hidden are answered alike.
   */
  private async requireVisible(
    scope: PrivacyScope,
    id: string,
    household: HouseholdRow | null,
    attempt: Attempt,
    manager?: EntityManager,
  ): Promise<string[]> {
    const memberIds = household ? await this.groups.membersOf(id, manager) : [];
    const visible = !!household && this.visible(scope, household, memberIds);
    if (!visible) scope.notFound(attempt, 'Household', !!household);
    return memberIds;
  }

  private visible(scope: PrivacyScope, household: HouseholdRow, memberIds: string[]): boolean {
    return (
      scope.fields('Household', { id: household.id }).length > 0 &&
      (scope.inPortfolio(household.id, household.team_id) ||
        memberIds.some((m) => scope.inPortfolio(m, household.team_id)))
    );
  }

  private async read(scope: PrivacyScope, id: string): Promise<{ value: HouseholdView; fields: string[] }> {
    const attempt: Attempt = { action: 'read', resource: 'household', resourceId: id };
    const household = await this.groups.findHousehold(id);
    const memberIds = await this.requireVisible(scope, id, household, attempt);
    const fields = scope.fields('Household', { id });
    const members: ClientView[] = [];
    const present = new Set<string>();
    for (const memberId of memberIds) {
      const row = await this.clients.find(scope, memberId);
      const projected = row ? projectClient(scope, row, this.cipher) : null;
      if (!projected) continue;
      members.push(projected.value);
      projected.fields.forEach((f) => present.add(f));
    }
    const value: HouseholdView = {
      id: household!.id,
      teamId: household!.team_id,
      createdAt: household!.created_at,
      memberIds,
      members,
    };
    if (fields.includes('name')) {
      value.name = household!.name;
      present.add('name');
    }
    return { value, fields: [...present] };
  }
}
