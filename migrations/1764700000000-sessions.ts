import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Sessions and the staff lifecycle. `session_version` is bumped whenever access must end at once
 * (deactivation, role change, password change or reset, signing out everywhere); access tokens
 * name the version they were issued under, and Redis holds the current one for every instance.
 * A sign-in opens a `staff_session` (a refresh-token family); each refresh token is stored as a
 * SHA-256 hash, used once, and replaced by the next; presenting a used one revokes its family.
 */
export class Sessions1764700000000 implements MigrationInterface {
  name = 'Sessions1764700000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE staff
      ADD COLUMN session_version integer NOT NULL DEFAULT 1,
      ADD COLUMN must_change_password boolean NOT NULL DEFAULT false`);
    await q.query(`CREATE TABLE staff_session (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      staff_id uuid NOT NULL REFERENCES staff (id),
      created_at timestamptz NOT NULL DEFAULT now(),
      last_used_at timestamptz NOT NULL DEFAULT now(),
      revoked_at timestamptz,
      revoked_reason text CHECK (revoked_reason IN ('logout', 'reuse', 'access_changed'))
    )`);
    await q.query(`CREATE INDEX staff_session_open_idx ON staff_session (staff_id) WHERE revoked_at IS NULL`);
    await q.query(`CREATE TABLE staff_refresh_token (
      token_hash text PRIMARY KEY,
      session_id uuid NOT NULL REFERENCES staff_session (id) ON DELETE CASCADE,
      created_at timestamptz NOT NULL DEFAULT now(),
      expires_at timestamptz NOT NULL,
      used_at timestamptz
    )`);
    await q.query(`CREATE INDEX staff_refresh_token_session_idx ON staff_refresh_token (session_id)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE IF EXISTS staff_refresh_token, staff_session`);
    await q.query(
      `ALTER TABLE staff DROP COLUMN IF EXISTS must_change_password, DROP COLUMN IF EXISTS session_version`,
    );
  }
}
