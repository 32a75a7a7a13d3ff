import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Commission agreements and the reconciliation of insurers' commission statements. Amounts are
 * integer grosze, rates basis points (four decimal places of a fraction: 0.1234 = 1234).
 *
 * - `commission_agreement`: per insurer and line of business, the first-year and renewal rates and
 *   the split between brokers (shares in basis points adding up to 10 000). A new agreement for the
 *   same insurer, line and start day supersedes the current one; the old row stays as history.
 * - `commission_statement_mapping`: the columns of one insurer's statement files, kept per insurer.
 * - `commission_statement` and `commission_statement_line`: an imported statement and its lines as
 *   reconciled against the register when imported (what was expected, what was paid, the status),
 *   with the missing policies as lines of their own; a line is settled once.
 */
export class Commissions1764850000000 implements MigrationInterface {
  name = 'Commissions1764850000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE commission_agreement (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      insurer_id uuid NOT NULL REFERENCES insurer(id),
      line_of_business text NOT NULL,
      first_year_rate_bp integer NOT NULL CHECK (first_year_rate_bp BETWEEN 0 AND 10000),
      renewal_rate_bp integer NOT NULL CHECK (renewal_rate_bp BETWEEN 0 AND 10000),
      splits jsonb NOT NULL DEFAULT '[]'::jsonb,
      valid_from date,
      created_by uuid REFERENCES staff(id),
      created_at timestamptz NOT NULL DEFAULT now(),
      superseded_at timestamptz
    )`);
    await q.query(`CREATE UNIQUE INDEX commission_agreement_current ON commission_agreement
      (insurer_id, line_of_business, coalesce(valid_from, '-infinity'::date)) WHERE superseded_at IS NULL`);

    await q.query(`CREATE TABLE commission_statement_mapping (
      insurer_id uuid PRIMARY KEY REFERENCES insurer(id),
      policy_number_column text NOT NULL,
      commission_column text NOT NULL,
      updated_by uuid REFERENCES staff(id),
      updated_at timestamptz NOT NULL DEFAULT now()
    )`);

    await q.query(`CREATE TABLE commission_statement (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      insurer_id uuid NOT NULL REFERENCES insurer(id),
      policy_number_column text NOT NULL,
      commission_column text NOT NULL,
      imported_by uuid REFERENCES staff(id),
      imported_at timestamptz NOT NULL DEFAULT now()
    )`);
    await q.query(
      `CREATE INDEX commission_statement_insurer_idx ON commission_statement (insurer_id, imported_at)`,
    );

    await q.query(`CREATE TABLE commission_statement_line (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      statement_id uuid NOT NULL REFERENCES commission_statement(id),
      row_number integer,
      policy_number text NOT NULL,
      contract_id uuid REFERENCES contract(id),
      client_id uuid REFERENCES client(id),
      expected bigint,
      paid bigint,
      status text NOT NULL CHECK (status IN ('matched','differs','unknown_policy','missing')),
      settled_at timestamptz,
      settled_by uuid REFERENCES staff(id),
      CHECK ((status = 'unknown_policy') = (contract_id IS NULL)),
      CHECK ((status = 'missing') = (paid IS NULL)),
      CHECK ((settled_at IS NULL) = (settled_by IS NULL))
    )`);
    await q.query(
      `CREATE INDEX commission_statement_line_statement_idx ON commission_statement_line (statement_id, policy_number)`,
    );
    await q.query(
      `CREATE INDEX commission_statement_line_contract_idx ON commission_statement_line (contract_id) WHERE contract_id IS NOT NULL`,
    );
    await q.query(
      `CREATE INDEX commission_statement_line_client_idx ON commission_statement_line (client_id) WHERE client_id IS NOT NULL`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(
      `DROP TABLE IF EXISTS commission_statement_line, commission_statement, commission_statement_mapping, commission_agreement`,
    );
  }
}
