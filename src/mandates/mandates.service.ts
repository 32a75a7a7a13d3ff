import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { AuditReason, AuditRecorder, AuditRecordInput } from '@app/audit';
import { DomainError } from '@app/common/errors/domain-error';
import { Page, decodeCursor, encodeCursor, pageSize } from '@app/common/http/pagination';
import { AuditAction, PrivacyScope, roleMayUse } from '@app/privacy';
import { StaffService } from '../auth';
import { InsurersService, UnknownInsurerError } from '../insurers';
import { MandateField } from './mandate-terms';
import { AddMandateMemberDto, CreateMandateDto, ListMandatesQueryDto } from './mandate.dto';
import { MandateMemberRepository } from './mandate-member.repository';
import { Mandate, MandateRepository } from './mandate.repository';
import { MandateStore } from './mandate-store';
import {
  MandateEndedError,
  MandateMemberRefusedError,
  MandateNotFoundError,
  MandateNotInForceError,
  MandateReferenceTakenError,
  MandateValidityError,
} from './mandates.errors';

export type MandateView = Mandate;

/** What a member's request works with once the gate has let it through. */
export interface OpenMandate {
  id: string;
  insurerId: string;
  fields: MandateField[];
}

/**
 * Mandates (entrustment agreements with insurers) and their members. The metadata is not personal
 * data of the persons processed, so it lives in the main schema; every change is still recorded,
 * naming the insurer as controller. Members reach the mandate's data through `requireOpen`.
 */
