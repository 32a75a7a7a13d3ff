import type { AuditAction, AuditReason, AuditResource, ErrorCode } from './audit-vocabulary';

export type AuditOutcome = 'allowed' | 'denied';

/** What a caller says about an operation; who, when, request id and IP come from the request context. */
export interface AuditRecordInput {
  action: AuditAction;
  resource: AuditResource;
  resourceId?: string | null;
  clientIds?: string[];
  fields?: string[];
  outcome: AuditOutcome;
  /** A short code, never a personal value: a word of the vocabulary, or the code of a refusal's error. */
  reason?: AuditReason | ErrorCode | null;
  controllerId?: string | null;
  /** Overrides for work outside an HTTP request. */
  actor?: { staffId: string | null; role: string | null; purpose: string | null };
}

/**
 * Why a chain is not valid: an entry that does not match its seal (changed, removed, reordered, or
 * sealed without the chain key); a chain that ends before, or differs at, the newest checkpoint
 * (cut short, or rewritten by someone holding the key); a newest checkpoint whose signature fails.
 */
export type VerifyFailure =
  'CHAIN_BROKEN' | 'CHAIN_SHORTER_THAN_CHECKPOINT' | 'CHECKPOINT_MISMATCH' | 'CHECKPOINT_REFUSED';

/**
 * The newest checkpoint (kept outside the database) against the chain: `agrees`, `disagrees`,
 * `refused` (its signature fails), `none` (none taken yet), or `unchecked` (the chain broke before
 * its position).
 */
export interface CheckpointCheck {
  status: 'none' | 'agrees' | 'disagrees' | 'refused' | 'unchecked';
  sequence: string | null;
  entryId: string | null;
  at: string | null;
  /**
   * How long the oldest seal that no agreeing checkpoint covers has waited, in seconds (null when
   * every seal is covered). Checkpoints that stop coming (an unwritable or emptied store) leave the
   * newest seals unanchored: past twice the interval plus AUDIT_UNSEALED_ALARM_SECONDS, an alarm.
   */
  lagSeconds: number | null;
}

export interface VerifyResult {
  valid: boolean;
  /** Null when valid. */
  reason: VerifyFailure | null;
  /** Entries whose place in the chain was checked. */
  checked: number;
  /** The first entry (id) whose content, order or presence does not match the chain. */
  firstInvalidId: string | null;
  checkpoint: CheckpointCheck;
  /**
   * The retention base the walk started from (`none`: from the genesis): `agrees` when the seal at
   * its position is still the one it signed, `disagrees` otherwise, `refused` when its signature fails.
   */
  base: Omit<CheckpointCheck, 'lagSeconds'>;
  /** Sealing progress: every entry up to this chain position is sealed. */
  sealedThrough: { sequence: string | null; entryId: string | null; sealedAt: string | null };
  /** Entries not yet chained, and the age of the oldest; an old one is an alarm, as is a checkpoint lagging behind. */
  unsealed: number;
  oldestUnsealedSeconds: number | null;
  alarm: boolean;
}
