import { getDataSourceToken } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { MANDATE_DATA_SOURCE } from '@app/common/database/data-source-options';
import { startTestApp, TestApp } from './support/test-app';

/** /health checks each connection the API depends on, the mandate role's own pool included. */
describe('health', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(async () => {
    await t?.close();
  });

  it('reports database, Redis and the mandate connection up', async () => {
    const res = await t.http.get('/health');
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      status: 'ok',
      info: { database: { status: 'up' }, redis: { status: 'up' }, mandates: { status: 'up' } },
    });
  });

  it('reports the mandate connection down when it cannot answer in time, and up again once it can', async () => {
    const mandateDb = t.app.get<DataSource>(getDataSourceToken(MANDATE_DATA_SOURCE));
    const poolSize = (mandateDb.options.extra as { max: number }).max;
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    // Every connection of the mandate pool busy: the health query waits for one and times out.
    const holders = Array.from({ length: poolSize }, () => mandateDb.transaction(() => held));
    try {
      await new Promise((r) => setTimeout(r, 200));
      const down = await t.http.get('/health');
      expect(down.status).toBe(503);
      // The error filter keeps terminus' `details` (its `error` field names the HTTP status instead).
      expect(down.body.details).toEqual({
        database: { status: 'up' },
        redis: { status: 'up' },
        mandates: { status: 'down', message: 'unreachable' },
      });
    } finally {
      release();
      await Promise.all(holders);
    }
    const up = await t.http.get('/health');
    expect(up.status).toBe(200);
    expect(up.body.info.mandates).toEqual({ status: 'up' });
  });
});
