import { Injectable, OnModuleInit } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { PersonalDataLifecycle } from '@app/privacy';

/**
 * Free text kept with a client's offers and contracts (needs notes, the broker's recommendation,
 * reasons for a decline or a cancellation) can describe the person, and a policy number identifies
 * them at the insurer. Erasure clears the text and replaces the policy number; amounts, dates and
 * products stay, so the books still add up.
 */
@Injectable()
export class OffersContractsErasure implements OnModuleInit {
  constructor(private readonly lifecycle: PersonalDataLifecycle) {}

  onModuleInit(): void {
    this.lifecycle.registerErasureStep({
      name: 'offers_and_contracts',
      erase: (ids, manager) => this.erase(ids, manager),
    });
  }

  private async erase(clientIds: string[], manager: EntityManager): Promise<void> {
    await manager.query(
      `UPDATE offer_request SET notes = NULL, updated_at = now() WHERE client_id = ANY($1::uuid[]) AND notes IS NOT NULL`,
      [clientIds],
    );
    await manager.query(
      `UPDATE quote q SET decline_reason = 'erased' FROM offer_request r
        WHERE r.id = q.offer_request_id AND r.client_id = ANY($1::uuid[]) AND q.decline_reason IS NOT NULL`,
      [clientIds],
    );
    await manager.query(
      `UPDATE contract SET policy_number = 'erased-' || id::text, recommendation = NULL,
              cancellation_reason = CASE WHEN cancelled_at IS NULL THEN NULL ELSE 'erased' END
        WHERE client_id = ANY($1::uuid[])`,
      [clientIds],
    );
  }
}
