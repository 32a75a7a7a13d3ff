import { Injectable } from '@nestjs/common';
import type { PrivacyScope } from '@app/privacy';
import { ClientsService } from '../../clients';
import type { RequestRow } from '../data-subject-request.repository';
import { ExecutionInputError } from '../data-subject-requests.errors';
import { Answer, AnswerContext, AnswerInputs, RequestHandler } from './request-handler';

/**
 * Art. 16: the client's data is corrected through the clients module, which checks the fields
 * against the purpose and records the change, in the request's transaction: the correction and
 * the request's completion commit together or not at all.
 */
@Injectable()
export class RectificationHandler implements RequestHandler<'execute'> {
  readonly type = 'rectification' as const;
  readonly answeredBy = 'execute' as const;

  constructor(private readonly clients: ClientsService) {}

  /** A PESEL another client holds rolls the whole transaction back and opens a duplicate review. */
  around<T>(
    scope: PrivacyScope,
    request: RequestRow,
    input: AnswerInputs['execute'],
    transaction: () => Promise<T>,
  ): Promise<T> {
    if (!request.client_id) return transaction();
    return this.clients.guardUpdate(scope, request.client_id, input.changes ?? {}, transaction);
  }

  async answer({ scope, clientId, input, manager }: AnswerContext<AnswerInputs['execute']>): Promise<Answer> {
    const changes = input.changes
      ? Object.keys(input.changes).filter((k) => (input.changes as Record<string, unknown>)[k] !== undefined)
      : [];
    if (changes.length === 0)
      throw new ExecutionInputError('A rectification needs the corrected fields in "changes"', 'changes');
    await this.clients.updateIn(scope, clientId, input.changes!, manager);
    return { outcome: { action: 'rectified', fields: changes } };
  }
}
