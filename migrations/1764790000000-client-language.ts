import { MigrationInterface, QueryRunner } from 'typeorm';

/** The language a client is written to in: Polish unless the client asked for English. */
export class ClientLanguage1764790000000 implements MigrationInterface {
  name = 'ClientLanguage1764790000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(
      `ALTER TABLE client ADD COLUMN language text NOT NULL DEFAULT 'pl' CONSTRAINT client_language_known CHECK (language IN ('pl', 'en'))`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE client DROP COLUMN language`);
  }
}
