import { Client } from 'pg';
import { splitDatabaseUrl } from '../../libs/common/src/database/data-source-options';

/** Drops the run's template and any database a crashed test file left behind. */
export default async function globalTeardown(): Promise<void> {
  const server = process.env.CONSENTRY_TEST_SERVER_URL;
  const run = process.env.CONSENTRY_TEST_RUN;
  if (!server || !run) return;
  const admin = new Client({ connectionString: splitDatabaseUrl(server).adminUrl });
  await admin.connect();
  try {
    const { rows } = await admin.query<{ datname: string }>(
      `SELECT datname FROM pg_database WHERE datname = $1 OR datname LIKE $2`,
      [`consentry_tpl_${run}`, `consentry_t_${run}_%`],
    );
    for (const { datname } of rows) await admin.query(`DROP DATABASE IF EXISTS "${datname}" WITH (FORCE)`);
  } finally {
    await admin.end();
  }
}
