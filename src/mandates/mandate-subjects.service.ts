import { Injectable } from '@nestjs/common';
import { AuditReason, AuditRecorder } from '@app/audit';
import { FieldCipher } from '@app/common/crypto/field-cipher';
import { DomainError, ForbiddenFieldsError } from '@app/common/errors/domain-error';
import { Page, decodeCursor, encodeCursor, pageSize } from '@app/common/http/pagination';
import { checkPesel } from '@app/common/validation/pesel';
import { AuditAction, PrivacyScope, fieldsReadableByType } from '@app/privacy';
import { MandateField } from './mandate-terms';
import {
  CreateMandateContractDto,
  CreateMandateSubjectDto,
  ListMandateSubjectsQueryDto,
} from './mandate.dto';
import { MandateContractRepository } from './mandate-contract.repository';
import { CONTRACT_FIELDS, ContractView, SubjectView, contractView, subjectView } from './mandate-records';
import { MandateStore } from './mandate-store';
import { MandateSubjectRepository } from './mandate-subject.repository';
import { MandatesService, OpenMandate } from './mandates.service';
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
    private readonly subjects: MandateSubjectRepository,
    private readonly contracts: MandateContractRepository,
  ) {}

  async create(scope: PrivacyScope, mandateId: string, input: CreateMandateSubjectDto): Promise<SubjectView> {
    const mandate = await this.mandates.requireOpen(scope, mandateId, {
      action: 'create',
      resourceId: mandateId,
    });
    const fields = Object.keys(input).filter(
      (k) => (input as Record<string, unknown>)[k] !== undefined,
    ) as MandateField[];
    this.guardWrite(scope, mandate, 'MandateSubject', fields, mandateId, () => {
      const outside = fields.filter((f) => !mandate.fields.includes(f));
      if (outside.length > 0) throw new ForbiddenFieldsError(outside, 'write', scope.purpose);
    });
    if (fields.length === 0) throw new EmptyMandateSubjectError();
    if (input.pesel && !checkPesel(input.pesel, input.dateOfBirth ?? null).valid)
      throw new MandatePeselMismatchError();
    const row = await this.store.within(mandate.id, 'share', async (tx, open) => {
      if (!open) return this.closed(scope, mandate, 'create', mandateId);
      const inserted = await this.subjects.insert(tx, mandate.id, {
        firstName: input.firstName ?? null,
        lastName: input.lastName ?? null,
        email: input.email ?? null,
        phone: input.phone ?? null,
        address: input.address
          ? {
              street: input.address.street,
              postalCode: input.address.postalCode,
              city: input.address.city,
              country: input.address.country,
            }
          : null,
        dateOfBirth: input.dateOfBirth ?? null,
        peselCipher: input.pesel ? this.cipher.encrypt(input.pesel) : null,
        createdBy: scope.staffMember,
      });
      // Recorded before the mandate's transaction commits: a write is never left without its entry.
      await this.recordAllowed('create', inserted, mandate, fields);
      return this.subjects.find(tx, inserted);
    });
    return subjectView(row!, this.readable(scope, mandate), this.cipher);
  }

  async get(scope: PrivacyScope, mandateId: string, subjectId: string) {
    const mandate = await this.mandates.requireOpen(scope, mandateId, {
      action: 'read',
      resourceId: subjectId,
    });
    const found = await this.store.within(mandate.id, 'none', async (tx) => {
      const row = await this.subjects.find(tx, subjectId);
      if (!row) return null;
      return { row, contracts: await this.contracts.ofSubject(tx, subjectId) };
    });
    if (!found)
      this.refuse(scope, 'read', subjectId, mandate, 'NOT_FOUND', new MandateSubjectNotFoundError());
    const fields = this.readable(scope, mandate);
    const contractFields = found.contracts.length > 0 ? this.readableContractFields(scope) : [];
    await this.recordAllowed('read', subjectId, mandate, [...fields, ...contractFields]);
    return {
      ...subjectView(found.row, fields, this.cipher),
      contracts: found.contracts.map(
        (c) => scope.project(['id', 'subjectId', 'createdAt', ...contractFields], contractView(c)).value,
      ),
    };
  }

  async list(
    scope: PrivacyScope,
    mandateId: string,
    query: ListMandateSubjectsQueryDto,
  ): Promise<Page<SubjectView>> {
    const mandate = await this.mandates.requireOpen(scope, mandateId, {
      action: 'list',
      resourceId: mandateId,
    });
    const size = pageSize(query.limit);
    const cursor = decodeCursor(query.cursor, ['timestamp', 'uuid']);
    const rows = await this.store.within(mandate.id, 'none', (tx) =>
      this.subjects.page(tx, cursor, size + 1),
    );
    const page = rows.slice(0, size);
    const fields = this.readable(scope, mandate);
    // A list names many subjects; the entry names the mandate, whose insurer is the controller.
    await this.recordAllowed('list', mandate.id, mandate, page.length > 0 ? fields : []);
    const last = page[page.length - 1];
    return {
      items: page.map((row) => subjectView(row, fields, this.cipher)),
      nextCursor: rows.length > size && last ? encodeCursor([last.sort_key, last.id]) : null,
    };
  }

  async addContract(
    scope: PrivacyScope,
    mandateId: string,
    subjectId: string,
    input: CreateMandateContractDto,
  ): Promise<ContractView> {
    const mandate = await this.mandates.requireOpen(scope, mandateId, {
      action: 'create',
      resourceId: subjectId,
    });
    const fields = Object.keys(input).filter(
      (k) => (input as unknown as Record<string, unknown>)[k] !== undefined,
    );
    this.guardWrite(scope, mandate, 'MandateContract', fields, subjectId);
    if (input.endDate < input.startDate) throw new MandateContractDatesError();
    const row = await this.store.within(mandate.id, 'share', async (tx, open) => {
      if (!open) return this.closed(scope, mandate, 'create', subjectId);
      if (!(await this.subjects.exists(tx, subjectId))) return null;
      const created = await this.contracts.insert(tx, mandate.id, {
        subjectId,
        lineOfBusiness: input.lineOfBusiness,
        productName: input.productName,
        policyNumber: input.policyNumber ?? null,
        startDate: input.startDate,
        endDate: input.endDate,
        premiumAmount: input.premium?.amount ?? null,
        premiumCurrency: input.premium?.currency ?? null,
        createdBy: scope.staffMember,
      });
      await this.recordAllowed('create', subjectId, mandate, fields);
      return created;
    });
    if (!row)
      this.refuse(scope, 'create', subjectId, mandate, 'NOT_FOUND', new MandateSubjectNotFoundError());
    return contractView(row);
  }

  /** Fields a read returns: what the registry lets the purpose read, narrowed to the mandate's list. */
  private readable(scope: PrivacyScope, mandate: OpenMandate): MandateField[] {
    const registry = fieldsReadableByType(scope.ability, 'MandateSubject');
    return mandate.fields.filter((f) => registry.has(f));
  }

  private readableContractFields(scope: PrivacyScope): string[] {
    const registry = fieldsReadableByType(scope.ability, 'MandateContract');
    return CONTRACT_FIELDS.filter((f) => registry.has(f));
  }

  /** The registry's write guard, then the mandate's own narrowing; a refusal names the refused fields. */
  private guardWrite(
    scope: PrivacyScope,
    mandate: OpenMandate,
    entity: 'MandateSubject' | 'MandateContract',
    fields: string[],
    resourceId: string,
    narrow?: () => void,
  ): void {
    try {
      scope.assertWritable('create', entity, null, fields, {
        action: 'create',
        resource: RESOURCE,
        resourceId,
      });
      narrow?.();
    } catch (error) {
      if (!(error instanceof ForbiddenFieldsError)) throw error;
      scope.deny(
        {
          action: 'create',
          resource: RESOURCE,
          resourceId,
          fields: error.fields,
          reason: 'FORBIDDEN_FIELDS',
          controllerId: mandate.insurerId,
        },
        error,
      );
    }
  }

  /** The mandate ended between the gate and the write. */
  private closed(scope: PrivacyScope, mandate: OpenMandate, action: AuditAction, resourceId: string): never {
    return this.refuse(scope, action, resourceId, mandate, 'MANDATE_ENDED', new MandateNotFoundError());
  }

  /** Refuses through the scope; the record names the insurer as controller. */
  private refuse(
    scope: PrivacyScope,
    action: AuditAction,
    resourceId: string,
    mandate: OpenMandate,
    reason: AuditReason,
    error: DomainError,
  ): never {
    return scope.deny(
      { action, resource: RESOURCE, resourceId, reason, controllerId: mandate.insurerId },
      error,
    );
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
}
