import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { AuditReason, AuditRecorder, AuditRecordInput } from '@app/audit';
import { BrokerClock } from '@app/common/clock/broker-clock';
import { Page, decodeCursor, encodeCursor, pageSize } from '@app/common/http/pagination';
import { AuditAction, Purpose, Role, roleMayUse } from '@app/privacy';
import { StaffService } from '../auth';
import { InsurersService, UnknownInsurerError } from '../insurers';
import { MandateEndAction, MandateField } from './mandate-terms';
import { AddMandateMemberDto, CreateMandateDto, ListMandatesQueryDto } from './mandate.dto';
import { MandateStore } from './mandate-store';
import {
  MandateEndedError,
  MandateMemberRefusedError,
  MandateNotFoundError,
  MandateNotInForceError,
  MandateReferenceTakenError,
  MandateValidityError,
} from './mandates.errors';

export interface MandateActor {
  staffId: string;
  role: Role;
  purpose: Purpose | null;
}

export interface MandateView {
  id: string;
  insurerId: string;
  reference: string;
  validFrom: string;
  validTo: string;
  fields: MandateField[];
  endAction: MandateEndAction;
  status: 'active' | 'ended';
  inForce: boolean;
  endedAt: string | null;
  members: string[];
  createdAt: string;
}

/** What a member's request works with once the gate has let it through. */
export interface OpenMandate {
  id: string;
  insurerId: string;
  fields: MandateField[];
}

interface MandateRow extends MandateView {
  sortKey: string;
}

