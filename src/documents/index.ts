export { DocumentsModule, documentStoreFor } from './documents.module';
export { DocumentsService } from './documents.service';
export type { DocumentView } from './documents.service';
export { DOCUMENT_STORE, clientPrefix, documentKey } from './document-store';
export type { DocumentStore } from './document-store';
export { LocalDirectoryStore } from './local-directory-store';
