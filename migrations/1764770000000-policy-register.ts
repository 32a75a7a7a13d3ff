import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The policy register: a contract may be entered directly (an existing policy brought by the
 * client or taken over from another broker), with an insured who may differ from the policyholder
 * and the insured object (a vehicle, a property or a person). Contracts change only through
 * annexes, whose history is kept with each change's values before and after.
 */
export class PolicyRegister1764770000000 implements MigrationInterface {
  name = 'PolicyRegister1764770000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE contract
      ADD COLUMN insured_id uuid REFERENCES client(id),
      ADD COLUMN source text NOT NULL DEFAULT 'own' CHECK (source IN ('own','transferred')),
      ADD COLUMN insured_object jsonb CHECK (insured_object IS NULL OR insured_object->>'kind' IN ('vehicle','property','person'))`);
    // The insured's card lists the contracts covering them.
    await q.query(`CREATE INDEX contract_insured_idx ON contract (insured_id) WHERE insured_id IS NOT NULL`);

    await q.query(`CREATE TABLE contract_annex (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      contract_id uuid NOT NULL REFERENCES contract(id),
      effective_date date NOT NULL,
      changes jsonb NOT NULL,
      previous jsonb NOT NULL,
      reason text NOT NULL,
      created_by uuid,
      created_at timestamptz NOT NULL DEFAULT now()
    )`);
    await q.query(
      `CREATE INDEX contract_annex_contract_idx ON contract_annex (contract_id, effective_date, created_at)`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE IF EXISTS contract_annex`);
    await q.query(`ALTER TABLE contract DROP COLUMN IF EXISTS insured_object, DROP COLUMN IF EXISTS source,
      DROP COLUMN IF EXISTS insured_id`);
  }
}
