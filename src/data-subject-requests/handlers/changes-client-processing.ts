import { ClientsService } from '../../clients';
import { RetentionFacts, RetentionService } from '../../retention';
import { Answer, AnswerContext, AnswerInputs, RequestHandler, clientEntry } from './request-handler';

export type ExecutionContext = AnswerContext<AnswerInputs['execute']>;

/**
 * Executions that change how the client is processed (erasure, restriction, objection,
 * withdrawal). The client's row is locked with its retention facts first, so no erasure or sweep
 * runs in between; a client erased meanwhile is answered as such and nothing else is done.
 */
export abstract class ChangesClientProcessing implements RequestHandler<'execute'> {
  readonly answeredBy = 'execute' as const;
  abstract readonly type: 'erasure' | 'restriction' | 'objection' | 'withdraw_consent';

  constructor(
    protected readonly retention: RetentionService,
    protected readonly clients: ClientsService,
  ) {}

  async answer(context: ExecutionContext): Promise<Answer> {
    const { clientId, manager } = context;
    const [facts] = await this.retention.factsWithoutPurpose([clientId], manager, true);
    if ((await this.clients.statusWithoutPurpose(clientId, manager)) === 'anonymised') {
      return {
        outcome: { action: 'already_anonymised' },
        entry: clientEntry(clientId, {
          action: 'erase',
          resource: 'client',
          fields: [],
          reason: 'ALREADY_ANONYMISED',
        }),
      };
    }
    return this.carryOut(context, facts);
  }

  protected abstract carryOut(context: ExecutionContext, facts: RetentionFacts): Promise<Answer>;

  /** Where a consent withdrawal came from, as the consent's history names it. */
  protected source(context: ExecutionContext): string {
    return `data_subject_request:${context.request.id}`;
  }
}
