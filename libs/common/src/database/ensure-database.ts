import { Client } from 'pg';
import { splitDatabaseUrl } from './data-source-options';

/** Creates the database named in the URL when it does not exist yet (`npm run demo`, tests). */
export async function ensureDatabase(url: string, template?: string): Promise<boolean> {
  const { database, adminUrl } = splitDatabaseUrl(url);
  const admin = new Client({ connectionString: adminUrl });
  await admin.connect();
  try {
    const found = await admin.query('SELECT 1 FROM pg_database WHERE datname = $1', [database]);
    if (found.rowCount) return false;
    const ident = `"${database.replace(/"/g, '""')}"`;
    const tpl = template ? ` TEMPLATE "${template.replace(/"/g, '""')}"` : '';
    for (let attempt = 0; ; attempt++) {
      try {
        await admin.query(`CREATE DATABASE ${ident}${tpl}`);
        return true;
      } catch (error) {
        // Copies from one template cannot start while another session is connected to it.
        const retriable = /being accessed by other users/.test(String(error)) && attempt < 40;
        if (!retriable) throw error;
        await new Promise((r) => setTimeout(r, 250));
      }
    }
  } finally {
    await admin.end();
  }
}

export async function dropDatabase(url: string): Promise<void> {
  const { database, adminUrl } = splitDatabaseUrl(url);
  const admin = new Client({ connectionString: adminUrl });
  await admin.connect();
  try {
    await admin.query(`DROP DATABASE IF EXISTS "${database.replace(/"/g, '""')}" WITH (FORCE)`);
  } finally {
    await admin.end();
  }
}
