import { rmSync } from 'node:fs';
import { Client } from 'pg';
import { DataSource } from 'typeorm';
import { AuditVerifier } from '@app/audit';
import { CANONICAL_ENTRY_SQL, CHAIN_COLUMNS, ChainRow, canonicalEntry } from '@app/audit/canonical';
import { dropDatabase, ensureDatabase } from '@app/common/database/ensure-database';
import { runMigrations } from '@app/common/database/migrate';
import { MIGRATIONS } from '../migrations';
import { sealByHand } from './support/record-chain';
import { testConfig } from './support/test-app';

/** Every character JSON escapes (the quote, the backslash, U+0001 to U+001F) and some it does not. */
const AWKWARD = `"\\/${Array.from({ length: 31 }, (_, i) => String.fromCharCode(i + 1)).join('')}\u007f\u2028\u2029 zażółć gęślą jaźń 😀 {a,b} NULL`;

/**
 * The verifier reads each entry's canonical text as PostgreSQL makes it (CANONICAL_ENTRY_SQL); the
 * sealer makes it in JavaScript (canonicalEntry). They must be the same text for every value an
 * entry can hold, or an intact chain would read as broken, and a changed entry must still break it.
 */
describe("the record's canonical text made in SQL", () => {
  const { config, databaseUrl } = testConfig();
  let owner: Client;
  let rows: Array<ChainRow & { canonical: string }>;

  const verifierOn = (client: Client) =>
    new AuditVerifier(
      {
        query: async (sql: string, params?: unknown[]) => (await client.query(sql, params)).rows,
      } as unknown as DataSource,
      config,
    );

  beforeAll(async () => {
    await ensureDatabase(databaseUrl);
    await runMigrations(databaseUrl, MIGRATIONS);
    owner = new Client({ connectionString: databaseUrl });
    await owner.connect();
    await owner.query(
      `INSERT INTO audit_entry (at, actor_id, actor_role, purpose, action, resource, resource_id, client_ids, fields,
                                outcome, reason, request_id, ip, controller_id)
       VALUES
         -- every nullable column null, both arrays empty, a time on a whole second
         ('2026-03-01T10:00:00Z', NULL, NULL, NULL, 'read', 'client', NULL, '{}', '{}', 'allowed', NULL, NULL, NULL, NULL),
         -- awkward text everywhere text can go, arrays with quotes, commas, braces, an empty and a NULL element
         (now(), gen_random_uuid(), $1, $1, $1, $1, $1, ARRAY[gen_random_uuid(), gen_random_uuid()],
          ARRAY[$1, '', NULL, 'NULL', 'a,b', '{x}', 'email'], 'denied', $1, $1, $1, gen_random_uuid()),
         -- an ordinary read
         (now(), gen_random_uuid(), 'broker', 'offer_preparation', 'read', 'client', gen_random_uuid()::text,
          ARRAY[gen_random_uuid()], '{email,lastName}', 'allowed', NULL, 'req-1', '10.0.0.1', NULL)`,
      [AWKWARD],
    );
    rows = (
      await owner.query<ChainRow & { canonical: string }>(
        `SELECT ${CHAIN_COLUMNS}, ${CANONICAL_ENTRY_SQL} AS canonical FROM audit_entry e ORDER BY e.id`,
      )
    ).rows;
    // Sealed as the sealer seals: from the columns, in JavaScript.
    await sealByHand(owner, config.AUDIT_CHAIN_KEY, rows);
  });
  afterAll(async () => {
    await owner?.end();
    await dropDatabase(databaseUrl);
    rmSync(config.AUDIT_CHECKPOINT_DIR, { recursive: true, force: true });
  });

  it('is the text canonicalEntry makes of the columns, for every kind of value', () => {
    expect(rows).toHaveLength(3);
    expect(rows[1].reason).toBe(AWKWARD);
    expect(rows[1].fields).toContain(null);
    for (const row of rows) expect(row.canonical).toBe(canonicalEntry(row));
    // Not two texts that are equal by accident: the awkward row escapes every control character.
    expect(rows[1].canonical).toContain('\\u0001');
    expect(rows[1].canonical).toContain('\\u001f');
    expect(rows[1].canonical).toContain('\\b\\t\\n');
  });

  it('lets a chain sealed from the columns verify intact', async () => {
    await expect(verifierOn(owner).verify()).resolves.toMatchObject({
      valid: true,
      reason: null,
      checked: 3,
      firstInvalidId: null,
    });
  });

  it('breaks the chain at an entry whose text was changed, by one escaped character', async () => {
    await owner.query('BEGIN');
    try {
      await owner.query(`SET LOCAL session_replication_role = replica`);
      await owner.query(
        `UPDATE audit_entry SET reason = replace(reason, E'\\u0001', E'\\u0002') WHERE id = $1`,
        [rows[1].id],
      );
      await expect(verifierOn(owner).verify()).resolves.toMatchObject({
        valid: false,
        reason: 'CHAIN_BROKEN',
        checked: 1,
        firstInvalidId: rows[1].id,
      });
    } finally {
      await owner.query('ROLLBACK');
    }
  });
});
