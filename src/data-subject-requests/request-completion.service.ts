import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { AuditRecorder } from '@app/audit';
import { BrokerClock } from '@app/common/clock/broker-clock';
import { ClientActor, ClientsService, scopeOf } from '../clients';
import { CompleteDataSubjectRequestDto } from './complete-request.dto';
import { DataSubjectRequestResponseDto, DataSubjectRequestType } from './data-subject-request.dto';
import { loadRequest, subjectIds, view } from './data-subject-request.view';
import {
  IdentityNotVerifiedError,
  InvalidDeliveryDateError,
  RequestClosedError,
  WrongRequestTypeError,
} from './data-subject-requests.errors';

const RESOURCE = 'data_subject_request';

/** Requests answered by handing the person a document; what completing one records as the outcome. */
const ANSWERED_BY_DELIVERY: Partial<Record<DataSubjectRequestType, string>> = {
  access: 'access_report_given',
  portability: 'portability_export_given',
};

/**
 * Completing an access or portability request: the report and the export are previews that
 * change nothing; the request is answered when the answer reached the person, and completion
 * records how and when (art. 12(1) and (3) GDPR), closing the request in one transaction with its
 * entry in the record of operations. Nothing is handed over for an unverified identity.
 */
@Injectable()
export class DataSubjectRequestCompletion {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly clients: ClientsService,
    private readonly audit: AuditRecorder,
    private readonly clock: BrokerClock,
  ) {}

  async complete(
    actor: ClientActor,
    id: string,
    input: CompleteDataSubjectRequestDto,
  ): Promise<DataSubjectRequestResponseDto> {
    return this.dataSource.transaction(async (manager) => {
      const row = await loadRequest(manager, id, true);
      if (row.status !== 'open') throw new RequestClosedError(row.status);
      const outcome = ANSWERED_BY_DELIVERY[row.type];
      if (!outcome) throw new WrongRequestTypeError(row.type, 'complete', Object.keys(ANSWERED_BY_DELIVERY));
      if (!row.identity_verified_at) throw new IdentityNotVerifiedError();
      await this.clients.requireVisible(
        scopeOf(actor),
        row.client_id!,
        { action: 'update', resource: RESOURCE },
        manager,
      );
      const deliveredAt = deliveryInstant(input.deliveredAt, row.received_at, this.clock);
      await manager.query(
        `UPDATE data_subject_request
            SET status = 'done', outcome = $2, delivered_via = $3, delivered_at = $4, closed_at = now(), closed_by = $5,
                updated_at = now()
          WHERE id = $1`,
        [id, JSON.stringify({ action: outcome }), input.deliveredVia, deliveredAt, actor.staffId],
      );
      await this.audit.record(
        {
          action: 'update',
          resource: RESOURCE,
          resourceId: id,
          clientIds: subjectIds(row),
          fields: ['status', 'outcome', 'delivery'],
          outcome: 'allowed',
          reason: 'ANSWER_DELIVERED',
        },
        manager,
      );
      return view(await loadRequest(manager, id), this.clock.today());
    });
  }
}

/** When the answer reached the person: now by default; never in the future, never before receipt. */
function deliveryInstant(given: string | undefined, receivedAt: string, clock: BrokerClock): Date {
  const now = new Date();
  if (given === undefined) return now;
  const at = new Date(given);
  if (Number.isNaN(at.getTime())) throw new InvalidDeliveryDateError('deliveredAt is not a date');
  if (at.getTime() > now.getTime()) throw new InvalidDeliveryDateError('deliveredAt lies in the future');
  if (clock.dateOf(at) < receivedAt)
    throw new InvalidDeliveryDateError(`deliveredAt lies before the request was received (${receivedAt})`);
  return at;
}
