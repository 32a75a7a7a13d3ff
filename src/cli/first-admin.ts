import 'reflect-metadata';
import { randomBytes } from 'node:crypto';
import { NestFactory } from '@nestjs/core';
import { DataSource } from 'typeorm';
import { AuditRecorder } from '@app/audit';
import { loadAppConfig } from '@app/common/config/app-config';
import { StaffService } from '../auth';
import { WorkerModule } from '../worker.module';

/**
 * Creates the first administrator when the database has no active one (a fresh production
 * install, where demo accounts are never seeded). The password is random, printed once, and must
 * be changed at the first sign-in. With an administrator present it does nothing, so it is safe
 * on every start. The e-mail comes from FIRST_ADMIN_EMAIL (default admin@consentry.local).
 */
export async function ensureFirstAdmin(
  log: (message: string) => void = (m) => process.stdout.write(`${m}\n`),
): Promise<void> {
  const config = loadAppConfig(process.env);
  const email = (process.env.FIRST_ADMIN_EMAIL ?? 'admin@consentry.local').trim().toLowerCase();
  const app = await NestFactory.createApplicationContext(
    WorkerModule.register(config, { background: false }),
    { logger: ['error', 'warn'] },
  );
  try {
    const db = app.get(DataSource);
    if ((await app.get(StaffService).activeAdmins()) > 0) {
      log('first administrator: not needed (an active administrator exists)');
      return;
    }
    const password = randomBytes(18).toString('base64url');
    await db.transaction(async (manager) => {
      const admin = await app
        .get(StaffService)
        .create(
          { email, password, fullName: 'Administrator', role: 'admin', mustChangePassword: true },
          manager,
        );
      await app.get(AuditRecorder).record(
        {
          action: 'create',
          resource: 'staff',
          resourceId: admin.id,
          outcome: 'allowed',
          reason: 'first_admin',
          actor: { staffId: null, role: 'system', purpose: null },
        },
        manager,
      );
    });
    log(
      `first administrator: ${email}, one-time password ${password} (change it at the first sign-in; it is shown only now)`,
    );
  } finally {
    await app.close();
  }
}

if (require.main === module) {
  ensureFirstAdmin().catch((error: unknown) => {
    process.stderr.write(
      `Creating the first administrator failed: ${error instanceof Error ? error.message : String(error)}\n`,
    );
    process.exit(1);
  });
}
