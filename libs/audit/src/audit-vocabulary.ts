/**
 * The words the record of operations is written in. The columns stay text; these unions keep
 * callers from inventing a word the access log, its filters and the anomaly rules do not know.
 * This file imports nothing, so libs/privacy (the access decorator) can use it without a cycle.
 */

export const AUDIT_ACTIONS = [
  'read',
  'list',
  'create',
  'update',
  'delete',
  'export',
  'disclose',
  'send',
  'skip',
  'erase',
  'restrict',
  'review',
  'sign_in',
  'sign_out',
  'break_glass',
] as const;
export type AuditAction = (typeof AUDIT_ACTIONS)[number];

/** What an operation touched, as the record names it. */
export const AUDIT_RESOURCES = [
  'access_log',
  'access_log_anomalies',
  'access_log_integrity',
  'access_report',
  'campaign',
  'campaign_recipient',
  'client',
  'client_transfer',
  'consent',
  'contract',
  'contract_reminder',
  'data_subject_request',
  'data_subject_request_notes',
  'duplicate_review',
  'insurer',
  'legal_hold',
  'mail_recipients',
  'mandate',
  'mandate_member',
  'mandate_subject',
  'offer_request',
  'offers_and_contracts',
  'portability_export',
  'queue_board',
  'queue_job',
  'queued_mail_jobs',
  'quote',
  'retention_sweep',
  'staff',
  'staff_session',
  'team',
] as const;
export type AuditResource = (typeof AUDIT_RESOURCES)[number];

export function isAuditAction(value: string): value is AuditAction {
  return (AUDIT_ACTIONS as readonly string[]).includes(value);
}

export function isAuditResource(value: string): value is AuditResource {
  return (AUDIT_RESOURCES as readonly string[]).includes(value);
}
