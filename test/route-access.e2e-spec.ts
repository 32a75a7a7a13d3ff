import { Controller, Get, Module } from '@nestjs/common';
import { NestFastifyApplication } from '@nestjs/platform-fastify';
import request from 'supertest';
import { dropDatabase, ensureDatabase } from '@app/common/database/ensure-database';
import { createApp } from '../src/bootstrap';
import { collectRoutes, describeAccess } from './support/routes';
import { startTestApp, testConfig, TestApp } from './support/test-app';

/** A controller that forgets to declare its access: the global guard must refuse it. */
@Controller('api/forgotten')
class ForgottenController {
  @Get()
  leak() {
    return { secret: 'should never be served' };
  }
}

@Module({ controllers: [ForgottenController] })
class ForgottenModule {}

describe('every route declares its access', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(async () => {
    await t?.close();
  });

  it('lists every route with its declaration (a new route changes this list)', () => {
    const routes = collectRoutes(t.app);
    const undeclared = routes.filter((r) => !r.access).map((r) => `${r.method} ${r.path}`);
    expect(undeclared).toEqual([]);
    expect(
      routes.map((r) => `${r.method.padEnd(6)} ${r.path.padEnd(48)} ${describeAccess(r.access)}`),
    ).toMatchSnapshot();
  });

  it('every route touching clients or consents requires a purpose', () => {
    // Moving a client between portfolios is an administrative act on ids (admins hold no purpose):
    // it reads and writes no personal value, and is recorded as a client_transfer.
    const idsOnly = new Set(['POST /api/clients/:id/transfer']);
    for (const route of collectRoutes(t.app).filter(
      (r) => r.path.startsWith('/api/clients') && !idsOnly.has(`${r.method} ${r.path}`),
    )) {
      expect([route.path, route.access?.personalData !== undefined || route.access?.public === true]).toEqual(
        [route.path, true],
      );
    }
  });
});

describe('deny by default', () => {
  it('refuses a route that declares neither @Access nor @Public', async () => {
    const { config, databaseUrl } = testConfig();
    await ensureDatabase(databaseUrl, process.env.CONSENTRY_TEST_TEMPLATE);
    const app: NestFastifyApplication = await createApp(config, {
      logger: false,
      requestLog: () => undefined,
      extraModules: [ForgottenModule],
    });
    try {
      await app.init();
      await app.getHttpAdapter().getInstance().ready();
      const res = await request(app.getHttpServer()).get('/api/forgotten');
      expect(res.status).toBe(403);
      expect(res.body.code).toBe('ROUTE_NOT_DECLARED');
      expect(JSON.stringify(res.body)).not.toContain('should never be served');
    } finally {
      await app.close();
      await dropDatabase(databaseUrl);
    }
  });
});
