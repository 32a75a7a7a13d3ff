import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { DataSource } from 'typeorm';
import { loadAppConfig } from '@app/common/config/app-config';
import { FieldCipher } from '@app/common/crypto/field-cipher';
import { WorkerModule } from '../worker.module';
import { SEED_STEPS } from './seed/steps';

/** Seeds demo data through the application's own modules; safe to run again. */
export async function seedDemo(
  log: (message: string) => void = (m) => process.stdout.write(`${m}\n`),
): Promise<void> {
  const config = loadAppConfig(process.env);
  // Demo accounts share a published password: a production database never gets them.
  if (config.isProduction)
    throw new Error(
      'The demo data is never seeded with NODE_ENV=production (its accounts share a published password)',
    );
  const app = await NestFactory.createApplicationContext(
    WorkerModule.register(config, { background: false }),
    { logger: ['error', 'warn'] },
  );
  try {
    const ctx = { app, db: app.get(DataSource), config, cipher: app.get(FieldCipher), log };
    for (const step of SEED_STEPS) await step.run(ctx);
  } finally {
    await app.close();
  }
}

if (require.main === module) {
  seedDemo().catch((error: unknown) => {
    process.stderr.write(`Seeding failed: ${error instanceof Error ? error.stack : String(error)}\n`);
    process.exit(1);
  });
}
