import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A task kind for the daily scan: a running contract without its policy document in the
 * documents. Like the other automatic kinds it carries a unique `auto_key` (the contract).
 */
export class TaskDocumentMissing1764870000000 implements MigrationInterface {
  name = 'TaskDocumentMissing1764870000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE task DROP CONSTRAINT task_kind_check`);
    await q.query(`ALTER TABLE task ADD CONSTRAINT task_kind_check
      CHECK (kind IN ('manual', 'renewal_call', 'instalment_overdue', 'document_missing'))`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DELETE FROM task WHERE kind = 'document_missing'`);
    await q.query(`ALTER TABLE task DROP CONSTRAINT task_kind_check`);
    await q.query(`ALTER TABLE task ADD CONSTRAINT task_kind_check
      CHECK (kind IN ('manual', 'renewal_call', 'instalment_overdue'))`);
  }
}
