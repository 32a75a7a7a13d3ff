import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { FieldCipher } from '@app/common/crypto/field-cipher';
import { PrivacyScope } from '@app/privacy';
import { MandateContractRepository } from './mandate-contract.repository';
import { CONTRACT_FIELDS, contractView, subjectView } from './mandate-records';
import { MandateScopeRepository } from './mandate-scope.repository';
import { MandateStore, MandateTransaction } from './mandate-store';
import { MandateSubjectRepository } from './mandate-subject.repository';
import { MandatesService, MandateView } from './mandates.service';
import { MandateEndedError, MandateNotFoundError } from './mandates.errors';

export const MANDATE_RETURN_FORMAT = 'consentry.mandate-return.v1';

/** Who the record names for an end the daily expiry run performs. */
const EXPIRY_ACTOR = { staffId: null, role: 'system', purpose: 'insurer_mandate' } as const;

export interface MandateExpiryReport {
  dryRun: boolean;
  /** Mandates ended by this run (in a dry run: that it would end). */
  ended: string[];
  /** Rows deleted from schema `mandate` by this run, over all the mandates it ended. */
  deleted: { subjects: number; contracts: number };
  /**
   * Mandates with endAction "return" past their validTo, left for an admin to end: their export
   * exists only in the answer to POST /api/mandates/:id/end, so ending them here would delete the
   * insurer's data without returning it. Members are already refused.
   */
  awaitingReturn: string[];
  /** Mandates whose end failed; the next run tries them again. */
  failed: string[];
}

/**
 * Ends a mandate (art. 28(3)(g) GDPR): its data in schema `mandate` is deleted, or first returned
 * to the insurer as one complete JSON document and then deleted. The scope row is locked FOR
 * UPDATE first, so in-flight writes finish before and none can follow. The mandate is marked
 * ended and the end recorded on the main schema before the deletion commits: if recording fails,
 * nothing is deleted.
 */
@Injectable()
export class MandateEndService {
  private readonly logger = new Logger(MandateEndService.name);

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly mandates: MandatesService,
    private readonly store: MandateStore,
    private readonly cipher: FieldCipher,
    private readonly scopes: MandateScopeRepository,
    private readonly subjects: MandateSubjectRepository,
    private readonly contracts: MandateContractRepository,
  ) {}

  async end(scope: PrivacyScope, mandateId: string) {
    const mandate = await this.mandates.get(mandateId);
    if (!mandate) throw new MandateNotFoundError();
    const ended = await this.endLocked(mandate, scope.staffMember, undefined, async (open) => {
      // Ending again is allowed only to finish an end whose deletion did not commit. The status
      // read before the lock may be stale: a concurrent end that held the lock has marked the
      // mandate ended (on the main schema, before its deletion committed) by the time we get it.
      if (!open && (await this.mandates.get(mandateId))?.status === 'ended') throw new MandateEndedError();
      return true;
    });
    return ended!;
  }

  /**
   * The daily expiry run: ends every mandate past its validTo whose endAction is "delete", each in
   * its own transactions, so one failure neither undoes nor blocks the others. A mandate ended
   * meanwhile (by an admin, or a run on another worker) is left as it is. A dry run changes nothing.
   */
  async endExpired(options: { dryRun?: boolean } = {}): Promise<MandateExpiryReport> {
    const report: MandateExpiryReport = {
      dryRun: options.dryRun ?? false,
      ended: [],
      deleted: { subjects: 0, contracts: 0 },
      awaitingReturn: [],
      failed: [],
    };
    for (const mandate of await this.mandates.expiredMandates()) {
      if (mandate.endAction === 'return') {
        report.awaitingReturn.push(mandate.id);
        continue;
      }
      if (report.dryRun) {
        report.ended.push(mandate.id);
        continue;
      }
      try {
        const ended = await this.endLocked(mandate, null, EXPIRY_ACTOR, (open) => open);
        if (!ended) continue;
        report.ended.push(mandate.id);
        report.deleted.subjects += ended.deleted.subjects;
        report.deleted.contracts += ended.deleted.contracts;
      } catch (error) {
        report.failed.push(mandate.id);
        this.logger.error(
          `Expired mandate ${mandate.id} not ended: ${error instanceof Error ? error.name : 'unknown error'}`,
        );
      }
    }
    if (report.awaitingReturn.length > 0 && !report.dryRun) {
      this.logger.warn(
        `Expired mandates awaiting return of their data by an admin (POST /api/mandates/:id/end): ${report.awaitingReturn.join(', ')}`,
      );
    }
    return report;
  }

  /**
   * Deletes (after exporting, for "return") under the scope row's lock and marks the mandate
   * ended. `proceed` sees whether the scope row still exists and says whether to go on; when it
   * says no, nothing changes and the answer is null.
   */
  private async endLocked(
    mandate: MandateView,
    endedBy: string | null,
    recordActor: typeof EXPIRY_ACTOR | undefined,
    proceed: (open: boolean) => boolean | Promise<boolean>,
  ) {
    return this.store.within(mandate.id, 'update', async (tx, open) => {
      if (!(await proceed(open))) return null;
      const returned = mandate.endAction === 'return' ? await this.exportData(tx, mandate) : null;
      const contracts = await this.contracts.deleteAllForEnd(tx);
      const subjects = await this.subjects.deleteAllForEnd(tx);
      await this.scopes.deleteForEnd(tx);
      const fields = [...mandate.fields, ...(contracts > 0 ? CONTRACT_FIELDS : [])];
      const endedAt = await this.dataSource.transaction((manager) =>
        this.mandates.markEnded(manager, endedBy, mandate, {
          action: returned ? 'disclose' : 'erase',
          reason: returned ? 'MANDATE_END_RETURN' : 'MANDATE_END_DELETE',
          fields: subjects > 0 ? fields : [],
          actor: recordActor,
        }),
      );
      return {
        mandateId: mandate.id,
        insurerId: mandate.insurerId,
        reference: mandate.reference,
        endAction: mandate.endAction,
        endedAt,
        deleted: { subjects, contracts },
        ...(returned ? { export: returned } : {}),
      };
    });
  }

  /** Everything the mandate holds, every stored field decoded (the insurer is its controller). */
  private async exportData(tx: MandateTransaction, mandate: MandateView) {
    const subjects = await this.subjects.all(tx);
    const contracts = await this.contracts.all(tx);
    const bySubject = new Map<string, ReturnType<typeof contractView>[]>();
    for (const c of contracts) {
      const list = bySubject.get(c.subject_id) ?? [];
      list.push(contractView(c));
      bySubject.set(c.subject_id, list);
    }
    return {
      format: MANDATE_RETURN_FORMAT,
      exportedAt: new Date().toISOString(),
      mandate: {
        id: mandate.id,
        insurerId: mandate.insurerId,
        reference: mandate.reference,
        validFrom: mandate.validFrom,
        validTo: mandate.validTo,
        fields: mandate.fields,
      },
      subjects: subjects.map((row) => ({
        ...subjectView(row, mandate.fields, this.cipher),
        contracts: bySubject.get(row.id) ?? [],
      })),
    };
  }
}
