import { Readable } from 'node:stream';
import { Injectable } from '@nestjs/common';
import {
  AuditEntryKey,
  AuditEntryRow,
  AuditLogReader,
  AuditRecorder,
  AuditSealer,
  AuditVerifier,
  VerifyResult,
} from '@app/audit';
import { ValidationFailedError } from '@app/common/errors/domain-error';
import { MAX_PAGE_SIZE, Page, decodeCursor, encodeCursor, pageSize } from '@app/common/http/pagination';
import type { Role } from '@app/privacy';
import { StaffService } from '../auth';
import { AccessLogFilter, FILTER_NAMES, usedFilterNames } from './access-log.query';
import { AccessLogEntryDto, ExportAccessLogQueryDto, ListAccessLogQueryDto } from './access-log.dto';
import { csvRow } from './csv';

/** Rows per read while exporting: memory stays flat however large the record is. */
const EXPORT_BATCH = 1000;

const CSV_COLUMNS = [
  'id',
  'at',
  'actorId',
  'actorName',
  'actorRole',
  'purpose',
  'action',
  'resource',
  'resourceId',
  'clientIds',
  'fields',
  'outcome',
  'reason',
  'requestId',
  'ip',
  'controllerId',
] as const;

export interface RecordActors {
  items: Array<{ id: string; fullName: string; role: Role; active: boolean }>;
}

export interface CsvExport {
  filename: string;
  stream: Readable;
}

/**
 * Managers' and the dpo's review of the record of operations: query, export and integrity check.
 * Each of them is itself an operation and lands in the record before the answer leaves.
 */
@Injectable()
export class AccessLogService {
  constructor(
    private readonly record: AuditLogReader,
    private readonly staff: StaffService,
    private readonly audit: AuditRecorder,
    private readonly sealer: AuditSealer,
    private readonly verifier: AuditVerifier,
  ) {}

  async list(query: ListAccessLogQueryDto): Promise<Page<AccessLogEntryDto>> {
    const filter = pickFilter(query);
    const size = pageSize(query.limit);
    const after = decodeKeyCursor(query.cursor);
    const rows = await this.record.page(filter, after, size + 1);
    const page = rows.slice(0, size);
    const names = await this.actorNames(page, new Map());
    await this.audit.record({
      action: 'review',
      resource: 'access_log',
      fields: usedFilterNames(filter),
      outcome: 'allowed',
    });
    return {
      items: page.map((row) => toView(row, names)),
      nextCursor:
        rows.length > size ? encodeCursor([page[page.length - 1].at, page[page.length - 1].id]) : null,
    };
  }

  /**
   * A CSV stream of every entry matching the filters, newest first, read in keyset batches so that
   * memory does not grow with the size of the record. The export is recorded before the first byte.
   */
  async exportCsv(query: ExportAccessLogQueryDto): Promise<CsvExport> {
    const filter = pickFilter(query);
    await this.audit.record({
      action: 'export',
      resource: 'access_log',
      fields: usedFilterNames(filter),
      outcome: 'allowed',
    });
    const stream = Readable.from(this.csvChunks(filter), { objectMode: false });
    const stamp = new Date().toISOString().replace(/[:.]/g, '-');
    return { filename: `access-log-${stamp}.csv`, stream };
  }

  /** Seals what is waiting, then walks the whole chain; the check itself is recorded with its verdict. */
  async verify(): Promise<VerifyResult> {
    // The first call may join a round that started before this request's entries committed.
    await this.sealer.sealNow();
    await this.sealer.sealNow();
    const result = await this.verifier.verify();
    await this.audit.record({
      action: 'review',
      resource: 'access_log_integrity',
      outcome: 'allowed',
      reason: result.valid ? (result.alarm ? 'UNSEALED_ALARM' : null) : result.reason,
    });
    return result;
  }

  /**
   * Every staff member by name, for choosing whom to filter the record by (the record holds their
   * ids). Staff are few: read in pages of the largest size the staff list allows. Recorded as a
   * list of staff with the fields shown.
   */
  async actors(): Promise<RecordActors> {
    const items: RecordActors['items'] = [];
    let cursor: string | undefined;
    do {
      const page = await this.staff.list(MAX_PAGE_SIZE, cursor);
      for (const s of page.items)
        items.push({ id: s.id, fullName: s.fullName, role: s.role, active: s.active });
      cursor = page.nextCursor ?? undefined;
    } while (cursor);
    items.sort((a, b) => a.fullName.localeCompare(b.fullName, 'pl'));
    await this.audit.record({
      action: 'list',
      resource: 'staff',
      fields: ['fullName', 'role', 'active'],
      outcome: 'allowed',
    });
    return { items };
  }

  private async *csvChunks(filter: AccessLogFilter): AsyncGenerator<string> {
    yield csvRow(CSV_COLUMNS);
    const names = new Map<string, string | null>();
    let after: AuditEntryKey | null = null;
    for (;;) {
      const rows = await this.record.page(filter, after, EXPORT_BATCH);
      if (rows.length === 0) return;
      await this.actorNames(rows, names);
      let chunk = '';
      for (const row of rows) {
        const view = toView(row, names);
        chunk += csvRow(
          CSV_COLUMNS.map((column) => {
            const value = view[column];
            return Array.isArray(value) ? value.join(' ') : value;
          }),
        );
      }
      yield chunk;
      if (rows.length < EXPORT_BATCH) return;
      after = { at: rows[rows.length - 1].at, id: rows[rows.length - 1].id };
    }
  }

  /** Full names of the acting staff, looked up once per id and kept in `cache`. */
  private async actorNames(
    rows: AuditEntryRow[],
    cache: Map<string, string | null>,
  ): Promise<Map<string, string | null>> {
    const missing = [
      ...new Set(rows.map((r) => r.actor_id).filter((id): id is string => !!id && !cache.has(id))),
    ];
    if (missing.length > 0) {
      const found = await this.staff.findByIds(missing);
      for (const id of missing) cache.set(id, null);
      for (const s of found) cache.set(s.id, s.fullName);
    }
    return cache;
  }
}

function pickFilter(query: Partial<Record<(typeof FILTER_NAMES)[number], string>>): AccessLogFilter {
  const filter: AccessLogFilter = {};
  for (const name of FILTER_NAMES)
    if (query[name] !== undefined && query[name] !== '') filter[name] = query[name];
  return filter;
}

function decodeKeyCursor(cursor: string | undefined): AuditEntryKey | null {
  const decoded = decodeCursor(cursor, 2);
  if (!decoded) return null;
  const [at, id] = decoded.map(String);
  if (
    !/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}Z$/.test(at) ||
    Number.isNaN(Date.parse(at)) ||
    !/^\d{1,19}$/.test(id)
  ) {
    throw new ValidationFailedError('Invalid cursor', { fields: ['cursor'] }, 'INVALID_CURSOR');
  }
  return { at, id };
}

function toView(row: AuditEntryRow, names: Map<string, string | null>): AccessLogEntryDto {
  return {
    id: row.id,
    at: row.at,
    actorId: row.actor_id,
    actorName: row.actor_id ? (names.get(row.actor_id) ?? null) : null,
    actorRole: row.actor_role,
    purpose: row.purpose,
    action: row.action,
    resource: row.resource,
    resourceId: row.resource_id,
    clientId: row.client_ids[0] ?? null,
    clientIds: row.client_ids,
    fields: row.fields,
    outcome: row.outcome,
    reason: row.reason,
    requestId: row.request_id,
    ip: row.ip,
    controllerId: row.controller_id,
  };
}
