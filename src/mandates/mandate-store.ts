import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { MANDATE_DATA_SOURCE } from '@app/common/database/data-source-options';
import { MandateScopeRepository, ScopeLock } from './mandate-scope.repository';
import { MandateSubjectRepository } from './mandate-subject.repository';

/** A transaction inside one mandate: the database shows it that mandate's rows and nothing else. */
export type MandateTransaction = EntityManager;

export type { ScopeLock } from './mandate-scope.repository';

/**
 * The only way into schema `mandate`. It holds the second DataSource (logged in as the mandate
 * role) and gives it out only as a transaction bound to one mandate: `app.mandate_id` is set
 * LOCAL first, and row-level security does the rest, so a query without a WHERE clause still
 * sees one mandate. Nothing here can touch a table outside such a transaction (`ping` reads none).
 *
 * The mandate's scope row says its data is open. Writers hold it FOR SHARE and the end of a
 * mandate FOR UPDATE, so nothing can be written for a mandate behind its end.
 */
@Injectable()
export class MandateStore {
  constructor(
    @InjectDataSource(MANDATE_DATA_SOURCE) private readonly db: DataSource,
    private readonly scopes: MandateScopeRepository,
    private readonly subjects: MandateSubjectRepository,
  ) {}

  /**
   * Runs `work` in a transaction bound to `mandateId`. With a lock, `open` says whether the
   * mandate's data is still open (its scope row exists); the row stays locked until commit.
   */
  async within<T>(
    mandateId: string,
    lock: ScopeLock,
    work: (tx: MandateTransaction, open: boolean) => Promise<T>,
  ): Promise<T> {
    return this.db.transaction(async (tx) => {
      await bind(tx, mandateId);
      const open = lock === 'none' ? true : await this.scopes.lock(tx, lock);
      return work(tx, open);
    });
  }

  /** Opens a new mandate's data (its scope row), then runs `work` before committing. */
  async open<T>(mandateId: string, work: () => Promise<T>): Promise<T> {
    return this.db.transaction(async (tx) => {
      await bind(tx, mandateId);
      await this.scopes.insert(tx, mandateId);
      return work();
    });
  }

  /**
   * Whether the mandate role's connection answers within `timeoutMs`; rejects otherwise. A query
   * left waiting (no free connection, an unresponsive server) is abandoned, not cancelled.
   */
  async ping(timeoutMs: number): Promise<void> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`no answer within ${timeoutMs} ms`)), timeoutMs);
    });
    try {
      await Promise.race([this.db.query('SELECT 1'), timeout]);
    } finally {
      clearTimeout(timer);
    }
  }

  /**
   * Which of the given mandates holds this subject. Each mandate is asked in turn, inside its own
   * binding, so row-level security is never bypassed to answer.
   */
  async mandateOfSubject(subjectId: string, mandateIds: string[]): Promise<string | null> {
    if (mandateIds.length === 0) return null;
    return this.db.transaction(async (tx) => {
      for (const mandateId of mandateIds) {
        await bind(tx, mandateId);
        if (await this.subjects.exists(tx, subjectId)) return mandateId;
      }
      return null;
    });
  }
}

async function bind(tx: EntityManager, mandateId: string): Promise<void> {
  await tx.query(`SELECT set_config('app.mandate_id', $1, true)`, [mandateId]);
}
