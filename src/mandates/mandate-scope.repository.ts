import { Injectable } from '@nestjs/common';
import type { MandateTransaction } from './mandate-store';

export type ScopeLock = 'none' | 'share' | 'update';

/** A mandate's scope row as stored: while it exists, the mandate's data is open. */
export interface MandateScopeRow {
  mandate_id: string;
}

export interface MandateScope {
  mandateId: string;
}

export function toMandateScope(row: MandateScopeRow): MandateScope {
  return { mandateId: row.mandate_id };
}

/**
 * The `mandate.scope` table. Every method runs in a transaction MandateStore bound to one mandate
 * (row-level security shows that mandate's row only).
 */
@Injectable()
export class MandateScopeRepository {
  /** Locks the bound mandate's scope row; whether it exists (the data is still open). */
  async lock(tx: MandateTransaction, lock: Exclude<ScopeLock, 'none'>): Promise<boolean> {
    const rows: unknown[] = await tx.query(
      `SELECT 1 FROM mandate.scope FOR ${lock === 'share' ? 'SHARE' : 'UPDATE'}`,
    );
    return rows.length > 0;
  }

  async insert(tx: MandateTransaction, mandateId: string): Promise<void> {
    await tx.query(`INSERT INTO mandate.scope (mandate_id) VALUES ($1)`, [mandateId]);
  }

  /** The end of the mandate: its data is closed for good. */
  async deleteForEnd(tx: MandateTransaction): Promise<void> {
    await tx.query(`DELETE FROM mandate.scope`);
  }
}
