import { Client } from 'pg';
import { loadAppConfig } from '@app/common/config/app-config';
import { withDatabase } from '@app/common/database/data-source-options';
import { dropDatabase, ensureDatabase } from '@app/common/database/ensure-database';
import { APP_ROLE, urlWithUser } from '@app/common/database/roles';
import { startTestApp, TestApp, uniqueName } from './support/test-app';

/**
 * READ_DATABASE_URL: the record's queries and reports (the review, its CSV export, the anomalies)
 * read through it. The test points it at a second database standing in for a replica, holding
 * entries the primary does not: what the API answers shows which connection it read.
 */
describe('READ_DATABASE_URL for the record of operations', () => {
  const server = process.env.CONSENTRY_TEST_SERVER_URL ?? 'postgres://postgres@127.0.0.1:5432/consentry_test';
  const replicaUrl = withDatabase(server, uniqueName('consentry_replica'));
  let t: TestApp;
  let replica: Client;
  const marker = 'replica-only-entry';
  const manager = () => t.as('manager', 'security_audit');

  beforeAll(async () => {
    await ensureDatabase(replicaUrl, process.env.CONSENTRY_TEST_TEMPLATE);
    replica = new Client({ connectionString: replicaUrl });
    await replica.connect();
    // Thirty reads and an export by one member of staff, on the replica only (every export is a finding).
    await replica.query(
      `INSERT INTO audit_entry (at, actor_id, actor_role, purpose, action, resource, client_ids, outcome, request_id)
       SELECT now() - interval '2 hours' + g * interval '1 minute', $2::uuid, 'broker', 'claims', 'read', 'client',
              ARRAY[gen_random_uuid()], 'allowed', $1
         FROM generate_series(1, 30) g`,
      [marker, '00000000-0000-4000-8000-00000000beef'],
    );
    await replica.query(
      `INSERT INTO audit_entry (at, actor_id, actor_role, purpose, action, resource, client_ids, outcome, request_id)
       VALUES (now() - interval '1 hour', $2::uuid, 'broker', 'claims', 'export', 'client', ARRAY[gen_random_uuid()], 'allowed', $1)`,
      [marker, '00000000-0000-4000-8000-00000000beef'],
    );
    t = await startTestApp({ READ_DATABASE_URL: urlWithUser(replicaUrl, APP_ROLE) });
  });
  afterAll(async () => {
    await replica?.end();
    await t?.close();
    await dropDatabase(replicaUrl);
  });

  it('defaults to the primary', () => {
    const config = loadAppConfig({ DATABASE_URL: 'postgres://owner@db:5432/crm' });
    expect(config.readDatabaseUrl).toBe(config.appDatabaseUrl);
    const replicated = loadAppConfig({
      DATABASE_URL: 'postgres://owner@db:5432/crm',
      READ_DATABASE_URL: 'postgres://reader@replica:5432/crm',
    });
    expect(replicated.readDatabaseUrl).toBe('postgres://reader@replica:5432/crm');
    expect(() => loadAppConfig({ READ_DATABASE_URL: 'mysql://replica/crm' })).toThrow(/READ_DATABASE_URL/);
  });

  it('the review and its CSV export read the replica, not the primary', async () => {
    const [onPrimary] = await t.db.query(`SELECT count(*)::int AS n FROM audit_entry WHERE request_id = $1`, [
      marker,
    ]);
    expect(onPrimary.n).toBe(0);

    const page = await t.http
      .get('/api/access-logs')
      .query({ resource: 'client', limit: 100 })
      .set(manager());
    expect(page.status).toBe(200);
    const ids = (page.body.items as Array<{ requestId: string | null }>).map((i) => i.requestId);
    expect(ids.filter((id) => id === marker)).toHaveLength(31);

    const csv = await t.http.get('/api/access-logs/export').query({ resource: 'client' }).set(manager());
    expect(csv.status).toBe(200);
    expect((csv.text.match(new RegExp(marker, 'g')) ?? []).length).toBe(31);
  });

  it('the anomalies read the replica too', async () => {
    const res = await t.http.get('/api/access-logs/anomalies').set(manager());
    expect(res.status).toBe(200);
    expect(res.body.summary.export).toBe(1);
    expect(res.body.findings.find((f: { kind: string }) => f.kind === 'export').actorId).toBe(
      '00000000-0000-4000-8000-00000000beef',
    );
  });

  it('what the reviews record goes to the primary', async () => {
    const { rows } = await replica.query(
      `SELECT count(*)::int AS n FROM audit_entry WHERE resource IN ('access_log', 'access_log_anomalies')`,
    );
    expect(rows[0].n).toBe(0);
    const [primary] = await t.db.query(
      `SELECT count(*)::int AS n FROM audit_entry WHERE resource IN ('access_log', 'access_log_anomalies')`,
    );
    expect(primary.n).toBeGreaterThanOrEqual(3);
  });
});
