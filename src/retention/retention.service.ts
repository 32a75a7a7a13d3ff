import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { AuditRecorder } from '@app/audit';
import { BrokerClock } from '@app/common/clock/broker-clock';
import { AppConfig } from '@app/common/config/app-config';
import { ConsentPurpose, PersonalDataLifecycle, Purpose, REGISTRY, RetentionRule } from '@app/privacy';
import { ClientsService } from '../clients';
import { ConsentsService } from '../consents';
import { ContractsService } from '../contracts';
import { addMonthsToInstant } from './calendar';
import { ErasurePendingRepository } from './erasure-pending.repository';
import { ErasureStatistics } from './erasure-statistics.service';
import { ERASED_CLIENT_FIELDS, ErasureService } from './erasure.service';
import { LegalHoldRepository } from './legal-hold.repository';
import { FutureSweepError } from './retention.errors';
import {
  DutyKind,
  RetentionDuty,
  RetentionFacts,
  decideRetention,
  retentionPolicies,
} from './retention-rules';

interface FactsRow {
  id: string;
  last_activity_at: Date;
  erasure_requested_at: Date | null;
  hold_ids: string[];
  consents: Array<{ purpose: ConsentPurpose; active: boolean; lastWithdrawnAt: string | null }> | null;
}

export interface SweepOptions {
  dryRun: boolean;
  asOf?: Date;
  /** Record one review entry for the whole sweep when it anonymised nothing (sweeps asked for over HTTP). */
  recordReview?: boolean;
}

export interface KeptClient {
  clientId: string;
  duties: Array<Pick<RetentionDuty, 'kind' | 'purpose' | 'legal' | 'until' | 'rule' | 'holdIds'>>;
}

export interface SweepReport {
  dryRun: boolean;
  asOf: string;
  startedAt: string;
  finishedAt: string;
  examined: number;
  anonymised: { count: number; clientIds: string[]; truncated: boolean };
  kept: { count: number; byDuty: Partial<Record<DutyKind, number>>; items: KeptClient[]; truncated: boolean };
  /** Steps outside the database (queued jobs) that failed after an erasure committed. */
  cleanupFailures: string[];
  /** Records kept for a purpose of their own (request records), deleted when their period ends. */
  records: Array<{ name: string; purpose: Purpose; rule: RetentionRule; before: string; count: number }>;
}

const FIRST_ID = '00000000-0000-0000-0000-000000000000';

/**
 * Retention of the broker's own clients: policies come from the registry; the sweep walks every
 * client not yet anonymised in id order, in batches, decides from the facts (holds, consents,
 * contracts, last activity, deferred erasure) and anonymises, in the batch's transaction, every
 * client whom no duty keeps. Clients locked by a concurrent write are left for the next sweep.
 */
