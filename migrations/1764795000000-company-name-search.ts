import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A company is found by its name the way a person is by theirs: the client search's words may
 * begin the company's name (case and Polish diacritics ignored), through the same folding function
 * and an index of the same shape, so the search stays an index range scan.
 */
export class CompanyNameSearch1764795000000 implements MigrationInterface {
  name = 'CompanyNameSearch1764795000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(
      `CREATE INDEX client_company_name_search_idx ON client (name_search_key(company_name) text_pattern_ops)
        WHERE company_name IS NOT NULL`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX IF EXISTS client_company_name_search_idx`);
  }
}
