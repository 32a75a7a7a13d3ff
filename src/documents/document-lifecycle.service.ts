import { Inject, Injectable, Logger, OnModuleInit } from '@nestjs/common';
import {
  DOCUMENT_CATEGORIES,
  DOCUMENT_REGISTRY,
  DocumentCategory,
  PersonalDataLifecycle,
} from '@app/privacy';
import { ContractsService } from '../contracts';
import { LegalHoldsService } from '../retention';
import { DOCUMENT_STORE, DocumentStore, clientPrefix } from './document-store';
import { DocumentRepository } from './document.repository';

/**
 * What happens to documents when a person is erased or a category's term ends. Erasure deletes
 * the rows in the erasing transaction and, once it committed, every file under the person's prefix
 * (also one whose row was lost). Retention deletes, per category, documents whose term (the
 * registry's) has passed, rows and files; none of a client under a legal hold.
 */
@Injectable()
export class DocumentLifecycle implements OnModuleInit {
  private readonly logger = new Logger(DocumentLifecycle.name);

  constructor(
    private readonly lifecycle: PersonalDataLifecycle,
    private readonly documents: DocumentRepository,
    private readonly contracts: ContractsService,
    private readonly holds: LegalHoldsService,
    @Inject(DOCUMENT_STORE) private readonly store: DocumentStore,
  ) {}

  /**
   * SQL over a document `d` (the term's start in $2): what besides its upload before $2 makes its
   * term pass. A term from the contract's end needs that end before $2, or, without a contract, an
   * upload the registry's months before; a legal hold on the client keeps every document.
   */
  expirySql(category: DocumentCategory): string {
    const definition = DOCUMENT_REGISTRY[category];
    const notHeld = `NOT ${this.holds.clientHeldSql('d.client_id')}`;
    if (definition.retention.from === 'entry_created') return notHeld;
    const withoutContract = definition.withoutContractMonths ?? definition.retention.months;
    const extra = Math.max(0, withoutContract - definition.retention.months);
    return `${notHeld} AND CASE WHEN d.contract_id IS NULL
                  THEN d.created_at < $2::timestamptz - make_interval(months => ${extra})
                  ELSE ${this.contracts.endedBeforeSql('d.contract_id', '$2')} END`;
  }

  onModuleInit(): void {
    this.lifecycle.registerErasureStep({
      name: 'document',
      erase: async (clientIds, manager) => {
        await this.documents.deleteOfClientsForErasure(clientIds, manager);
      },
    });
    this.lifecycle.registerPostErasureStep({
      name: 'document_files',
      afterErasure: async (clientIds) => {
        await this.store.deletePrefixes(clientIds.map(clientPrefix));
      },
    });
    for (const category of DOCUMENT_CATEGORIES) {
      const definition = DOCUMENT_REGISTRY[category];
      this.lifecycle.registerRecordPurge({
        name: 'document',
        key: `document:${category}`,
        // The purpose the term serves first; the term itself is the category's.
        purpose: definition.read[0],
        rule: definition.retention,
        purge: async (before, dryRun, manager) => {
          const expired = await this.documents.expiredWithoutPurpose(
            category,
            before,
            this.expirySql(category),
            dryRun,
            manager,
          );
          // Inside the deleting transaction: should it roll back, the rows name files already gone
          // (their download answers not found), never files kept past their term.
          if (!dryRun) for (const { storageKey } of expired) await this.store.delete(storageKey);
          return { count: expired.length, clientIds: expired.map((e) => e.clientId) };
        },
      });
    }
    this.logger.debug(`Documents kept in the ${this.store.kind} store`);
  }
}
