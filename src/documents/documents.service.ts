import { Inject, Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { MultipartFile, Multipart } from '@fastify/multipart';
import { randomUUID } from 'node:crypto';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { DataSource, EntityManager } from 'typeorm';
import { AuditRecorder } from '@app/audit';
import { AppConfig } from '@app/common/config/app-config';
import { DomainError, NotFoundError } from '@app/common/errors/domain-error';
import { Page, encodeCursor, pageSize } from '@app/common/http/pagination';
import {
  Attempt,
  ClientSubjectFacts,
  DocumentCategory,
  PrivacyScope,
  documentCategoriesFor,
  personalFieldsOf,
} from '@app/privacy';
import { ClientsService } from '../clients';
import { ContractsService } from '../contracts';
import { DOCUMENT_STORE, DocumentStore, documentKey } from './document-store';
import { UploadDocumentFieldsDto, validateUploadFields } from './document.dto';
import { DocumentRow, DocumentRepository } from './document.repository';
import {
  CategoryNotAllowedError,
  ContentTypeNotAllowedError,
  ContractOfAnotherClientError,
  FieldsAfterFileError,
  FileMissingError,
  MalformedMultipartError,
  UnexpectedPartError,
} from './documents.errors';
import { ALLOWED_CONTENT_TYPES, UploadInspector, isAllowedContentType } from './upload-inspector';

export type DocumentView = Record<string, unknown> & { id: string };

/** What an upload writes: every personal field of the document. */
const UPLOAD_FIELDS = personalFieldsOf('Document');
/** What leaves as metadata (the content goes only through the download). */
const METADATA_FIELDS = UPLOAD_FIELDS.filter((f) => f !== 'content');

/**
 * Documents of clients: files in the document store, described by rows of `document`. The category
 * decides (in the registry) which purposes upload and read a document; the client must be visible
 * under the purpose and in the actor's portfolio, as for any record of the client. Every upload,
 * read, list and download is recorded before the answer leaves.
 */
@Injectable()
export class DocumentsService {
  private readonly logger = new Logger(DocumentsService.name);

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(DOCUMENT_STORE) private readonly store: DocumentStore,
    private readonly documents: DocumentRepository,
    private readonly clients: ClientsService,
    private readonly contracts: ContractsService,
    private readonly audit: AuditRecorder,
    private readonly config: AppConfig,
  ) {}

  /**
   * `POST /api/documents`: reads the multipart parts in order. The fields come first: they are
   * checked, and the client, contract and category authorised, before a byte of the file is
   * stored; the file then streams through the inspector (size, type, checksum) into the store; the
   * row and its entry in the record of operations commit together, or the stored file is removed.
   */
  /**
   * What is known about each of a client's documents (never the file itself), oldest first, for the
   * person's own access report and export: the caller checked the request and records the disclosure.
   */
  async documentsForDataSubject(clientId: string, manager?: EntityManager) {
    return (await this.documents.forClientWithoutPurpose(clientId, manager)).map((d) => ({
      id: d.id,
      category: d.category,
      fileName: d.fileName,
      contentType: d.contentType,
      size: Number(d.size),
      contractId: d.contractId,
      claimId: d.claimId,
      uploadedAt: d.createdAt,
    }));
  }

  async upload(scope: PrivacyScope, parts: AsyncIterableIterator<Multipart>): Promise<DocumentView> {
    const fields: Record<string, string> = {};
    let stored: {
      id: string;
      key: string;
      dto: UploadDocumentFieldsDto;
      file: MultipartFile;
      bytes: number;
      checksum: string;
    } | null = null;
    try {
      for await (const part of readable(parts)) {
        if (part.type === 'field') {
          if (stored) throw new FieldsAfterFileError();
          if (typeof part.value !== 'string' || part.fieldname in fields) throw new UnexpectedPartError();
          fields[part.fieldname] = part.value;
          continue;
        }
        if (part.fieldname !== 'file' || stored) {
          part.file.resume();
          throw new UnexpectedPartError();
        }
        const dto = validateUploadFields(fields);
        await this.authoriseUpload(scope, dto);
        if (!isAllowedContentType(part.mimetype)) {
          part.file.resume();
          throw new ContentTypeNotAllowedError(Object.keys(ALLOWED_CONTENT_TYPES));
        }
        const id = randomUUID();
        const key = documentKey(dto.clientId, id);
        const inspector = new UploadInspector(part.mimetype, this.config.DOCUMENTS_MAX_BYTES);
        // Both sides together: an error on either (too large, wrong type, a broken body) ends both,
        // and the answer waits until the store has removed what it began to write.
        const [source, target] = await Promise.allSettled([
          pipeline(part.file, inspector),
          this.store.put(key, inspector, part.mimetype),
        ]);
        if (source.status === 'rejected') throw asClientError(source.reason);
        if (target.status === 'rejected') throw target.reason;
        stored = { id, key, dto, file: part, bytes: inspector.bytes, checksum: inspector.checksum };
      }
      if (!stored) {
        validateUploadFields(fields);
        throw new FileMissingError();
      }
      const { id, key, dto, file, bytes, checksum } = stored;
      const attempt = this.uploadAttempt(dto);
      await this.dataSource.transaction(async (manager) => {
        await this.clients.assertNotAnonymised(dto.clientId, attempt, manager);
        await this.documents.insert(
          {
            id,
            clientId: dto.clientId,
            contractId: dto.contractId ?? null,
            claimId: dto.claimId ?? null,
            category: dto.category,
            fileName: fileNameOf(file.filename),
            contentType: file.mimetype,
            size: bytes,
            checksum,
            storageKey: key,
            createdBy: scope.staffMember,
          },
          manager,
        );
        await this.clients.touch(dto.clientId, manager);
        await this.audit.record(
          {
            ...attempt,
            resourceId: id,
            clientIds: [dto.clientId],
            fields: UPLOAD_FIELDS,
            outcome: 'allowed',
          },
          manager,
        );
      });
      stored = null;
      return this.read(scope, id, { record: false });
    } finally {
      if (stored) await this.removeQuietly(stored.key);
    }
  }

  /** `GET /api/documents/:id`: the document's description, under a purpose that reads its category. */
  async read(scope: PrivacyScope, id: string, options: { record?: boolean } = {}): Promise<DocumentView> {
    const attempt: Attempt = { action: 'read', resource: 'document', resourceId: id, fields: [] };
    const { row, fields } = await this.requireVisible(scope, id, attempt);
    const projected = scope.project(fields, documentRecord(row));
    if (options.record ?? true)
      await this.audit.record({
        action: 'read',
        resource: 'document',
        resourceId: id,
        clientIds: [row.clientId],
        fields: projected.fields.filter((f) => METADATA_FIELDS.includes(f)),
        outcome: 'allowed',
      });
    return projected.value as DocumentView;
  }

  /**
   * `GET /api/documents/:id/content`: the file, recorded as a read of the document's content
   * before a byte leaves. A file missing from the store (erased meanwhile) is not found.
   */
  async download(
    scope: PrivacyScope,
    id: string,
  ): Promise<{ stream: Readable; fileName: string; contentType: string; size: number; checksum: string }> {
    const attempt: Attempt = {
      action: 'read',
      resource: 'document_content',
      resourceId: id,
      fields: ['content'],
    };
    const { row, fields } = await this.requireVisible(scope, id, attempt);
    if (!fields.includes('content'))
      scope.notFound({ ...attempt, clientIds: [row.clientId] }, 'Document', true);
    const stream = await this.store.get(row.storageKey);
    if (!stream) throw new NotFoundError('Document content');
    try {
      await this.audit.record({
        action: 'read',
        resource: 'document_content',
        resourceId: id,
        clientIds: [row.clientId],
        fields: ['content'],
        outcome: 'allowed',
      });
    } catch (error) {
      stream.destroy();
      throw error;
    }
    return {
      stream,
      fileName: row.fileName,
      contentType: row.contentType,
      size: Number(row.size),
      checksum: row.checksum,
    };
  }

  /** `GET /api/clients/:id/documents`: the client's documents the purpose reads, newest first. */
  async listOfClient(
    scope: PrivacyScope,
    clientId: string,
    query: { limit?: number; cursor?: string },
  ): Promise<Page<DocumentView>> {
    const attempt: Attempt = { action: 'list', resource: 'document', resourceId: clientId, fields: [] };
    const facts = await this.clients.requireVisible(scope, clientId, attempt);
    if (documentCategoriesFor(scope.purpose!, 'read').length === 0)
      scope.notFound({ ...attempt, clientIds: [clientId] }, 'Client', true);
    const size = pageSize(query.limit);
    const rows = await this.documents.ofClient(scope, clientId, { cursor: query.cursor, size });
    const page = rows.slice(0, size);
    const shown = new Set<string>();
    const items: DocumentView[] = [];
    for (const row of page) {
      const fields = this.fieldsOf(scope, facts, row);
      // The SQL applied the same rules; a row the in-memory check refuses is never returned.
      if (fields.length === 0) continue;
      const projected = scope.project(fields, documentRecord(row));
      projected.fields.filter((f) => METADATA_FIELDS.includes(f)).forEach((f) => shown.add(f));
      items.push(projected.value as DocumentView);
    }
    await this.audit.record({
      action: 'list',
      resource: 'document',
      resourceId: clientId,
      clientIds: [clientId],
      fields: [...shown],
      outcome: 'allowed',
    });
    const last = page[page.length - 1];
    return { items, nextCursor: rows.length > size && last ? encodeCursor([last.createdAt, last.id]) : null };
  }

  // ---- authorisation ----

  private uploadAttempt(dto: UploadDocumentFieldsDto): Attempt {
    return {
      action: 'create',
      resource: 'document',
      resourceId: null,
      clientIds: [dto.clientId],
      fields: UPLOAD_FIELDS,
    };
  }

  /** The client (and contract) visible under the scope, and the category one the purpose uploads. */
  /**
   * For the task scan: of the contracts asked about, those without a document of `category` (a
   * policy PDF, say). Reads no personal data: the caller answers for the purpose it acts under.
   */
  contractsLackingWithoutPurpose(
    contractIds: string[],
    category: DocumentCategory,
    manager?: EntityManager,
  ): Promise<string[]> {
    return this.documents.contractsLackingWithoutPurpose(contractIds, category, manager);
  }

  private async authoriseUpload(scope: PrivacyScope, dto: UploadDocumentFieldsDto): Promise<void> {
    const attempt = this.uploadAttempt(dto);
    await this.clients.requireVisible(scope, dto.clientId, { ...attempt, resourceId: dto.clientId });
    if (!documentCategoriesFor(scope.purpose!, 'upload').includes(dto.category))
      scope.deny(attempt, new CategoryNotAllowedError(scope.purpose, dto.category));
    scope.assertWritable('create', 'Document', { category: dto.category }, UPLOAD_FIELDS, attempt);
    if (dto.contractId) {
      const { row } = await this.contracts.requireVisible(scope, dto.contractId, {
        ...attempt,
        resourceId: dto.contractId,
      });
      if (row.clientId !== dto.clientId) throw new ContractOfAnotherClientError();
    }
  }

  /** The document and the fields the scope reads on it; otherwise not found (absent and invisible alike). */
  private async requireVisible(
    scope: PrivacyScope,
    id: string,
    attempt: Attempt,
  ): Promise<{ row: DocumentRow; fields: string[] }> {
    const row = await this.documents.find(scope, id);
    const facts = row ? (await this.clients.subjectFacts(scope, [row])).get(row.clientId) : undefined;
    const fields = row && facts ? this.fieldsOf(scope, facts, row) : [];
    if (!row || fields.length === 0)
      scope.notFound({ ...attempt, clientIds: row ? [row.clientId] : [] }, 'Document', !!row);
    return { row, fields };
  }

  /** Fields of the document readable here: its client visible, and its category one the purpose reads. */
  private fieldsOf(scope: PrivacyScope, client: ClientSubjectFacts, row: DocumentRow): string[] {
    if (scope.fields('Client', client).length === 0) return [];
    return scope.fields('Document', { clientId: row.clientId, category: row.category });
  }

  private async removeQuietly(key: string): Promise<void> {
    try {
      await this.store.delete(key);
    } catch (error) {
      this.logger.error(`Could not remove the file of a failed upload: ${(error as Error).name}`);
    }
  }
}