@Injectable()
export class RetentionService {
  /**
   * The facts of clients (alias c) in one statement, from the owners' pieces: the client row, its
   * consents' summary, its active holds and its pending erasure. One statement per batch keeps the
   * sweep to a few round trips however many clients it walks.
   */
  private readonly factsSql: string;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly erasure: ErasureService,
    private readonly statistics: ErasureStatistics,
    private readonly contracts: ContractsService,
    private readonly audit: AuditRecorder,
    private readonly config: AppConfig,
    private readonly clock: BrokerClock,
    private readonly lifecycle: PersonalDataLifecycle,
    clients: ClientsService,
    consents: ConsentsService,
    holds: LegalHoldRepository,
    pending: ErasurePendingRepository,
  ) {
    this.factsSql = `SELECT c.id, c.last_activity_at, ep.requested_at AS erasure_requested_at,
    ${holds.activeHoldIdsColumnSql('c')} AS hold_ids,
    ${consents.retentionSummaryColumnSql('c')} AS consents
  FROM ${clients.fromSql('c')}
  ${pending.openJoinSql('ep', 'c')}`;
  }

  policies() {
    return { items: retentionPolicies() };
  }

  /**
   * Retention facts of the given clients (any status), optionally locking their rows. No purpose
   * applies: the callers (erasure, the person's own access report) answer for why they read them.
   */
  async factsWithoutPurpose(
    clientIds: string[],
    manager?: EntityManager,
    lock = false,
  ): Promise<RetentionFacts[]> {
    if (clientIds.length === 0) return [];
    const runner = manager ?? this.dataSource.manager;
    const rows: FactsRow[] = await runner.query(
      `${this.factsSql} WHERE c.id = ANY($1::uuid[])${lock ? ' FOR UPDATE OF c' : ''}`,
      [clientIds],
    );
    return this.withContracts(rows, runner);
  }

  private async withContracts(rows: FactsRow[], manager: EntityManager): Promise<RetentionFacts[]> {
    const contracts = await this.contracts.retentionFactsWithoutPurpose(
      rows.map((r) => r.id),
      manager,
    );
    return rows.map((row) => toFacts(row, contracts.get(row.id)?.latestEndDate ?? null));
  }

  async sweep(options: SweepOptions): Promise<SweepReport> {
    const asOf = options.asOf ?? new Date();
    // What a day in the future would allow is only ever a forecast: it may not erase anything today.
    if (!options.dryRun && this.clock.dateOf(asOf) > this.clock.today()) throw new FutureSweepError();
    const startedAt = new Date().toISOString();
    const limit = this.config.RETENTION_SWEEP_REPORT_ITEMS;
    const batchSize = this.config.RETENTION_SWEEP_BATCH_SIZE;
    const report: SweepReport = {
      dryRun: options.dryRun,
      asOf: asOf.toISOString(),
      startedAt,
      finishedAt: startedAt,
      examined: 0,
      anonymised: { count: 0, clientIds: [], truncated: false },
      kept: { count: 0, byDuty: {}, items: [], truncated: false },
      cleanupFailures: [],
      records: [],
    };
    let after = FIRST_ID;
    let erasedAny = false;
    for (;;) {
      let rows: FactsRow[] = [];
      let erased: string[] = [];
      const batch = async (manager: EntityManager) => {
        rows = await manager.query(
          `${this.factsSql} WHERE c.status = 'active' AND c.id > $1 ORDER BY c.id LIMIT $2${options.dryRun ? '' : ' FOR UPDATE OF c SKIP LOCKED'}`,
          [after, batchSize],
        );
        const toErase: string[] = [];
        for (const facts of await this.withContracts(rows, manager)) {
          const decision = decideRetention(facts, asOf);
          if (decision.anonymise) {
            toErase.push(facts.clientId);
            continue;
          }
          report.kept.count += 1;
          for (const kind of new Set(decision.duties.map((d) => d.kind)))
            report.kept.byDuty[kind] = (report.kept.byDuty[kind] ?? 0) + 1;
          if (report.kept.items.length < limit) {
            report.kept.items.push({
              clientId: facts.clientId,
              duties: decision.duties.map(({ kind, purpose, legal, until, rule, holdIds }) => ({
                kind,
                purpose,
                legal,
                until,
                rule,
                ...(holdIds ? { holdIds } : {}),
              })),
            });
          } else report.kept.truncated = true;
        }
        erased = options.dryRun ? toErase : await this.erasure.anonymise(toErase, manager);
        if (!options.dryRun && erased.length > 0) {
          await this.audit.record(
            {
              action: 'erase',
              resource: 'client',
              clientIds: erased,
              fields: ERASED_CLIENT_FIELDS,
              outcome: 'allowed',
              reason: 'RETENTION_ENDED',
            },
            manager,
          );
        }
      };
      if (options.dryRun) await batch(this.dataSource.manager);
      else await this.dataSource.transaction(batch);
      report.examined += rows.length;
      report.anonymised.count += erased.length;
      for (const id of erased) {
        if (report.anonymised.clientIds.length < limit) report.anonymised.clientIds.push(id);
        else report.anonymised.truncated = true;
      }
      if (!options.dryRun && erased.length > 0) {
        erasedAny = true;
        const { failed } = await this.erasure.afterCommit(erased, { refreshStatistics: false });
        for (const name of failed)
          if (!report.cleanupFailures.includes(name)) report.cleanupFailures.push(name);
      }
      if (rows.length < batchSize) break;
      after = rows[rows.length - 1].id;
    }
    for (const purge of this.lifecycle.recordPurges()) {
      const rule = purge.rule ?? REGISTRY[purge.purpose].retention;
      const before = addMonthsToInstant(asOf, -rule.months);
      const run = async (manager: EntityManager) => {
        const result = await purge.purge(before, options.dryRun, manager);
        if (!options.dryRun && result.count > 0) {
          erasedAny = true;
          await this.audit.record(
            {
              action: 'delete',
              resource: purge.name,
              clientIds: [...new Set(result.clientIds)],
              outcome: 'allowed',
              reason: 'RETENTION_ENDED',
            },
            manager,
          );
        }
        return result.count;
      };
      const count = options.dryRun
        ? await run(this.dataSource.manager)
        : await this.dataSource.transaction(run);
      report.records.push({
        name: purge.key ?? purge.name,
        purpose: purge.purpose,
        rule,
        before: before.toISOString(),
        count,
      });
    }
    // Once for the whole sweep (statistics of what it erased or deleted), after every batch committed.
    if (erasedAny) {
      for (const name of (await this.statistics.refresh()).failed)
        if (!report.cleanupFailures.includes(name)) report.cleanupFailures.push(name);
    }
    report.finishedAt = new Date().toISOString();
    if (options.recordReview && !erasedAny) {
      await this.audit.record({
        action: 'review',
        resource: 'retention_sweep',
        clientIds: [...report.anonymised.clientIds, ...report.kept.items.map((k) => k.clientId)],
        outcome: 'allowed',
        reason: options.dryRun ? 'DRY_RUN' : 'NOTHING_TO_ERASE',
      });
    }
    return report;
  }
}

function toFacts(row: FactsRow, lastContractEnd: string | null): RetentionFacts {
  const consents: RetentionFacts['consents'] = {};
  for (const c of row.consents ?? []) {
    consents[c.purpose] = {
      active: c.active,
      lastWithdrawnAt: c.lastWithdrawnAt ? new Date(c.lastWithdrawnAt) : null,
    };
  }
  return {
    clientId: row.id,
    lastActivityAt: new Date(row.last_activity_at),
    consents,
    activeHoldIds: row.hold_ids ?? [],
    lastContractEnd,
    erasureRequestedAt: row.erasure_requested_at ? new Date(row.erasure_requested_at) : null,
  };
}
