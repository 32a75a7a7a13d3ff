import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { Client } from 'pg';

/**
 * The database roles the application logs in as (created by scripts/db-roles.sql, granted by the
 * migrations). The DATABASE_URL user owns the schema and only runs migrations.
 */
export const APP_ROLE = 'consentry_app';
export const MANDATE_ROLE = 'consentry_mandate';
/** The record-of-operations sealer: the only role that may write seals. */
export const SEALER_ROLE = 'consentry_sealer';
const LOGIN_ROLES = [APP_ROLE, MANDATE_ROLE, SEALER_ROLE];

/** The same server and database, logging in as another user, without a password. */
export function urlWithUser(url: string, user: string): string {
  const parsed = new URL(url);
  parsed.username = encodeURIComponent(user);
  parsed.password = '';
  return parsed.toString();
}

export function userOfUrl(url: string): string {
  return decodeURIComponent(new URL(url).username);
}

/**
 * Applies the roles script (idempotent) through an administrative connection, then gives each
 * application role the password its connection URL carries, if any (docker-compose sets them;
 * a local server with trust authentication needs none).
 */
export async function applyDatabaseRoles(
  adminUrl: string,
  rolesSql: string | null,
  loginUrls: string[],
): Promise<void> {
  const admin = new Client({ connectionString: adminUrl });
  await admin.connect();
  try {
    if (rolesSql) await admin.query(rolesSql);
    for (const url of loginUrls) {
      const parsed = new URL(url);
      const user = decodeURIComponent(parsed.username);
      const password = decodeURIComponent(parsed.password);
      if (!password || !LOGIN_ROLES.includes(user)) continue;
      await admin.query(
        `ALTER ROLE ${admin.escapeIdentifier(user)} PASSWORD ${admin.escapeLiteral(password)}`,
      );
    }
  } finally {
    await admin.end();
  }
}

/** scripts/db-roles.sql of this checkout, found from here whether running from sources or dist/. */
export function rolesScriptPath(): string {
  let dir = __dirname;
  while (!existsSync(join(dir, 'package.json')) && dirname(dir) !== dir) dir = dirname(dir);
  return join(dir, 'scripts', 'db-roles.sql');
}

/** Applies scripts/db-roles.sql through the server's maintenance database (see applyDatabaseRoles). */
export async function applyRolesScript(serverUrl: string, loginUrls: string[] = []): Promise<void> {
  const admin = new URL(serverUrl);
  admin.pathname = '/postgres';
  const script = rolesScriptPath();
  // An image without the script still gets its passwords; the migrations check that the roles exist.
  await applyDatabaseRoles(
    admin.toString(),
    existsSync(script) ? readFileSync(script, 'utf8') : null,
    loginUrls,
  );
}
