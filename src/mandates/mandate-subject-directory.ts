import { Injectable } from '@nestjs/common';
import type {
  MandateSubjectController,
  MandateSubjectDirectory as MandateSubjectDirectoryPort,
} from '../data-subject-requests';
import { InsurersService } from '../insurers';
import { MandateStore } from './mandate-store';
import { MandatesService } from './mandates.service';

export type { MandateSubjectController };

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * Requests from persons processed under a mandate are referred to the insurer. This finds the
 * insurer without revealing anything else about the person: only which mandate holds the id.
 */
@Injectable()
export class MandateSubjectDirectory implements MandateSubjectDirectoryPort {
  constructor(
    private readonly mandates: MandatesService,
    private readonly store: MandateStore,
    private readonly insurers: InsurersService,
  ) {}

  async findController(mandateSubjectId: string): Promise<MandateSubjectController | null> {
    if (!UUID.test(mandateSubjectId)) return null;
    const open = await this.mandates.openMandates();
    const mandateId = await this.store.mandateOfSubject(
      mandateSubjectId,
      open.map((m) => m.id),
    );
    const insurerId = open.find((m) => m.id === mandateId)?.insurerId;
    if (!insurerId) return null;
    const insurer = await this.insurers.findById(insurerId);
    return insurer
      ? { insurerId: insurer.id, insurerName: insurer.name, dsrContactEmail: insurer.dsrContactEmail }
      : null;
  }
}
