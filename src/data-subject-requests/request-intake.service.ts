import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { AuditRecorder } from '@app/audit';
import { BrokerClock } from '@app/common/clock/broker-clock';
import type { PrivacyScope } from '@app/privacy';
import { ClientsService } from '../clients';
import { isCalendarDate } from '../retention';
import { CreateDataSubjectRequestDto, DataSubjectRequestCreatedDto } from './data-subject-request.dto';
import { DataSubjectRequestRepository } from './data-subject-request.repository';
import {
  InvalidReceivedDateError,
  MandateSubjectNotFoundError,
  OneSubjectRequiredError,
} from './data-subject-requests.errors';
import { answerDueDate } from './due-date';
import { MANDATE_SUBJECT_DIRECTORY, MandateSubjectDirectory } from './mandate-subject-directory';

/**
 * Receipt of a request (arts. 15-22): due one calendar month after it was received. A request about
 * one of the broker's clients opens; a mandate subject's is referred to the insurer, its controller,
 * at once.
 */
@Injectable()
export class RequestIntake {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly requests: DataSubjectRequestRepository,
    private readonly clients: ClientsService,
    private readonly audit: AuditRecorder,
    private readonly clock: BrokerClock,
    @Inject(MANDATE_SUBJECT_DIRECTORY) private readonly directory: MandateSubjectDirectory,
  ) {}

  async create(
    scope: PrivacyScope,
    input: CreateDataSubjectRequestDto,
  ): Promise<DataSubjectRequestCreatedDto & { referral?: Record<string, unknown> }> {
    const fields = Object.keys(input).filter(
      (k) => (input as unknown as Record<string, unknown>)[k] !== undefined,
    );
    if (Boolean(input.clientId) === Boolean(input.mandateSubjectId)) throw new OneSubjectRequiredError();
    const today = this.clock.today();
    const receivedAt = input.receivedAt ?? today;
    if (!isCalendarDate(receivedAt)) throw new InvalidReceivedDateError('receivedAt is not a calendar date');
    if (receivedAt > today) throw new InvalidReceivedDateError('receivedAt lies in the future');
    const dueAt = answerDueDate(receivedAt);

    if (input.mandateSubjectId) return this.refer(scope, input, receivedAt, dueAt, fields);

    const clientId = input.clientId!;
    await this.clients.requireVisible(scope, clientId, {
      action: 'create',
      resource: 'data_subject_request',
    });
    return this.dataSource.transaction(async (manager) => {
      await this.clients.assertNotAnonymised(
        clientId,
        { action: 'create', resource: 'data_subject_request', fields },
        manager,
      );
      const id = await this.requests.insertOpen(
        {
          clientId,
          type: input.type,
          receivedAt,
          dueAt,
          notes: input.notes ?? null,
          createdBy: scope.staffId,
        },
        manager,
      );
      await this.audit.record(
        {
          action: 'create',
          resource: 'data_subject_request',
          resourceId: id,
          clientIds: [clientId],
          fields,
          outcome: 'allowed',
        },
        manager,
      );
      return { id, status: 'open' as const, dueAt };
    });
  }

  /** A mandate subject's request: the insurer is the controller, so it is referred there at once. */
  private async refer(
    scope: PrivacyScope,
    input: CreateDataSubjectRequestDto,
    receivedAt: string,
    dueAt: string,
    fields: string[],
  ) {
    const subjectId = input.mandateSubjectId!;
    const controller = await this.directory.findController(subjectId);
    if (!controller) {
      scope.deny(
        { action: 'create', resource: 'data_subject_request', fields },
        new MandateSubjectNotFoundError(),
      );
    }
    const referral = {
      insurerId: controller.insurerId,
      insurerName: controller.insurerName,
      dsrContactEmail: controller.dsrContactEmail,
      referredAt: new Date().toISOString(),
    };
    return this.dataSource.transaction(async (manager) => {
      const id = await this.requests.insertReferred(
        {
          mandateSubjectId: subjectId,
          type: input.type,
          receivedAt,
          dueAt,
          notes: input.notes ?? null,
          referral,
          createdBy: scope.staffId,
        },
        manager,
      );
      await this.audit.record(
        {
          action: 'create',
          resource: 'data_subject_request',
          resourceId: id,
          fields,
          outcome: 'allowed',
          reason: 'REFERRED_TO_INSURER',
          controllerId: controller.insurerId,
        },
        manager,
      );
      return { id, status: 'referred' as const, dueAt, referral };
    });
  }
}
