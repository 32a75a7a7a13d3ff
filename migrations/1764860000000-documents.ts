import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Documents of clients. The file lives in the document store (a directory or an S3 bucket) under
 * `storage_key` (`<client id>/<document id>`, so everything of one person is found by prefix);
 * this row describes it: category (the registry decides purposes and retention by it), the file's
 * name, type, size and SHA-256. `claim_id` names a claim without a foreign key: claims are kept by
 * another module, whose table this migration does not assume.
 */
export class Documents1764860000000 implements MigrationInterface {
  name = 'Documents1764860000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE document (
      id uuid PRIMARY KEY,
      client_id uuid NOT NULL REFERENCES client(id),
      contract_id uuid REFERENCES contract(id),
      claim_id uuid,
      category text NOT NULL CHECK (category IN ('policy','consent_form','claim','identity','other')),
      file_name text NOT NULL,
      content_type text NOT NULL,
      size_bytes bigint NOT NULL CHECK (size_bytes > 0),
      sha256 text NOT NULL CHECK (sha256 ~ '^[0-9a-f]{64}$'),
      storage_key text NOT NULL UNIQUE,
      created_by uuid REFERENCES staff(id),
      created_at timestamptz NOT NULL DEFAULT now()
    )`);
    await q.query(`CREATE INDEX document_client_idx ON document (client_id, created_at DESC, id)`);
    // Retention deletes by category and age.
    await q.query(`CREATE INDEX document_category_created_idx ON document (category, created_at)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE document`);
  }
}
