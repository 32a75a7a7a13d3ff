import { DataSubjectRequestResponseDto } from './data-subject-request.dto';
import { RequestRow } from './data-subject-request.repository';

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
