import { MigrationInterface, QueryRunner } from 'typeorm';

/** Why a legal hold was released (the claim settled, the case closed), kept with the hold's history. */
export class LegalHoldReleaseReason1764810000000 implements MigrationInterface {
  name = 'LegalHoldReleaseReason1764810000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE legal_hold ADD COLUMN release_reason text`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE legal_hold DROP COLUMN release_reason`);
  }
}
