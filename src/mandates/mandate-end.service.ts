import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { FieldCipher } from '@app/common/crypto/field-cipher';
import {
  CONTRACT_FIELDS,
  ContractRow,
  SELECT_CONTRACT,
  SELECT_SUBJECT,
  SubjectRow,
  contractView,
  subjectView,
} from './mandate-records';
import { MandateStore, MandateTransaction } from './mandate-store';
import { MandateActor, MandatesService, MandateView } from './mandates.service';
import { MandateEndedError, MandateNotFoundError } from './mandates.errors';

export const MANDATE_RETURN_FORMAT = 'consentry.mandate-return.v1';

/**
 * Ends a mandate (art. 28(3)(g) GDPR): its data in schema `mandate` is deleted, or first returned
 * to the insurer as one complete JSON document and then deleted. The scope row is locked FOR
 * UPDATE first, so in-flight writes finish before and none can follow. The mandate is marked
 * ended and the end recorded on the main schema before the deletion commits: if recording fails,
 * nothing is deleted.
 */
@Injectable()
export class MandateEndService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly mandates: MandatesService,
    private readonly store: MandateStore,
    private readonly cipher: FieldCipher,
  ) {}

  async end(actor: MandateActor, mandateId: string) {
    const mandate = await this.mandates.get(mandateId);
    if (!mandate) throw new MandateNotFoundError();
    return this.store.within(mandate.id, 'update', async (tx, open) => {
      // Ending again is allowed only to finish an end whose deletion did not commit.
      if (!open && mandate.status === 'ended') throw new MandateEndedError();
      const returned = mandate.endAction === 'return' ? await this.exportData(tx, mandate) : null;
      const [{ n: contracts }] = await tx.query(
        `WITH d AS (DELETE FROM mandate.contract RETURNING 1) SELECT count(*)::int AS n FROM d`,
      );
      const [{ n: subjects }] = await tx.query(
        `WITH d AS (DELETE FROM mandate.subject RETURNING 1) SELECT count(*)::int AS n FROM d`,
      );
      await tx.query(`DELETE FROM mandate.scope`);
      const fields = [...mandate.fields, ...(contracts > 0 ? CONTRACT_FIELDS : [])];
      const endedAt = await this.dataSource.transaction((manager) =>
        this.mandates.markEnded(manager, actor, mandate, {
          action: returned ? 'disclose' : 'erase',
          reason: returned ? 'MANDATE_END_RETURN' : 'MANDATE_END_DELETE',
          fields: subjects > 0 ? fields : [],
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
    const subjects: SubjectRow[] = await tx.query(`${SELECT_SUBJECT} ORDER BY s.created_at, s.id`);
    const contracts: ContractRow[] = await tx.query(`${SELECT_CONTRACT} ORDER BY c.created_at, c.id`);
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
