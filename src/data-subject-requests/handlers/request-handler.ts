import type { EntityManager } from 'typeorm';
import type { AuditRecordInput } from '@app/audit';
import type { PrivacyScope } from '@app/privacy';
import type { CompleteDataSubjectRequestDto } from '../complete-request.dto';
import type {
  DataSubjectRequestType,
  DeliveryChannel,
  ExecuteDataSubjectRequestDto,
} from '../data-subject-request.dto';
import type { RequestRow } from '../data-subject-request.repository';

/** What answering a request did; stored with the request and returned. */
export type ExecutionOutcome = Record<string, unknown> & { action: string };

/** The operations that answer a request, and what each is given. */
export interface AnswerInputs {
  /** Carries the request out (erasure, restriction, objection, withdrawal, rectification). */
  execute: ExecuteDataSubjectRequestDto;
  /** Records that a document (the access report, the export) reached the person. */
  complete: CompleteDataSubjectRequestDto;
}
export type AnsweringOperation = keyof AnswerInputs;

/** A request being answered: open, identity verified, locked, its client visible under the scope. */
export interface AnswerContext<Input> {
  scope: PrivacyScope;
  request: RequestRow;
  clientId: string;
  input: Input;
  manager: EntityManager;
}

export interface Answer {
  outcome: ExecutionOutcome;
  /** The entry in the record of operations; absent when the operation called records itself. */
  entry?: Omit<AuditRecordInput, 'outcome'>;
  /** How and when the answer reached the person, for a request answered by a document. */
  delivery?: { via: DeliveryChannel; at: Date };
  /** Clients whose erasure committed: what lives outside the database is removed afterwards. */
  cleanup?: string[];
}

/**
 * How one type of request is answered. The transition (RequestAnswers) loads and locks the
 * request, refuses what its state does not allow, checks that its client is visible, then calls
 * `answer` and closes the request with the outcome, all in one transaction.
 */
export interface RequestHandler<Operation extends AnsweringOperation = AnsweringOperation> {
  readonly type: DataSubjectRequestType;
  readonly answeredBy: Operation;
  /** Wraps the whole transaction, for work that must answer after it rolled back; optional. */
  around?<T>(
    scope: PrivacyScope,
    request: RequestRow,
    input: AnswerInputs[Operation],
    transaction: () => Promise<T>,
  ): Promise<T>;
  answer(context: AnswerContext<AnswerInputs[Operation]>): Promise<Answer>;
}

/** The record entry of a change to the client the request is about. */
export function clientEntry(
  clientId: string,
  entry: Pick<AuditRecordInput, 'action' | 'resource' | 'fields' | 'reason'>,
): Omit<AuditRecordInput, 'outcome'> {
  return { ...entry, resourceId: clientId, clientIds: [clientId] };
}
