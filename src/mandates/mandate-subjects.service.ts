import { Injectable } from '@nestjs/common';
import { AuditReason, AuditRecorder } from '@app/audit';
import { FieldCipher } from '@app/common/crypto/field-cipher';
import { ForbiddenFieldsError } from '@app/common/errors/domain-error';
import { Page, decodeCursor, encodeCursor, pageSize } from '@app/common/http/pagination';
import { checkPesel } from '@app/common/validation/pesel';
import { AuditAction, assertWritable, buildAbility, fieldsReadableByType } from '@app/privacy';
import { MandateField } from './mandate-terms';
import {
  CreateMandateContractDto,
  CreateMandateSubjectDto,
  ListMandateSubjectsQueryDto,
} from './mandate.dto';
import {
  CONTRACT_FIELDS,
  ContractRow,
  ContractView,
  SELECT_CONTRACT,
  SELECT_SUBJECT,
  SubjectRow,
  SubjectView,
  contractView,
  subjectView,
} from './mandate-records';
import { MandateStore, MandateTransaction } from './mandate-store';
import { MandateActor, MandatesService, OpenMandate } from './mandates.service';
import {
  EmptyMandateSubjectError,
  MandateContractDatesError,
  MandateNotFoundError,
  MandatePeselMismatchError,
  MandateSubjectNotFoundError,
} from './mandates.errors';

const RESOURCE = 'mandate_subject';

/**
 * The persons processed for an insurer under a mandate, and the contracts intermediated for them.
 * Reached only by the mandate's members, under purpose insurer_mandate, while the mandate is in
 * force, and only through MandateStore (schema `mandate`, its own role, row-level security).
 * Fields are those the registry allows the purpose, narrowed to the mandate's own list. Every
 * operation is recorded naming the insurer as controller; a subject's id goes in resourceId,
 * never among client ids, because it is not the broker's client.
 */
@Injectable()
export class MandateSubjectsService {
  constructor(
    private readonly mandates: MandatesService,
    private readonly store: MandateStore,
    private readonly audit: AuditRecorder,
    private readonly cipher: FieldCipher,
  ) {}

  async create(actor: MandateActor, mandateId: string, input: CreateMandateSubjectDto): Promise<SubjectView> {
    const mandate = await this.mandates.requireOpen(actor, mandateId, {
      action: 'create',
      resourceId: mandateId,
    });
    const fields = Object.keys(input).filter(
      (k) => (input as Record<string, unknown>)[k] !== undefined,
    ) as MandateField[];
    await this.guardWrite(actor, mandate, 'MandateSubject', fields, mandateId, () => {
      const outside = fields.filter((f) => !mandate.fields.includes(f));
      if (outside.length > 0) throw new ForbiddenFieldsError(outside, 'write', actor.purpose);
    });
    if (fields.length === 0) throw new EmptyMandateSubjectError();
    if (input.pesel && !checkPesel(input.pesel, input.dateOfBirth ?? null).valid)
      throw new MandatePeselMismatchError();
    const row = await this.store.within(mandate.id, 'share', async (tx, open) => {
      if (!open) return this.closed(mandate, 'create', mandateId);
      const [inserted]: SubjectRow[] = await tx.query(
        `INSERT INTO mandate.subject (mandate_id, first_name, last_name, email, phone, address, date_of_birth, pesel_cipher, created_by)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING id`,
        [
          mandate.id,
          input.firstName ?? null,
          input.lastName ?? null,
          input.email ?? null,
          input.phone ?? null,
          input.address
            ? JSON.stringify({
                street: input.address.street,
                postalCode: input.address.postalCode,
                city: input.address.city,
                country: input.address.country,
              })
            : null,
          input.dateOfBirth ?? null,
          input.pesel ? this.cipher.encrypt(input.pesel) : null,
          actor.staffId,
        ],
      );
      // Recorded before the mandate's transaction commits: a write is never left without its entry.
      await this.recordAllowed('create', inserted.id, mandate, fields);
      return this.loadSubject(tx, inserted.id);
    });
    return subjectView(row!, this.readable(actor, mandate), this.cipher);
  }

  async get(actor: MandateActor, mandateId: string, subjectId: string) {
    const mandate = await this.mandates.requireOpen(actor, mandateId, {
      action: 'read',
      resourceId: subjectId,
    });
    const found = await this.store.within(mandate.id, 'none', async (tx) => {
      const row = await this.loadSubject(tx, subjectId);
      if (!row) return null;
      const contracts: ContractRow[] = await tx.query(
        `${SELECT_CONTRACT} WHERE c.subject_id = $1 ORDER BY c.created_at, c.id`,
        [subjectId],
      );
      return { row, contracts };
    });
    if (!found) {
      await this.recordDenied('read', subjectId, mandate, 'NOT_FOUND');
      throw new MandateSubjectNotFoundError();
    }
    const fields = this.readable(actor, mandate);
    const contractFields = found.contracts.length > 0 ? this.readableContractFields(actor) : [];
    await this.recordAllowed('read', subjectId, mandate, [...fields, ...contractFields]);
    return {
      ...subjectView(found.row, fields, this.cipher),
      contracts: found.contracts.map((c) => pick(contractView(c), contractFields)),
    };
  }

