import type { AuditAction } from '@app/privacy/access.decorator';

export type AuditOutcome = 'allowed' | 'denied';

/** What a caller says about an operation; who, when, request id and IP come from the request context. */
export interface AuditRecordInput {
  action: AuditAction;
  resource: string;
  resourceId?: string | null;
  clientIds?: string[];
  fields?: string[];
  outcome: AuditOutcome;
  /** A short code, never a personal value. */
  reason?: string | null;
  controllerId?: string | null;
  /** Overrides for work outside an HTTP request. */
  actor?: { staffId: string | null; role: string | null; purpose: string | null };
}

export interface VerifyResult {
  valid: boolean;
  /** Entries whose place in the chain was checked. */
  checked: number;
  /** The first entry (id) whose content, order or presence does not match the chain. */
  firstInvalidId: string | null;
  /** Sealing progress: every entry up to this chain position is sealed. */
  sealedThrough: { sequence: string | null; entryId: string | null; sealedAt: string | null };
  /** Entries not yet chained, and the age of the oldest; an old one is an alarm. */
  unsealed: number;
  oldestUnsealedSeconds: number | null;
  alarm: boolean;
}
