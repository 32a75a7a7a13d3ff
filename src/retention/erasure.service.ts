import { Injectable, Logger } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { PersonalDataLifecycle, personalFieldsOf } from '@app/privacy';
import { ClientsService } from '../clients';
import { ErasurePendingRepository } from './erasure-pending.repository';
import { ErasureStatistics } from './erasure-statistics.service';
import { LegalHoldRepository } from './legal-hold.repository';

/** Client fields erasure overwrites, as the registry names them (for the record of operations). */
export const ERASED_CLIENT_FIELDS = personalFieldsOf('Client');

/**
 * Irreversible anonymisation of the broker's own clients. The client row keeps its id (contracts
 * and accounting records still point at it) and loses every personal value: columns set to NULL,
 * the PESEL ciphertext and blind index dropped. Consent evidence is removed and active consents end.
 * The record of operations is not touched: it holds ids and field names only.
 */
@Injectable()
export class ErasureService {
  private readonly logger = new Logger(ErasureService.name);

  constructor(
    private readonly statistics: ErasureStatistics,
    private readonly lifecycle: PersonalDataLifecycle,
    private readonly clients: ClientsService,
    private readonly holds: LegalHoldRepository,
    private readonly pending: ErasurePendingRepository,
  ) {}

  stepNames(): string[] {
    return [
      'client',
      'legal_hold',
      ...this.lifecycle.erasureSteps().map((s) => s.name),
      ...this.lifecycle.postErasureSteps().map((s) => s.name),
    ];
  }

  /**
   * Anonymises the given clients that are not anonymised yet, inside the caller's transaction;
   * returns the ids it anonymised. A refused erasure ends here: the client is then an anonymised
   * client like any other. Call `afterCommit` with them once the transaction committed.
   */
  async anonymise(clientIds: string[], manager: EntityManager): Promise<string[]> {
    if (clientIds.length === 0) return [];
    const ids = await this.clients.anonymiseForErasure(clientIds, manager);
    if (ids.length === 0) return [];
    await this.holds.eraseReleasedReasonsForErasure(ids, manager);
    await this.pending.markErasedForErasure(ids, manager);
    for (const step of this.lifecycle.erasureSteps()) await step.erase(ids, manager);
    return ids;
  }

  /**
   * Removes what lives outside the database (queued jobs) and, unless the caller does it once for
   * many batches (the sweep), refreshes the statistics of the erased tables. The erasure has
   * committed by then, so a failing step does not undo it: it is logged and named in the result.
   */
  async afterCommit(
    clientIds: string[],
    options: { refreshStatistics?: boolean } = {},
  ): Promise<{ failed: string[] }> {
    const failed: string[] = [];
    if (clientIds.length === 0) return { failed };
    if (options.refreshStatistics ?? true) failed.push(...(await this.statistics.refresh()).failed);
    for (const step of this.lifecycle.postErasureSteps()) {
      try {
        await step.afterErasure(clientIds);
      } catch (error) {
        failed.push(step.name);
        this.logger.error(
          `Post-erasure step ${step.name} failed for ${clientIds.length} client(s): ${(error as Error).name}`,
        );
      }
    }
    return { failed };
  }

  /** Art. 18: the client stays visible only to purposes that may still process it. */
  async restrict(clientIds: string[], manager: EntityManager): Promise<void> {
    await this.clients.restrictWithoutPurpose(clientIds, manager);
  }

  /**
   * Art. 17(3): the erasure is refused on grounds a contract, the law or a claim gives. Unlike a
   * restriction (art. 18), the client stays visible to the purposes those grounds serve (the
   * registry's `seesErasureRefused`) and vanishes from every other; the sweep erases them when the
   * last ground ends (see `markPending`).
   */
  async refuseErasure(clientIds: string[], manager: EntityManager): Promise<void> {
    await this.clients.refuseErasureWithoutPurpose(clientIds, manager);
  }

  /** Records that the person asked for erasure which a legal duty deferred; the sweep finishes it. */
  async markPending(clientId: string, requestId: string | null, manager: EntityManager): Promise<void> {
    await this.pending.markPendingForErasure(clientId, requestId, manager);
  }
}
