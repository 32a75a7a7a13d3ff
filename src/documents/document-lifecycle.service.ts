import { Inject, Injectable, Logger, OnModuleInit } from '@nestjs/common';
import { DOCUMENT_CATEGORIES, DOCUMENT_REGISTRY, PersonalDataLifecycle } from '@app/privacy';
import { DOCUMENT_STORE, DocumentStore, clientPrefix } from './document-store';
import { DocumentRepository } from './document.repository';

/**
 * What happens to documents when a person is erased or a category's term ends. Erasure deletes
 * the rows in the erasing transaction and, once it committed, every file under the person's prefix
 * (also one whose row was lost). Retention deletes, per category, documents uploaded before the
 * term (the registry's) began, rows and files.
 */
@Injectable()
export class DocumentLifecycle implements OnModuleInit {
  private readonly logger = new Logger(DocumentLifecycle.name);

  constructor(
    private readonly lifecycle: PersonalDataLifecycle,
    private readonly documents: DocumentRepository,
    @Inject(DOCUMENT_STORE) private readonly store: DocumentStore,
  ) {}

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
          const expired = await this.documents.expiredWithoutPurpose(category, before, dryRun, manager);
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
