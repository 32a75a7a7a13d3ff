import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { toPositional } from '@app/common/database/sql';
import { decodeCursor } from '@app/common/http/pagination';
import { DocumentCategory, PrivacyScope } from '@app/privacy';
import { ClientsService } from '../clients';

/** A document as stored, with its client's flags (visibility needs no extra read). */
export interface DocumentRow {
  id: string;
  clientId: string;
  contractId: string | null;
  claimId: string | null;
  category: DocumentCategory;
  fileName: string;
  contentType: string;
  size: string;
  checksum: string;
  storageKey: string;
  createdAt: string;
  restricted: boolean;
  erasureRefused: boolean;
}

const TS = (col: string) => `to_char(${col} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`;
const COLUMNS = `d.id::text, d.client_id::text AS "clientId", d.contract_id::text AS "contractId",
  d.claim_id::text AS "claimId", d.category, d.file_name AS "fileName", d.content_type AS "contentType",
  d.size_bytes AS size, d.sha256 AS checksum, d.storage_key AS "storageKey", ${TS('d.created_at')} AS "createdAt",
  c.restricted, c.erasure_refused AS "erasureRefused"`;

/**
 * The `document` table: the only code whose SQL names it. Reads of personal data take the privacy
 * scope; work without a purpose (erasure, retention) says so in its name.
 */
@Injectable()
export class DocumentRepository {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly clients: ClientsService,
  ) {}

  /** One document with its client's flags; the caller decides visibility. */
  async find(_scope: PrivacyScope, id: string): Promise<DocumentRow | null> {
    const rows: DocumentRow[] = await this.dataSource.query(
      `SELECT ${COLUMNS} FROM document d ${this.clients.joinSql('c', 'd.client_id')} WHERE d.id = $1`,
      [id],
    );
    return rows[0] ?? null;
  }

  /**
   * A client's documents that the scope sees (the categories its purpose reads, the client under
   * the purpose's rules and the portfolio, in SQL), newest first; one row more than `size` tells
   * there is a next page.
   */
  ofClient(
    scope: PrivacyScope,
    clientId: string,
    query: { cursor?: string; size: number },
  ): Promise<DocumentRow[]> {
    const own = scope.visibleSql('Document', {
      category: (value, param) => `d.category = ANY(${param((value as { $in: string[] }).$in)}::text[])`,
    });
    const client = scope.visibleSql('Client', this.clients.sqlTranslators('c'));
    const conditions = [own.sql, client.sql, 'd.client_id = :clientId'];
    const named: Record<string, unknown> = { ...own.params, ...client.params, clientId };
    const cursor = decodeCursor(query.cursor, ['timestamp', 'uuid']);
    if (cursor) {
      named.ck = cursor[0];
      named.cid = cursor[1];
      conditions.push(`(d.created_at, d.id) < (:ck::timestamptz, :cid::uuid)`);
    }
    const { sql, params } = toPositional(
      `SELECT ${COLUMNS} FROM document d ${this.clients.joinSql('c', 'd.client_id')}
        WHERE ${conditions.join(' AND ')}
        ORDER BY d.created_at DESC, d.id DESC LIMIT ${query.size + 1}`,
      named,
    );
    return this.dataSource.query(sql, params);
  }

  async insert(
    row: {
      id: string;
      clientId: string;
      contractId: string | null;
      claimId: string | null;
      category: DocumentCategory;
      fileName: string;
      contentType: string;
      size: number;
      checksum: string;
      storageKey: string;
      createdBy: string;
    },
    manager: EntityManager,
  ): Promise<void> {
    await manager.query(
      `INSERT INTO document (id, client_id, contract_id, claim_id, category, file_name, content_type,
                             size_bytes, sha256, storage_key, created_by)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)`,
      [
        row.id,
        row.clientId,
        row.contractId,
        row.claimId,
        row.category,
        row.fileName,
        row.contentType,
        row.size,
        row.checksum,
        row.storageKey,
        row.createdBy,
      ],
    );
  }

  // ---- without a purpose: erasure, retention, the person's own requests ----

  /** Deletes every document row of the clients (erasure); answers the files' keys. */
  async deleteOfClientsForErasure(clientIds: string[], manager: EntityManager): Promise<string[]> {
    // TypeORM answers a DELETE with [rows, count].
    const [rows]: [Array<{ storage_key: string }>, number] = await manager.query(
      `DELETE FROM document WHERE client_id = ANY($1::uuid[]) RETURNING storage_key`,
      [clientIds],
    );
    return rows.map((r) => r.storage_key);
  }

  /**
   * Documents of a category uploaded before `before` (their term over); deleted unless `dryRun`.
   * Answers their keys and clients.
   */
  /**
   * Documents of `category` uploaded before `before` for which `expired` (SQL over the alias `d`,
   * the instant `before` in $2) holds too; listed on a dry run, deleted otherwise.
   */
  async expiredWithoutPurpose(
    category: DocumentCategory,
    before: Date,
    expired: string,
    dryRun: boolean,
    manager: EntityManager,
  ): Promise<Array<{ storageKey: string; clientId: string }>> {
    const where = `d.category = $1 AND d.created_at < $2 AND ${expired}`;
    if (dryRun)
      return manager.query(
        `SELECT d.storage_key AS "storageKey", d.client_id::text AS "clientId" FROM document d WHERE ${where}`,
        [category, before],
      );
    // TypeORM answers a DELETE with [rows, count].
    const [rows]: [Array<{ storageKey: string; clientId: string }>, number] = await manager.query(
      `DELETE FROM document d WHERE ${where}
       RETURNING d.storage_key AS "storageKey", d.client_id::text AS "clientId"`,
      [category, before],
    );
    return rows;
  }

  /** Of the contracts asked about, those with no document of `category` (the order kept). */
  async contractsLackingWithoutPurpose(
    contractIds: string[],
    category: DocumentCategory,
    manager?: EntityManager,
  ): Promise<string[]> {
    if (contractIds.length === 0) return [];
    const rows: Array<{ id: string }> = await (manager ?? this.dataSource.manager).query(
      `SELECT k.id::text FROM unnest($1::uuid[]) WITH ORDINALITY AS k(id, n)
        WHERE NOT EXISTS (SELECT 1 FROM document d WHERE d.contract_id = k.id AND d.category = $2)
        ORDER BY k.n`,
      [contractIds, category],
    );
    return rows.map((r) => r.id);
  }

  /** Every document of a client (for the person's access report). */
  forClientWithoutPurpose(clientId: string, manager?: EntityManager): Promise<DocumentRow[]> {
    return (manager ?? this.dataSource.manager).query(
      `SELECT ${COLUMNS} FROM document d ${this.clients.joinSql('c', 'd.client_id')}
        WHERE d.client_id = $1 ORDER BY d.created_at, d.id`,
      [clientId],
    );
  }
}
