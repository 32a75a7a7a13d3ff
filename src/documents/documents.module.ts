import { Module } from '@nestjs/common';
import { resolve } from 'node:path';
import { AppConfig } from '@app/common/config/app-config';
import { splitDatabaseUrl } from '@app/common/database/data-source-options';
import { ClientsModule } from '../clients';
import { ContractsModule } from '../contracts';
import { RetentionModule } from '../retention';
import { DOCUMENT_STORE, DocumentStore } from './document-store';
import { DocumentLifecycle } from './document-lifecycle.service';
import { DocumentRepository } from './document.repository';
import { DocumentsController } from './documents.controller';
import { DocumentsService } from './documents.service';
import { LocalDirectoryStore } from './local-directory-store';
import { S3DocumentStore } from './s3-document-store';

/** The store the configuration names; each database keeps its files apart (a directory or a prefix of its own). */
export function documentStoreFor(config: AppConfig): DocumentStore {
  const database = splitDatabaseUrl(config.DATABASE_URL).database.replace(/[^A-Za-z0-9._-]/g, '_');
  if (config.DOCUMENTS_STORE === 's3') {
    return new S3DocumentStore({
      endpoint: config.S3_ENDPOINT,
      region: config.S3_REGION,
      bucket: config.S3_BUCKET,
      accessKeyId: config.S3_ACCESS_KEY_ID,
      secretAccessKey: config.S3_SECRET_ACCESS_KEY,
      forcePathStyle: config.S3_FORCE_PATH_STYLE === 'true',
      namespace: database,
    });
  }
  return new LocalDirectoryStore(resolve(config.DOCUMENTS_DIR, database));
}

/** Documents of clients: upload, read, download, and their erasure and retention. */
@Module({
  imports: [ClientsModule, ContractsModule, RetentionModule],
  controllers: [DocumentsController],
  providers: [
    { provide: DOCUMENT_STORE, useFactory: documentStoreFor, inject: [AppConfig] },
    DocumentRepository,
    DocumentsService,
    DocumentLifecycle,
  ],
  exports: [DocumentsService, DOCUMENT_STORE],
})
export class DocumentsModule {}
