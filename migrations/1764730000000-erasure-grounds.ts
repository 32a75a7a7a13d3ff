import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A client whose erasure was refused on grounds of art. 17(3) (a contract in force, a legal
 * retention duty, a claim) is a state of its own, apart from art. 18 restriction: the purposes
 * those grounds serve keep seeing the client, every other purpose loses them.
 *
 * Refused erasures carried out before this state existed restricted the client instead. They move
 * to the new state; their restriction is lifted only where it came from the refused erasure alone
 * (no restriction request of the person was carried out).
 */
export class ErasureGrounds1764730000000 implements MigrationInterface {
  name = 'ErasureGrounds1764730000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE client ADD COLUMN erasure_refused boolean NOT NULL DEFAULT false`);
    await q.query(
      `UPDATE client c SET erasure_refused = true
        FROM erasure_pending ep
       WHERE ep.client_id = c.id AND ep.erased_at IS NULL AND c.status = 'active'`,
    );
    await q.query(
      `UPDATE client c SET restricted = false
        FROM erasure_pending ep
        JOIN data_subject_request r ON r.id = ep.request_id
       WHERE ep.client_id = c.id AND ep.erased_at IS NULL AND c.restricted
         AND r.outcome->>'action' = 'restricted_instead_of_erased'
         AND NOT EXISTS (SELECT 1 FROM data_subject_request x
                          WHERE x.client_id = c.id AND x.type = 'restriction' AND x.outcome->>'action' = 'restricted')`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    // Back to the former rule: a refused erasure restricts the client.
    await q.query(`UPDATE client SET restricted = true WHERE erasure_refused`);
    await q.query(`ALTER TABLE client DROP COLUMN erasure_refused`);
  }
}
