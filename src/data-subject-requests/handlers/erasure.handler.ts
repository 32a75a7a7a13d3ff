import { Injectable } from '@nestjs/common';
import { CONSENT_PURPOSES, purposesSeeingErasureRefused } from '@app/privacy';
import { ClientsService } from '../../clients';
import { ConsentsService } from '../../consents';
import {
  ERASED_CLIENT_FIELDS,
  ErasureService,
  RetentionFacts,
  RetentionService,
  erasureGrounds,
  runningDuties,
} from '../../retention';
import { ChangesClientProcessing, ExecutionContext } from './changes-client-processing';
import { Answer, clientEntry } from './request-handler';

/**
 * Art. 17: the client is anonymised at once unless a legal duty keeps the data; then the erasure
 * is refused on those grounds and deferred until the last of them ends.
 */
@Injectable()
export class ErasureHandler extends ChangesClientProcessing {
  readonly type = 'erasure' as const;

  constructor(
    retention: RetentionService,
    clients: ClientsService,
    private readonly erasure: ErasureService,
    private readonly consents: ConsentsService,
  ) {
    super(retention, clients);
  }

  protected async carryOut(context: ExecutionContext, facts: RetentionFacts): Promise<Answer> {
    const { clientId, manager, scope, request } = context;
    const blocking = runningDuties(facts, new Date()).filter((d) => d.legal);
    if (blocking.length === 0) {
      await this.erasure.anonymise([clientId], manager);
      return {
        outcome: { action: 'anonymised', steps: this.erasure.stepNames() },
        entry: clientEntry(clientId, {
          action: 'erase',
          resource: 'client',
          fields: ERASED_CLIENT_FIELDS,
          reason: 'ERASURE_REQUEST',
        }),
        cleanup: [clientId],
      };
    }
    // Art. 17(3)(b),(e): a contract, a legal duty or a claim keeps the data. The person stays
    // visible only to the purposes those grounds serve (not restricted: the policy is still
    // serviced), consent-based processing ends now, and the sweep erases them when the last
    // ground ends.
    await this.erasure.refuseErasure([clientId], manager);
    const withdrawn = await this.consents.withdrawAll(
      clientId,
      [...CONSENT_PURPOSES],
      this.source(context),
      scope.staffId,
      manager,
    );
    await this.erasure.markPending(clientId, request.id, manager);
    const ends = blocking.map((d) => d.until);
    return {
      outcome: {
        action: 'erasure_refused',
        erasure: 'deferred',
        withdrawnConsents: withdrawn,
        grounds: erasureGrounds(blocking),
        visibleUnder: purposesSeeingErasureRefused(),
        blockedBy: blocking.map(({ kind, purpose, until, rule, holdIds }) => ({
          kind,
          purpose,
          until,
          rule: rule.en,
          ...(holdIds ? { holdIds } : {}),
        })),
        erasureDueAfter: ends.includes(null) ? null : ends.sort().at(-1),
      },
      entry: clientEntry(clientId, {
        action: 'update',
        resource: 'client',
        fields: ['consents'],
        reason: 'ERASURE_REFUSED_ON_LEGAL_GROUNDS',
      }),
      // Mail still queued for the person is skipped at send time (no consent, not visible to the purpose).
    };
  }
}