@Injectable()
export class MandatesService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly store: MandateStore,
    private readonly insurers: InsurersService,
    private readonly staff: StaffService,
    private readonly audit: AuditRecorder,
    private readonly rows: MandateRepository,
    private readonly members: MandateMemberRepository,
  ) {}

  async create(scope: PrivacyScope, input: CreateMandateDto): Promise<MandateView> {
    if (input.validTo < input.validFrom) throw new MandateValidityError();
    const insurer = await this.insurers.findById(input.insurerId);
    if (!insurer) throw new UnknownInsurerError();
    const id = randomUUID();
    try {
      // The scope row commits last: should anything before it fail, nothing of the mandate exists.
      await this.store.open(id, () =>
        this.dataSource.transaction(async (manager) => {
          await this.rows.insert(manager, {
            id,
            insurerId: insurer.id,
            reference: input.reference,
            validFrom: input.validFrom,
            validTo: input.validTo,
            fields: input.fields,
            endAction: input.endAction,
            createdBy: scope.staffMember,
          });
          await this.audit.record(
            {
              action: 'create',
              resource: 'mandate',
              resourceId: id,
              outcome: 'allowed',
              controllerId: insurer.id,
            },
            manager,
          );
        }),
      );
    } catch (error) {
      if ((error as { code?: string }).code === '23505') throw new MandateReferenceTakenError();
      throw error;
    }
    return (await this.rows.find(id))!;
  }

  /** Admins see every mandate; other staff only the open mandates they are members of. */
  async list(scope: PrivacyScope, query: ListMandatesQueryDto): Promise<Page<MandateView>> {
    const size = pageSize(query.limit);
    const cursor = decodeCursor(query.cursor, ['timestamp', 'uuid']);
    const rows = await this.rows.page({
      memberId: scope.role === 'admin' ? null : scope.staffMember,
      cursor,
      limit: size + 1,
    });
    const page = rows.slice(0, size);
    // One entry per mandate shown, naming its insurer as controller like every entry about a
    // mandate; ids only, the reference stays out. An empty page showed nothing.
    if (page.length > 0) {
      await this.audit.recordMany(
        page.map((m) => ({
          action: 'list',
          resource: 'mandate',
          resourceId: m.id,
          controllerId: m.insurerId,
          outcome: 'allowed',
        })),
      );
    }
    const last = page[page.length - 1];
    return {
      items: page.map(({ sortKey: _sortKey, ...mandate }) => mandate),
      nextCursor: rows.length > size && last ? encodeCursor([last.sortKey, last.id]) : null,
    };
  }

  async addMember(scope: PrivacyScope, mandateId: string, input: AddMandateMemberDto) {
    const mandate = await this.rows.find(mandateId);
    if (!mandate) throw new MandateNotFoundError();
    if (mandate.status === 'ended') throw new MandateEndedError();
    const member = await this.staff.findById(input.staffId);
    if (!member || !member.active) throw new MandateMemberRefusedError('UNKNOWN_STAFF');
    if (!roleMayUse(member.role, 'insurer_mandate'))
      throw new MandateMemberRefusedError('STAFF_CANNOT_ACT_UNDER_MANDATE');
    return this.dataSource.transaction(async (manager) => {
      const added = await this.members.add(manager, mandateId, member.id, scope.staffMember);
      await this.audit.record(
        {
          action: 'create',
          resource: 'mandate_member',
          resourceId: mandateId,
          outcome: 'allowed',
          reason: null,
          controllerId: mandate.insurerId,
        },
        manager,
      );
      return { mandateId, staffId: member.id, addedAt: added.addedAt };
    });
  }

  /**
   * The gate in front of a mandate's data: a member, of a mandate that has not ended, on a day
   * within its validity. Anything else is refused (and recorded, naming the insurer when there is
   * one); a non-member learns nothing, not even that the mandate exists. A mandate past its validTo
   * is refused as ended even before the daily expiry run has ended it.
   */
  async requireOpen(
    scope: PrivacyScope,
    mandateId: string,
    attempt: { action: AuditAction; resourceId: string },
  ): Promise<OpenMandate> {
    const mandate = await this.rows.findForMember(mandateId, scope.staffId);
    // Refused through the scope; the record names the insurer as controller when there is one.
    const refuse: (reason: AuditReason, error: DomainError) => never = (reason, error) =>
      scope.deny(
        {
          action: attempt.action,
          resource: 'mandate_subject',
          resourceId: attempt.resourceId,
          reason,
          controllerId: mandate?.insurerId ?? null,
        },
        error,
      );
    if (!mandate || !mandate.member || mandate.status === 'ended' || mandate.expired) {
      refuse(
        !mandate
          ? 'NOT_FOUND'
          : !mandate.member
            ? 'NOT_A_MEMBER'
            : mandate.status === 'ended'
              ? 'MANDATE_ENDED'
              : 'MANDATE_EXPIRED',
        new MandateNotFoundError(),
      );
    }
    if (!mandate.inForce)
      refuse('MANDATE_NOT_IN_FORCE', new MandateNotInForceError(mandate.validFrom, mandate.validTo));
    return { id: mandate.id, insurerId: mandate.insurerId, fields: mandate.fields };
  }

  /** For the subject directory: mandates whose data may still be held, with their insurers. */
  async openMandates(): Promise<Array<{ id: string; insurerId: string }>> {
    return this.rows.openMandates();
  }

  /** Mandates not yet ended whose validTo lies before today (in the mandates' time zone). */
  async expiredMandates(): Promise<MandateView[]> {
    return this.rows.expired();
  }

  /**
   * Marks the mandate ended and records the end, inside the caller's transaction on the main schema.
   * `endedBy` is the staff member who ended it, or null when the expiry run did; `record.actor`
   * names who acted when no request context does.
   */
  async markEnded(
    manager: EntityManager,
    endedBy: string | null,
    mandate: MandateView,
    record: { action: AuditAction; reason: AuditReason; fields: string[]; actor?: AuditRecordInput['actor'] },
  ): Promise<string> {
    const endedAt = await this.rows.markEnded(manager, mandate.id, endedBy);
    await this.audit.record(
      {
        action: record.action,
        resource: 'mandate_subject',
        resourceId: mandate.id,
        fields: record.fields,
        outcome: 'allowed',
        reason: record.reason,
        controllerId: mandate.insurerId,
        ...(record.actor ? { actor: record.actor } : {}),
      },
      manager,
    );
    return endedAt;
  }

  async get(id: string): Promise<MandateView | null> {
    return this.rows.find(id);
  }

  /** The demo seed's check whether its mandate exists. */
  existsWithReference(reference: string): Promise<boolean> {
    return this.rows.existsWithReference(reference);
  }
}