/** Validity dates are calendar dates of the broker (`today`: BrokerClock.todaySql). */
const selectMandateSql = (today: string) => `SELECT m.id, m.insurer_id AS "insurerId", m.reference,
    to_char(m.valid_from, 'YYYY-MM-DD') AS "validFrom", to_char(m.valid_to, 'YYYY-MM-DD') AS "validTo",
    m.fields, m.end_action AS "endAction", m.status,
    (${today} BETWEEN m.valid_from AND m.valid_to) AS "inForce",
    to_char(m.ended_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS "endedAt",
    ARRAY(SELECT mm.staff_id::text FROM mandate_member mm WHERE mm.mandate_id = m.id ORDER BY mm.added_at, mm.staff_id) AS members,
    to_char(m.created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS "createdAt",
    to_char(m.created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') AS "sortKey"
  FROM mandate m`;

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
    private readonly clock: BrokerClock,
  ) {}

  async create(actor: MandateActor, input: CreateMandateDto): Promise<MandateView> {
    if (input.validTo < input.validFrom) throw new MandateValidityError();
    const insurer = await this.insurers.findById(input.insurerId);
    if (!insurer) throw new UnknownInsurerError();
    const id = randomUUID();
    try {
      // The scope row commits last: should anything before it fail, nothing of the mandate exists.
      await this.store.open(id, () =>
        this.dataSource.transaction(async (manager) => {
          await manager.query(
            `INSERT INTO mandate (id, insurer_id, reference, valid_from, valid_to, fields, end_action, created_by)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
            [
              id,
              insurer.id,
              input.reference,
              input.validFrom,
              input.validTo,
              input.fields,
              input.endAction,
              actor.staffId,
            ],
          );
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
    return (await this.load(this.dataSource.manager, id))!;
  }

  /** Admins see every mandate; other staff only the open mandates they are members of. */
  async list(actor: MandateActor, query: ListMandatesQueryDto): Promise<Page<MandateView>> {
    const size = pageSize(query.limit);
    const cursor = decodeCursor(query.cursor, ['timestamp', 'uuid']);
    const params: unknown[] = [];
    const where: string[] = [];
    if (actor.role !== 'admin') {
      params.push(actor.staffId);
      where.push(
        `m.status = 'active' AND EXISTS (SELECT 1 FROM mandate_member mm WHERE mm.mandate_id = m.id AND mm.staff_id = $${params.length})`,
      );
    }
    if (cursor) {
      params.push(cursor[0], cursor[1]);
      where.push(`(m.created_at, m.id) < ($${params.length - 1}::timestamptz, $${params.length}::uuid)`);
    }
    const rows: MandateRow[] = await this.dataSource.query(
      `${selectMandateSql(this.clock.todaySql)} ${where.length ? `WHERE ${where.join(' AND ')}` : ''}
       ORDER BY m.created_at DESC, m.id DESC LIMIT ${size + 1}`,
      params,
    );
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
      items: page.map(view),
      nextCursor: rows.length > size && last ? encodeCursor([last.sortKey, last.id]) : null,
    };
  }

  async addMember(actor: MandateActor, mandateId: string, input: AddMandateMemberDto) {
    const mandate = await this.load(this.dataSource.manager, mandateId);
    if (!mandate) throw new MandateNotFoundError();
    if (mandate.status === 'ended') throw new MandateEndedError();
    const member = await this.staff.findById(input.staffId);
    if (!member || !member.active) throw new MandateMemberRefusedError('UNKNOWN_STAFF');
    if (!roleMayUse(member.role, 'insurer_mandate'))
      throw new MandateMemberRefusedError('STAFF_CANNOT_ACT_UNDER_MANDATE');
    return this.dataSource.transaction(async (manager) => {
      await manager.query(
        `INSERT INTO mandate_member (mandate_id, staff_id, added_by) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING`,
        [mandateId, member.id, actor.staffId],
      );
      const [row] = await manager.query(
        `SELECT to_char(added_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS "addedAt"
           FROM mandate_member WHERE mandate_id = $1 AND staff_id = $2`,
        [mandateId, member.id],
      );
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
      return { mandateId, staffId: member.id, addedAt: row.addedAt as string };
    });
  }

  /**
   * The gate in front of a mandate's data: a member, of a mandate that has not ended, on a day
   * within its validity. Anything else is refused (and recorded, naming the insurer when there is
   * one); a non-member learns nothing, not even that the mandate exists. A mandate past its validTo
   * is refused as ended even before the daily expiry run has ended it.
   */
  async requireOpen(
    actor: MandateActor,
    mandateId: string,
    attempt: { action: AuditAction; resourceId: string },
  ): Promise<OpenMandate> {
    const rows: Array<MandateView & { member: boolean; expired: boolean }> = await this.dataSource.query(
      `${selectMandateSql(this.clock.todaySql).replace(
        ' FROM mandate m',
        `, EXISTS (SELECT 1 FROM mandate_member mm WHERE mm.mandate_id = m.id AND mm.staff_id = $2) AS member,
           m.valid_to < ${this.clock.todaySql} AS expired FROM mandate m`,
      )} WHERE m.id = $1`,
      [mandateId, actor.staffId],
    );
    const mandate = rows[0];
    const refuse = async (reason: AuditReason) =>
      this.audit.record({
        action: attempt.action,
        resource: 'mandate_subject',
        resourceId: attempt.resourceId,
        outcome: 'denied',
        reason,
        controllerId: mandate?.insurerId ?? null,
      });
    if (!mandate || !mandate.member || mandate.status === 'ended' || mandate.expired) {
      await refuse(
        !mandate
          ? 'NOT_FOUND'
          : !mandate.member
            ? 'NOT_A_MEMBER'
            : mandate.status === 'ended'
              ? 'MANDATE_ENDED'
              : 'MANDATE_EXPIRED',
      );
      throw new MandateNotFoundError();
    }
    if (!mandate.inForce) {
      await refuse('MANDATE_NOT_IN_FORCE');
      throw new MandateNotInForceError(mandate.validFrom, mandate.validTo);
    }
    return { id: mandate.id, insurerId: mandate.insurerId, fields: mandate.fields };
  }

  /** For the subject directory: mandates whose data may still be held, with their insurers. */
  async openMandates(): Promise<Array<{ id: string; insurerId: string }>> {
    return this.dataSource.query(
      `SELECT id, insurer_id AS "insurerId" FROM mandate WHERE status = 'active' ORDER BY created_at, id`,
    );
  }

  /** Mandates not yet ended whose validTo lies before today (in the mandates' time zone). */
  async expiredMandates(): Promise<MandateView[]> {
    const rows: MandateRow[] = await this.dataSource.query(
      `${selectMandateSql(this.clock.todaySql)} WHERE m.status = 'active' AND m.valid_to < ${this.clock.todaySql} ORDER BY m.valid_to, m.id`,
    );
    return rows.map(view);
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
    const [row] = await manager.query(
      `UPDATE mandate SET status = 'ended', ended_at = coalesce(ended_at, now()), ended_by = coalesce(ended_by, $2)
        WHERE id = $1 RETURNING to_char(ended_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS "endedAt"`,
      [mandate.id, endedBy],
    );
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
    return row.endedAt as string;
  }

  async get(id: string): Promise<MandateView | null> {
    return this.load(this.dataSource.manager, id);
  }

  private async load(manager: EntityManager, id: string): Promise<MandateView | null> {
    const rows: MandateRow[] = await manager.query(
      `${selectMandateSql(this.clock.todaySql)} WHERE m.id = $1`,
      [id],
    );
    return rows[0] ? view(rows[0]) : null;
  }
}

function view(row: MandateRow): MandateView {
  const { sortKey: _sortKey, ...rest } = row;
  return rest;
}
