import { Injectable } from '@nestjs/common';
import { BrokerClock } from '@app/common/clock/broker-clock';
import { subjectIds } from '../data-subject-request.view';
import { InvalidDeliveryDateError } from '../data-subject-requests.errors';
import { Answer, AnswerContext, AnswerInputs, RequestHandler } from './request-handler';

/**
 * Access (art. 15) and portability (art. 20) requests are answered by handing the person a
 * document: the report and the export are previews that change nothing, and the request is done
 * when the answer reached them; completion records how and when (art. 12(1) and (3) GDPR).
 */
// Injectable for its constructor's metadata, which the subclasses inherit.
@Injectable()
export abstract class AnsweredByDelivery implements RequestHandler<'complete'> {
  readonly answeredBy = 'complete' as const;
  abstract readonly type: 'access' | 'portability';
  protected abstract readonly given: string;

  constructor(private readonly clock: BrokerClock) {}

  answer({ request, input }: AnswerContext<AnswerInputs['complete']>): Promise<Answer> {
    const at = deliveryInstant(input.deliveredAt, request.received_at, this.clock);
    return Promise.resolve({
      outcome: { action: this.given },
      delivery: { via: input.deliveredVia, at },
      entry: {
        action: 'update',
        resource: 'data_subject_request',
        resourceId: request.id,
        clientIds: subjectIds(request),
        fields: ['status', 'outcome', 'delivery'],
        reason: 'ANSWER_DELIVERED',
      },
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
