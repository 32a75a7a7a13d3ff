import { Global, Injectable, Module } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { AuditResource } from '@app/audit/audit-vocabulary';
import type { Purpose, RetentionRule } from './registry';

/**
 * A module holding a client's personal data outside the client row (consents, notes, mail
 * records, queued jobs) registers the step that erases its own copy; erasure runs every step
 * inside the erasing transaction, after the client row is anonymised.
 */
export interface ErasureStep {
  /** Shown in logs and in what erasure reports it did. */
  name: string;
  erase(clientIds: string[], manager: EntityManager): Promise<void>;
}

/** Work outside PostgreSQL (queued jobs in Redis) that runs once the erasure has committed. */
export interface PostErasureStep {
  name: string;
  afterErasure(clientIds: string[]): Promise<void>;
}

/**
 * Records a module keeps under a purpose of its own (for example the records of data-subject
 * requests), deleted by the retention sweep once the purpose's period (from the registry) ended.
 */
export interface RecordPurge {
  /** Also the resource its erasures are recorded under. */
  name: AuditResource;
  purpose: Purpose;
  /**
   * When records of one resource are kept for different terms (documents by category): the term
   * of this purge, and a key naming it; otherwise the purpose's retention and the resource's name.
   */
  rule?: RetentionRule;
  key?: string;
  /** Deletes (or, in a dry run, counts) the records whose period ended before `before`; names whose they were. */
  purge(
    before: Date,
    dryRun: boolean,
    manager: EntityManager,
  ): Promise<{ count: number; clientIds: string[] }>;
}

/**
 * The one registry of what each module does with the personal data it owns when a person is
 * erased or a retention period ends. Each owner registers its steps at start-up (onModuleInit);
 * retention and data-subject requests run them without knowing the owners' tables.
 */
@Injectable()
export class PersonalDataLifecycle {
  private readonly erasure: ErasureStep[] = [];
  private readonly afterErasure: PostErasureStep[] = [];
  private readonly purges: RecordPurge[] = [];

  registerErasureStep(step: ErasureStep): void {
    if (this.erasure.some((s) => s.name === step.name))
      throw new Error(`Erasure step ${step.name} registered twice`);
    this.erasure.push(step);
  }

  registerPostErasureStep(step: PostErasureStep): void {
    if (this.afterErasure.some((s) => s.name === step.name))
      throw new Error(`Post-erasure step ${step.name} registered twice`);
    this.afterErasure.push(step);
  }

  registerRecordPurge(purge: RecordPurge): void {
    // One kind of record may be kept under several purposes, each purged by its own term, and under
    // one purpose for several terms (documents by category), each then named by its key.
    const key = (p: RecordPurge) => p.key ?? `${p.name}:${p.purpose}`;
    if (this.purges.some((p) => key(p) === key(purge)))
      throw new Error(`Record purge ${key(purge)} registered twice`);
    this.purges.push(purge);
  }

  erasureSteps(): readonly ErasureStep[] {
    return this.erasure;
  }

  postErasureSteps(): readonly PostErasureStep[] {
    return this.afterErasure;
  }

  recordPurges(): readonly RecordPurge[] {
    return this.purges;
  }
}

/** Global, so an owner module registers its steps without importing retention (no cycles). */
@Global()
@Module({ providers: [PersonalDataLifecycle], exports: [PersonalDataLifecycle] })
export class PersonalDataLifecycleModule {}
