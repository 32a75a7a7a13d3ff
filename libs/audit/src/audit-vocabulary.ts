import type { Role } from '@app/privacy/registry/vocabulary';

/**
 * The words the record of operations is written in. The columns stay text; these unions keep
 * callers from inventing a word the access log, its filters and the anomaly rules do not know.
 * This file imports types only, so libs/privacy (the access decorator) can use it without a cycle.
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
  // Finding a client's id by name or PESEL for a review of the record (nothing is read back).
  'lookup',
] as const;
export type AuditAction = (typeof AUDIT_ACTIONS)[number];

/** What an operation touched, as the record names it. */
export const AUDIT_RESOURCES = [
  'access_log',
  'access_log_anomalies',
  'access_log_integrity',
  'access_report',
  'book_import',
  'campaign',
  'campaign_recipient',
  'claim',
  'client',
  'client_activity',
  'client_representative',
  'client_transfer',
  'commission_agreement',
  'commission_statement',
  'commission_statement_line',
  'consent',
  'contract',
  'contract_annex',
  'contract_reminder',
  'data_subject_request',
  'data_subject_request_notes',
  'document',
  'document_content',
  'duplicate_review',
  'household',
  'instalment',
  'instalment_reminder',
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
  'task',
  'task_scan',
  'team',
] as const;
export type AuditResource = (typeof AUDIT_RESOURCES)[number];

/**
 * The reasons callers write, as codes (never a personal value). UPPER_SNAKE_CASE for refusals and
 * for decisions a request or a job states (an erasure and its grounds); lower_snake_case for the
 * course of deliveries, campaigns, sessions and staff accounts.
 */
export const AUDIT_REASONS = [
  // Refusals recorded where they are decided (the error filter records the others by error code).
  'ACCOUNT_INACTIVE',
  'AUDIENCE_FILTER_NOT_ALLOWED',
  'CLIENT_ANONYMISED',
  'CONSENT_OPERATION_NOT_ALLOWED',
  'CONSENT_PURPOSE_NOT_ALLOWED',
  'CURRENT_PASSWORD_WRONG',
  'DUPLICATE_REVIEW_RESOLVED',
  'FORBIDDEN_FIELDS',
  'INVALID_CREDENTIALS',
  'LEGAL_HOLD_ALREADY_RELEASED',
  'LEGAL_HOLD_NOT_FOUND',
  'MANDATE_ENDED',
  'MANDATE_EXPIRED',
  'MANDATE_NOT_IN_FORCE',
  'MANDATE_SUBJECTS_UNAVAILABLE',
  'MANDATE_SUBJECT_NOT_FOUND',
  'NOT_A_MEMBER',
  'NOT_FOUND',
  'NOT_VISIBLE_UNDER_PURPOSE',
  'PASSWORD_CHANGE_REQUIRED',
  'REFRESH_TOKEN_REUSED',
  'ROLE_NOT_ALLOWED',
  'TOO_MANY_REQUESTS',
  // Decisions and their grounds.
  'ALREADY_ANONYMISED',
  'ANSWER_DELIVERED',
  'DRY_RUN',
  'DUPLICATE_REVIEW',
  'ERASURE_REFUSED_ON_LEGAL_GROUNDS',
  'ERASURE_REQUEST',
  'MANDATE_END_DELETE',
  'MANDATE_END_RETURN',
  'MISMATCH_ACKNOWLEDGED',
  'SCHEDULE_REPLACED',
  'NONE_ACTIVE',
  'NOTHING_TO_ERASE',
  'OBJECTION_TO_MARKETING',
  'REFERRED_TO_INSURER',
  'RETENTION_ENDED',
  'WITHDRAWAL_REQUEST',
  // The integrity check's verdict (VerifyFailure) and its alarm.
  'CHAIN_BROKEN',
  'CHAIN_SHORTER_THAN_CHECKPOINT',
  'CHECKPOINT_MISMATCH',
  'CHECKPOINT_REFUSED',
  'UNSEALED_ALARM',
  // Campaigns, reminders and sessions.
  'audience_selected',
  'campaign_preview',
  'cancel',
  'cancelled',
  'launch',
  'scan',
  'test_send',
  'interrupted',
  'unsubscribe_link',
  'everywhere',
  'password_changed',
  // Need-to-know: an operation on a client opened by break-glass (and the grant itself).
  'break_glass',
  // Why a message was not sent (the audience's skip reasons, the reminder's contract).
  'anonymised',
  'client_missing',
  'consent_withdrawn',
  'no_address',
  'objected',
  'restricted',
  'contract_changed',
  'contract_missing',
  'instalment_paid',
  'instalment_replaced',
  // Staff accounts.
  'deactivated',
  'first_admin',
  'password_reset',
  'reactivated',
  'renamed',
  'unchanged',
] as const;

/** A contract's status other than active, as the reason a reminder was skipped. */
type ContractSkipReason = `contract_${string}`;
/** A failed delivery, from the mail server's answer (`smtp_550`, `smtp_etimedout`), retried or not. */
type DeliveryFailureReason = `smtp_${string}` | `uncertain_smtp_${string}`;
export type HttpMethod = 'GET' | 'HEAD' | 'POST' | 'PUT' | 'PATCH' | 'DELETE' | 'OPTIONS';
/** A queue-board action: the HTTP method and the route pattern (or `unknown`), never a value. */
type RouteReason = `${HttpMethod} ${string}`;
/** A staff account created with a role, or a role changed. */
type StaffRoleReason = Role | `role_changed:${Role}`;

export type AuditReason =
  (typeof AUDIT_REASONS)[number] | ContractSkipReason | DeliveryFailureReason | RouteReason | StaffRoleReason;

/**
 * The code of the error a refused request raised, as the error filter records it: any DomainError's
 * code or a framework one (`VALIDATION_FAILED`, `PAYLOAD_TOO_LARGE`). Those codes live with the
 * errors that raise them (libs/common, which does not know the record), so this is a deliberate
 * widening: a code becomes one only through `errorCode()`, where a refusal's error is recorded.
 */
export type ErrorCode = string & { readonly __errorCode: true };

/** The code of a refusal's error, for the record (see ErrorCode). */
export function errorCode(code: string): ErrorCode {
  return code as ErrorCode;
}

export function isAuditAction(value: string): value is AuditAction {
  return (AUDIT_ACTIONS as readonly string[]).includes(value);
}

export function isAuditResource(value: string): value is AuditResource {
  return (AUDIT_RESOURCES as readonly string[]).includes(value);
}
