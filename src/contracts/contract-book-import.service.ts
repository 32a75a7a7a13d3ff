import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { AuditRecorder, AuditRecordInput } from '@app/audit';
import { PrivacyScope } from '@app/privacy';
import { ContractBookRepository, ImportedContractRow, RegisteredPolicy } from './contract-book.repository';

export type ImportedContract = Omit<ImportedContractRow, 'createdBy'>;
export type { RegisteredPolicy } from './contract-book.repository';

const CHUNK = 2_000;
/** The fields a book import writes on each policy (the commission stays 0: a file does not carry it). */
const WRITTEN = ['policyNumber', 'productName', 'startDate', 'endDate', 'premium'];

/** Key of a policy in the register: its insurer and its number. */
export const policyKey = (insurerId: string, policyNumber: string) => `${insurerId}\u0000${policyNumber}`;

/**
 * The contracts' side of a book import: which policies of the file are already registered
 * (policy number + insurer identify one), and the registration of the new ones in one go, as
 * policies transferred to the broker.
 */
@Injectable()
export class ContractBookImport {
  constructor(
    private readonly contracts: ContractBookRepository,
    private readonly audit: AuditRecorder,
  ) {}

  /** The registered policies among the (insurer, number) pairs, by `policyKey`. */
  async registered(
    policies: Array<{ insurerId: string; policyNumber: string }>,
    manager: EntityManager,
  ): Promise<Map<string, RegisteredPolicy>> {
    const found = new Map<string, RegisteredPolicy>();
    for (let i = 0; i < policies.length; i += CHUNK * 5) {
      const chunk = policies.slice(i, i + CHUNK * 5);
      const rows = await this.contracts.registered(
        chunk.map((p) => p.insurerId),
        chunk.map((p) => p.policyNumber),
        manager,
      );
      for (const row of rows) found.set(policyKey(row.insurerId, row.policyNumber), row);
    }
    return found;
  }

  /** Registers the policies inside the caller's transaction, each with an entry in the record of operations. */
  async register(scope: PrivacyScope, policies: ImportedContract[], manager: EntityManager): Promise<number> {
    scope.assertWritable('create', 'Contract', null, WRITTEN, { action: 'create', resource: 'contract' });
    const actor = { staffId: scope.staffMember, role: scope.role, purpose: scope.purpose };
    let count = 0;
    for (let i = 0; i < policies.length; i += CHUNK) {
      const rows = policies.slice(i, i + CHUNK).map((p) => ({ ...p, createdBy: scope.staffMember }));
      const inserted = await this.contracts.insertMany(rows, manager);
      const entries: AuditRecordInput[] = inserted.map((k) => ({
        action: 'create',
        resource: 'contract',
        resourceId: k.id,
        clientIds: [k.clientId],
        fields: WRITTEN,
        outcome: 'allowed',
        actor,
      }));
      await this.audit.recordMany(entries, manager);
      count += inserted.length;
    }
    return count;
  }
}
