/**
 * Writes the app's OpenAPI document to web/src/api/openapi.json, built exactly as the running app
 * builds `/docs/openapi.json` (createApp + openApiDocument), on a throw-away empty database: the
 * document needs the routes, not the data. `npm run openapi` then types the web client from it.
 */
import 'reflect-metadata';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadAppConfig } from '@app/common/config/app-config';
import { dropDatabase, ensureDatabase } from '@app/common/database/ensure-database';
import { withDatabase } from '@app/common/database/data-source-options';
import { createApp, openApiDocument } from '../src/bootstrap';

async function main(): Promise<void> {
  const server = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/crm';
  const databaseUrl = withDatabase(server, `consentry_openapi_${process.pid}`);
  await ensureDatabase(databaseUrl);
  try {
    const config = loadAppConfig({
      ...process.env,
      NODE_ENV: 'development',
      DATABASE_URL: databaseUrl,
      LOG_LEVEL: 'silent',
    });
    const app = await createApp(config, { logger: false, requestLog: () => undefined });
    try {
      const document = openApiDocument(app);
      const target = join(__dirname, '..', 'web', 'src', 'api', 'openapi.json');
      writeFileSync(target, JSON.stringify(document, null, 2) + '\n');
      process.stdout.write(
        `openapi: ${Object.keys(document.paths).length} paths → web/src/api/openapi.json\n`,
      );
    } finally {
      await app.close();
    }
  } finally {
    await dropDatabase(databaseUrl);
  }
}

main().catch((error: unknown) => {
  process.stderr.write(
    `openapi: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
  );
  process.exit(1);
});
