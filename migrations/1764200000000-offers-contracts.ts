import { MigrationInterface, QueryRunner } from 'typeorm';

const LINES = `'motor','home','travel','life','health','property','liability'`;

/**
 * Insurers, offer requests (demands-and-needs analysis), quotes and contracts. Money is stored as
 * bigint minor units with its currency; a contract's status is derived from its dates in queries.
 */
export class OffersContracts1764200000000 implements MigrationInterface {
  name = 'OffersContracts1764200000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE insurer (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      name text NOT NULL,
      nip text NOT NULL CHECK (nip ~ '^[0-9]{10}$'),
      krs text CHECK (krs ~ '^[0-9]{10}$'),
      dsr_contact_email text NOT NULL,
      created_by uuid,
      created_at timestamptz NOT NULL DEFAULT now()
    )`);
    await q.query(`CREATE UNIQUE INDEX insurer_nip_key ON insurer (nip)`);
    await q.query(`CREATE INDEX insurer_name_idx ON insurer (lower(name), id)`);

    await q.query(`CREATE TABLE offer_request (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      client_id uuid NOT NULL REFERENCES client(id),
      line_of_business text NOT NULL CHECK (line_of_business IN (${LINES})),
      required_coverages text[] NOT NULL,
      max_premium bigint CHECK (max_premium >= 0),
      currency text NOT NULL DEFAULT 'PLN' CHECK (currency = 'PLN'),
      notes text,
      status text NOT NULL DEFAULT 'open' CHECK (status IN ('open','concluded')),
      renews_contract_id uuid,
      created_by uuid,
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now()
    )`);
    await q.query(`CREATE INDEX offer_request_client_idx ON offer_request (client_id, created_at DESC)`);
    await q.query(`CREATE INDEX offer_request_created_idx ON offer_request (created_at DESC, id DESC)`);

    await q.query(`CREATE TABLE quote (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      offer_request_id uuid NOT NULL REFERENCES offer_request(id),
      insurer_id uuid NOT NULL REFERENCES insurer(id),
      status text NOT NULL CHECK (status IN ('offered','declined')),
      product_name text,
      premium bigint CHECK (premium >= 0),
      sum_insured bigint CHECK (sum_insured >= 0),
      deductible bigint CHECK (deductible >= 0),
      currency text NOT NULL DEFAULT 'PLN' CHECK (currency = 'PLN'),
      coverages jsonb NOT NULL DEFAULT '[]',
      valid_until date,
      commission_rate_bp integer CHECK (commission_rate_bp BETWEEN 0 AND 10000),
      decline_reason text,
      created_by uuid,
      created_at timestamptz NOT NULL DEFAULT now(),
      CHECK (status = 'declined' OR (product_name IS NOT NULL AND premium IS NOT NULL AND sum_insured IS NOT NULL
             AND deductible IS NOT NULL AND valid_until IS NOT NULL AND commission_rate_bp IS NOT NULL)),
      CHECK (status = 'offered' OR decline_reason IS NOT NULL)
    )`);
    await q.query(`CREATE INDEX quote_offer_request_idx ON quote (offer_request_id, created_at)`);
    await q.query(`CREATE INDEX quote_insurer_idx ON quote (insurer_id)`);

    await q.query(`CREATE TABLE contract (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      client_id uuid NOT NULL REFERENCES client(id),
      insurer_id uuid NOT NULL REFERENCES insurer(id),
      offer_request_id uuid REFERENCES offer_request(id),
      quote_id uuid REFERENCES quote(id),
      line_of_business text NOT NULL CHECK (line_of_business IN (${LINES})),
      policy_number text NOT NULL CHECK (length(policy_number) BETWEEN 1 AND 64),
      product_name text NOT NULL,
      start_date date NOT NULL,
      end_date date NOT NULL,
      premium bigint NOT NULL CHECK (premium >= 0),
      commission_rate_bp integer NOT NULL CHECK (commission_rate_bp BETWEEN 0 AND 10000),
      commission bigint NOT NULL CHECK (commission >= 0),
      sum_insured bigint NOT NULL CHECK (sum_insured >= 0),
      deductible bigint NOT NULL CHECK (deductible >= 0),
      currency text NOT NULL DEFAULT 'PLN' CHECK (currency = 'PLN'),
      coverages jsonb NOT NULL DEFAULT '[]',
      recommendation text,
      cancelled_at timestamptz,
      cancellation_reason text,
      cancelled_by uuid,
      concluded_by uuid,
      created_at timestamptz NOT NULL DEFAULT now(),
      CHECK (end_date > start_date),
      CHECK ((cancelled_at IS NULL) = (cancellation_reason IS NULL))
    )`);
    await q.query(`CREATE UNIQUE INDEX contract_policy_number_key ON contract (insurer_id, policy_number)`);
    await q.query(`CREATE UNIQUE INDEX contract_quote_key ON contract (quote_id) WHERE quote_id IS NOT NULL`);
    await q.query(`CREATE INDEX contract_client_idx ON contract (client_id, end_date)`);
    await q.query(`CREATE INDEX contract_created_idx ON contract (created_at DESC, id DESC)`);
    // Renewal worklists and reminder scans look contracts up by end date.
    await q.query(`CREATE INDEX contract_end_date_idx ON contract (end_date, id) WHERE cancelled_at IS NULL`);

    await q.query(`ALTER TABLE offer_request ADD CONSTRAINT offer_request_renews_contract_fkey
      FOREIGN KEY (renews_contract_id) REFERENCES contract(id)`);
    // One renewal offer request per contract.
    await q.query(
      `CREATE UNIQUE INDEX offer_request_renews_key ON offer_request (renews_contract_id) WHERE renews_contract_id IS NOT NULL`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE offer_request DROP CONSTRAINT IF EXISTS offer_request_renews_contract_fkey`);
    await q.query(`DROP TABLE IF EXISTS contract, quote, offer_request, insurer CASCADE`);
  }
}
