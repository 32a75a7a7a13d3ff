import { EntityManager } from 'typeorm';
import {
  DataSubjectRequestResponseDto,
  DataSubjectRequestStatus,
  DataSubjectRequestType,
  DeliveryChannel,
} from './data-subject-request.dto';
import { DataSubjectRequestNotFoundError } from './data-subject-requests.errors';

/** A request as stored; read by every use case of the module. */
export interface RequestRow {
  id: string;
  client_id: string | null;
  mandate_subject_id: string | null;
  type: DataSubjectRequestType;
  status: DataSubjectRequestStatus;
  received_at: string;
  due_at: string;
  notes: string | null;
  extended_at: Date | null;
  extension_reason: string | null;
  extended_by: string | null;
  identity_verified_at: Date | null;
  identity_method: string | null;
  identity_notes: string | null;
  identity_verified_by: string | null;
  referral: Record<string, unknown> | null;
  outcome: Record<string, unknown> | null;
  rejection_reason: string | null;
  delivered_via: DeliveryChannel | null;
  delivered_at: Date | null;
  closed_at: Date | null;
  created_at: Date;
}

export const SELECT_REQUEST = `SELECT id, client_id, mandate_subject_id, type, status, to_char(received_at, 'YYYY-MM-DD') AS received_at,
    to_char(due_at, 'YYYY-MM-DD') AS due_at, notes, extended_at, extension_reason, extended_by, identity_verified_at,
    identity_method, identity_notes, identity_verified_by, referral, outcome, rejection_reason, delivered_via, delivered_at,
    closed_at, created_at
  FROM data_subject_request`;

/** The request, optionally locked for the caller's transaction; not-found when there is none. */
export async function loadRequest(manager: EntityManager, id: string, lock = false): Promise<RequestRow> {
  const [row]: RequestRow[] = await manager.query(
    `${SELECT_REQUEST} WHERE id = $1${lock ? ' FOR UPDATE' : ''}`,
    [id],
  );
  if (!row) throw new DataSubjectRequestNotFoundError();
  return row;
}

export function subjectIds(row: RequestRow): string[] {
  return row.client_id ? [row.client_id] : [];
}

function iso(value: Date | null): string | null {
  return value ? new Date(value).toISOString() : null;
}

/**
 * The request as answered. `overdue`: still open after its due date (in the broker's calendar,
 * `today`); a deadline that passed is not moved, so an overdue request stays overdue until answered.
 */
export function view(row: RequestRow, today: string): DataSubjectRequestResponseDto {
  return {
    id: row.id,
    clientId: row.client_id,
    mandateSubjectId: row.mandate_subject_id,
    type: row.type,
    status: row.status,
    receivedAt: row.received_at,
    dueAt: row.due_at,
    overdue: row.status === 'open' && row.due_at < today,
    extended: row.extended_at !== null,
    extension: row.extended_at
      ? { at: iso(row.extended_at)!, reason: row.extension_reason ?? '', by: row.extended_by }
      : null,
    identity: row.identity_verified_at
      ? {
          verifiedAt: iso(row.identity_verified_at)!,
          method: row.identity_method ?? '',
          notes: row.identity_notes,
          by: row.identity_verified_by,
        }
      : null,
    referral: row.referral,
    outcome: row.outcome,
    rejectionReason: row.rejection_reason,
    delivery: row.delivered_via ? { via: row.delivered_via, at: iso(row.delivered_at)! } : null,
    notes: row.notes,
    closedAt: iso(row.closed_at),
    createdAt: iso(row.created_at)!,
  };
}