/**
 * The parts as the multipart parser reads them; a body it cannot read (a cut boundary, a part
 * without a name) is the client's error, a 400, not the server's.
 */
async function* readable(parts: AsyncIterableIterator<Multipart>): AsyncGenerator<Multipart> {
  try {
    for await (const part of parts) yield part;
  } catch (error) {
    throw asClientError(error);
  }
}

/** Errors of reading the body: our own refusals and the parser's 4xx stay; anything else is a malformed body. */
function asClientError(error: unknown): unknown {
  if (error instanceof DomainError) return error;
  const status = (error as { statusCode?: unknown })?.statusCode;
  if (typeof status === 'number' && status >= 400 && status < 500) return error;
  return new MalformedMultipartError();
}

/** The registry's Document fields of a stored row (the one mapper); `content` marks the file as readable. */
export function documentRecord(row: DocumentRow) {
  return {
    id: row.id,
    clientId: row.clientId,
    contractId: row.contractId,
    claimId: row.claimId,
    category: row.category,
    createdAt: row.createdAt,
    fileName: row.fileName,
    contentType: row.contentType,
    size: Number(row.size),
    checksum: row.checksum,
  };
}

/** The name as uploaded, without a path and control characters, at most 255 characters. */
function fileNameOf(name: string | undefined): string {
  const base = (name ?? '').split(/[\\/]/).pop() ?? '';
  const clean = [...base]
    .filter((c) => c.charCodeAt(0) >= 0x20 && c.charCodeAt(0) !== 0x7f)
    .join('')
    .trim()
    .slice(0, 255);
  return clean || 'dokument';
}
