import { randomBytes } from 'node:crypto';
import { rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { NestFastifyApplication } from '@nestjs/platform-fastify';
import request from 'supertest';
import TestAgent from 'supertest/lib/agent';
import { DataSource } from 'typeorm';
import { AuditSealer } from '@app/audit';
import { AppConfig, loadAppConfig } from '@app/common/config/app-config';
import { dropDatabase, ensureDatabase } from '@app/common/database/ensure-database';
import { withDatabase } from '@app/common/database/data-source-options';
import { RequestLogLine } from '@app/common/logging/request-log';
import type { Purpose, Role } from '@app/privacy';
import { StaffService } from '../../src/auth';
import { createApp } from '../../src/bootstrap';
import { DEMO_STAFF } from '../../src/cli/seed/demo-staff';
import { TeamsService } from '../../src/portfolios';

export const TEST_PASSWORD = 'test-password-123';

export interface TestApp {
  app: NestFastifyApplication;
  http: TestAgent;
  config: AppConfig;
  db: DataSource;
  databaseUrl: string;
  requestLog: RequestLogLine[];
  /** Staff ids, bearer tokens and refresh tokens of the six demo roles. */
  staff: Record<Role, { id: string; token: string; refreshToken: string; email: string }>;
  /** Headers for a role acting under a purpose. */
  as(role: Role, purpose?: Purpose | string): Record<string, string>;
  sealNow(): Promise<number>;
  close(): Promise<void>;
}

/** A unique name per test file, so files run in parallel on their own database and Redis keys. */
export function uniqueName(prefix: string): string {
  return `${prefix}_${process.env.CONSENTRY_TEST_RUN ?? process.pid}_${randomBytes(4).toString('hex')}`;
}

/** The team of the test accounts (portfolios). */
export const TEST_TEAM = 'Zespół testowy';

export function testConfig(overrides: Record<string, string> = {}): {
  config: AppConfig;
  databaseUrl: string;
} {
  const server = process.env.CONSENTRY_TEST_SERVER_URL ?? 'postgres://postgres@127.0.0.1:5432/consentry_test';
  const databaseUrl = withDatabase(server, uniqueName('consentry_t'));
  const config = loadAppConfig({
    NODE_ENV: 'test',
    DATABASE_URL: databaseUrl,
    REDIS_URL: process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379',
    REDIS_PREFIX: uniqueName('consentry-test'),
    LOG_LEVEL: 'silent',
    LOGIN_THROTTLE_LIMIT: '1000',
    AUDIT_SEAL_INTERVAL_MS: '100',
    DATABASE_POOL_SIZE: '5',
    // Checkpoints of the record's chain: a directory per test file, so no file sees another's.
    AUDIT_CHECKPOINT_DIR: join(tmpdir(), uniqueName('consentry-checkpoints')),
    // Documents' files: a directory per test file too.
    DOCUMENTS_DIR: join(tmpdir(), uniqueName('consentry-documents')),
    ...overrides,
  });
  return { config, databaseUrl };
}

/** Boots the whole application over HTTP on a fresh copy of the migrated template database. */
export async function startTestApp(overrides: Record<string, string> = {}): Promise<TestApp> {
  const { config, databaseUrl } = testConfig(overrides);
  await ensureDatabase(databaseUrl, process.env.CONSENTRY_TEST_TEMPLATE);
  const requestLog: RequestLogLine[] = [];
  const app = await createApp(config, { logger: false, requestLog: (line) => requestLog.push(line) });
  await app.init();
  await app.getHttpAdapter().getInstance().ready();
  const http = request(app.getHttpServer());
  const staffService = app.get(StaffService);
  const staff = {} as TestApp['staff'];
  for (const account of DEMO_STAFF) {
    const created = await staffService.upsert({ ...account, password: TEST_PASSWORD });
    const login = await http.post('/api/auth/login').send({ email: account.email, password: TEST_PASSWORD });
    if (login.status !== 200) throw new Error(`login failed for ${account.email}: ${login.status}`);
    staff[account.role] = {
      id: created.id,
      token: login.body.accessToken,
      refreshToken: login.body.refreshToken,
      email: account.email,
    };
  }
  // One team holds every test account, so the portfolio-bound purposes see what each test creates.
  await app.get(TeamsService).ensureTeam(
    TEST_TEAM,
    Object.values(staff).map((s) => s.id),
  );
  return {
    app,
    http,
    config,
    db: app.get(DataSource),
    databaseUrl,
    requestLog,
    staff,
    as(role, purpose) {
      const headers: Record<string, string> = { authorization: `Bearer ${staff[role].token}` };
      if (purpose) headers['x-purpose'] = purpose;
      return headers;
    },
    sealNow: () => app.get(AuditSealer).sealNow(),
    async close() {
      await app.close();
      await dropDatabase(databaseUrl);
      rmSync(config.AUDIT_CHECKPOINT_DIR, { recursive: true, force: true });
      rmSync(config.DOCUMENTS_DIR, { recursive: true, force: true });
    },
  };
}

export interface SecondInstance {
  app: NestFastifyApplication;
  http: TestAgent;
  close(): Promise<void>;
}

/**
 * Another instance of the application on the same database and Redis (same REDIS_PREFIX) as `t`,
 * as a second API process behind a load balancer would be. Closing it leaves the database alone.
 */
export async function startSecondInstance(t: TestApp): Promise<SecondInstance> {
  const app = await createApp(t.config, { logger: false, requestLog: () => undefined });
  await app.init();
  await app.getHttpAdapter().getInstance().ready();
  return { app, http: request(app.getHttpServer()), close: () => app.close() };
}
