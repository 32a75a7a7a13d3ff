import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { AuditRecorder } from '@app/audit';
import { BrokerClock } from '@app/common/clock/broker-clock';
import { ConflictError } from '@app/common/errors/domain-error';
import type { Attempt, PrivacyScope } from '@app/privacy';
import { ClientsService } from '../clients';
import { ErasureService } from '../retention';
import { DataSubjectRequestResponseDto } from './data-subject-request.dto';
import { DataSubjectRequestRepository, RequestRow } from './data-subject-request.repository';
import { view } from './data-subject-request.view';
import {
  IdentityNotVerifiedError,
  RequestClosedError,
  WrongRequestTypeError,
} from './data-subject-requests.errors';
import { Answer, AnswerInputs, AnsweringOperation, RequestHandler } from './handlers/request-handler';
import { RequestHandlers } from './handlers/request-handlers';

/** What each answering operation checks its client's visibility as. */
const VISIBILITY: Record<AnsweringOperation, Attempt> = {
  execute: { action: 'update', resource: 'client' },
  complete: { action: 'update', resource: 'data_subject_request' },
};

/**
 * The one locked transition that answers a request (arts. 15-22): in one transaction, the request
 * is locked, refused unless it is open, of a type the operation answers and its person's identity
 * verified, its client checked visible under the scope; then its type's handler answers it and the
 * request closes with the outcome and one entry in the record of operations. A second, concurrent
 * answer waits for the lock and finds the request closed. Nothing is disclosed or executed for a
 * person whose identity is unverified.
 */
@Injectable()
export class RequestAnswers {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly requests: DataSubjectRequestRepository,
    private readonly handlers: RequestHandlers,
    private readonly clients: ClientsService,
    private readonly erasure: ErasureService,
    private readonly audit: AuditRecorder,
    private readonly clock: BrokerClock,
  ) {}

  /** Carries out an erasure, restriction, objection, consent withdrawal or rectification. */
  execute(
    scope: PrivacyScope,
    id: string,
    input: AnswerInputs['execute'],
  ): Promise<DataSubjectRequestResponseDto> {
    return this.answer(scope, id, 'execute', input);
  }

  /** Closes an access or portability request whose answer reached the person, recording how and when. */
  complete(
    scope: PrivacyScope,
    id: string,
    input: AnswerInputs['complete'],
  ): Promise<DataSubjectRequestResponseDto> {
    return this.answer(scope, id, 'complete', input);
  }

  private async answer<Operation extends AnsweringOperation>(
    scope: PrivacyScope,
    id: string,
    operation: Operation,
    input: AnswerInputs[Operation],
  ): Promise<DataSubjectRequestResponseDto> {
    // A request's type and subject never change: its handler is known before the lock.
    const unlocked = await this.requests.find(id);
    const handler = this.handlers.of(unlocked.type) as RequestHandler<Operation>;
    const transaction = () =>
      this.dataSource.transaction(async (manager) => {
        const request = await this.requests.lock(id, manager);
        const refusal = this.refusal(request, handler, operation);
        if (refusal) throw refusal;
        const clientId = request.client_id!;
        await this.clients.requireVisible(scope, clientId, VISIBILITY[operation], manager);
        const answer = await handler.answer({ scope, request, clientId, input, manager });
        await this.requests.complete(
          id,
          { outcome: answer.outcome, by: scope.staffId, delivery: answer.delivery },
          manager,
        );
        if (answer.entry) await this.audit.record({ ...answer.entry, outcome: 'allowed' }, manager);
        return answer;
      });
    const answer = handler.around
      ? await handler.around(scope, unlocked, input, transaction)
      : await transaction();
    await this.afterCommit(id, answer);
    return view(await this.requests.find(id), this.clock.today());
  }

  /**
   * Why the request cannot be answered by the operation. An execution names a type answered
   * otherwise before the request's state; a completion names a closed request first.
   */
  private refusal(
    request: RequestRow,
    handler: RequestHandler,
    operation: AnsweringOperation,
  ): ConflictError | undefined {
    const wrongType =
      handler.answeredBy === operation
        ? undefined
        : new WrongRequestTypeError(request.type, operation, this.handlers.answeredBy(operation));
    const closed = request.status === 'open' ? undefined : new RequestClosedError(request.status);
    const unverified = request.identity_verified_at ? undefined : new IdentityNotVerifiedError();
    return operation === 'execute'
      ? (wrongType ?? closed ?? unverified)
      : (closed ?? wrongType ?? unverified);
  }

  /** The erasure committed: what lives outside the database goes; a failure is kept in the outcome. */
  private async afterCommit(id: string, answer: Answer): Promise<void> {
    if (!answer.cleanup?.length) return;
    const { failed } = await this.erasure.afterCommit(answer.cleanup);
    if (failed.length > 0) await this.requests.setOutcome(id, { ...answer.outcome, cleanupFailed: failed });
  }
}