  async list(
    actor: MandateActor,
    mandateId: string,
    query: ListMandateSubjectsQueryDto,
  ): Promise<Page<SubjectView>> {
    const mandate = await this.mandates.requireOpen(actor, mandateId, {
      action: 'list',
      resourceId: mandateId,
    });
    const size = pageSize(query.limit);
    const cursor = decodeCursor(query.cursor, ['timestamp', 'uuid']);
    const rows = (await this.store.within(mandate.id, 'none', (tx) =>
      cursor
        ? tx.query(
            `${SELECT_SUBJECT} WHERE (s.created_at, s.id) < ($1::timestamptz, $2::uuid) ORDER BY s.created_at DESC, s.id DESC LIMIT ${size + 1}`,
            cursor,
          )
        : tx.query(`${SELECT_SUBJECT} ORDER BY s.created_at DESC, s.id DESC LIMIT ${size + 1}`),
    )) as SubjectRow[];
    const page = rows.slice(0, size);
    const fields = this.readable(actor, mandate);
    // A list names many subjects; the entry names the mandate, whose insurer is the controller.
    await this.recordAllowed('list', mandate.id, mandate, page.length > 0 ? fields : []);
    const last = page[page.length - 1];
    return {
      items: page.map((row) => subjectView(row, fields, this.cipher)),
      nextCursor: rows.length > size && last ? encodeCursor([last.sort_key, last.id]) : null,
    };
  }

  async addContract(
    actor: MandateActor,
    mandateId: string,
    subjectId: string,
    input: CreateMandateContractDto,
  ): Promise<ContractView> {
    const mandate = await this.mandates.requireOpen(actor, mandateId, {
      action: 'create',
      resourceId: subjectId,
    });
    const fields = Object.keys(input).filter(
      (k) => (input as unknown as Record<string, unknown>)[k] !== undefined,
    );
    await this.guardWrite(actor, mandate, 'MandateContract', fields, subjectId);
    if (input.endDate < input.startDate) throw new MandateContractDatesError();
    const row = await this.store.within(mandate.id, 'share', async (tx, open) => {
      if (!open) return this.closed(mandate, 'create', subjectId);
      if (!(await this.loadSubject(tx, subjectId))) return null;
      const [inserted]: Array<{ id: string }> = await tx.query(
        `INSERT INTO mandate.contract (mandate_id, subject_id, line_of_business, product_name, policy_number, start_date, end_date,
                                       premium_amount, premium_currency, created_by)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) RETURNING id`,
        [
          mandate.id,
          subjectId,
          input.lineOfBusiness,
          input.productName,
          input.policyNumber ?? null,
          input.startDate,
          input.endDate,
          input.premium?.amount ?? null,
          input.premium?.currency ?? null,
          actor.staffId,
        ],
      );
      await this.recordAllowed('create', subjectId, mandate, fields);
      const [created]: ContractRow[] = await tx.query(`${SELECT_CONTRACT} WHERE c.id = $1`, [inserted.id]);
      return created;
    });
    if (!row) {
      await this.recordDenied('create', subjectId, mandate, 'NOT_FOUND');
      throw new MandateSubjectNotFoundError();
    }
    return contractView(row);
  }

  /** Fields a read returns: what the registry lets the purpose read, narrowed to the mandate's list. */
  private readable(actor: MandateActor, mandate: OpenMandate): MandateField[] {
    const registry = fieldsReadableByType(
      buildAbility({ role: actor.role, purpose: actor.purpose }),
      'MandateSubject',
    );
    return mandate.fields.filter((f) => registry.has(f));
  }

  private readableContractFields(actor: MandateActor): string[] {
    const registry = fieldsReadableByType(
      buildAbility({ role: actor.role, purpose: actor.purpose }),
      'MandateContract',
    );
    return CONTRACT_FIELDS.filter((f) => registry.has(f));
  }

  /** The registry's write guard, then the mandate's own narrowing; a refusal is recorded with the field names. */
  private async guardWrite(
    actor: MandateActor,
    mandate: OpenMandate,
    entity: 'MandateSubject' | 'MandateContract',
    fields: string[],
    resourceId: string,
    narrow?: () => void,
  ): Promise<void> {
    try {
      assertWritable(
        buildAbility({ role: actor.role, purpose: actor.purpose }),
        'create',
        entity,
        null,
        fields,
        actor.purpose,
      );
      narrow?.();
    } catch (error) {
      const refused = error instanceof ForbiddenFieldsError ? error.fields : fields;
      await this.audit.record({
        action: 'create',
        resource: RESOURCE,
        resourceId,
        fields: refused,
        outcome: 'denied',
        reason: 'FORBIDDEN_FIELDS',
        controllerId: mandate.insurerId,
      });
      throw error;
    }
  }

  /** The mandate ended between the gate and the write. */
  private async closed(mandate: OpenMandate, action: AuditAction, resourceId: string): Promise<never> {
    await this.recordDenied(action, resourceId, mandate, 'MANDATE_ENDED');
    throw new MandateNotFoundError();
  }

  private async loadSubject(tx: MandateTransaction, id: string): Promise<SubjectRow | null> {
    const rows: SubjectRow[] = await tx.query(`${SELECT_SUBJECT} WHERE s.id = $1`, [id]);
    return rows[0] ?? null;
  }

  private recordAllowed(action: AuditAction, resourceId: string, mandate: OpenMandate, fields: string[]) {
    return this.audit.record({
      action,
      resource: RESOURCE,
      resourceId,
      fields,
      outcome: 'allowed',
      controllerId: mandate.insurerId,
    });
  }

  private recordDenied(action: AuditAction, resourceId: string, mandate: OpenMandate, reason: AuditReason) {
    return this.audit.record({
      action,
      resource: RESOURCE,
      resourceId,
      outcome: 'denied',
      reason,
      controllerId: mandate.insurerId,
    });
  }
}

function pick(contract: ContractView, fields: readonly string[]): Partial<ContractView> {
  const out: Record<string, unknown> = {
    id: contract.id,
    subjectId: contract.subjectId,
    createdAt: contract.createdAt,
  };
  for (const field of fields) out[field] = (contract as Record<string, unknown>)[field];
  return out as Partial<ContractView>;
}
