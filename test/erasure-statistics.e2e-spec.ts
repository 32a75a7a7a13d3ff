import { Client } from 'pg';
import { analyze, createClient } from './support/fixtures';
import { startTestApp, TestApp } from './support/test-app';

/**
 * The planner's statistics copy column values (pg_stats: most common values, histogram bounds).
 * After an erasure they must not keep the erased values: the erasure, once committed, has the
 * tables it wrote analysed again (through a function of the tables' owner, since the application's
 * role may not ANALYZE them). pg_stats is read here through the owner's connection.
 */
describe('statistics after erasure', () => {
  let t: TestApp;
  const dpo = () => t.as('dpo', 'data_subject_rights');

  /** Every value the statistics of the client table hold, as text. */
  async function clientStatistics(): Promise<string> {
    const owner = new Client({ connectionString: t.databaseUrl });
    await owner.connect();
    try {
      const rows: Array<{ attname: string; vals: string | null; bounds: string | null }> = (
        await owner.query(
          `SELECT attname, most_common_vals::text AS vals, histogram_bounds::text AS bounds
             FROM pg_stats WHERE schemaname = 'public' AND tablename = 'client'`,
        )
      ).rows;
      return rows.map((r) => `${r.attname}: ${r.vals ?? ''} ${r.bounds ?? ''}`).join('\n');
    } finally {
      await owner.end();
    }
  }

  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(async () => {
    await t?.close();
  });

  it('after a sweep erases clients, the most common values of the client table no longer hold their surname', async () => {
    const surname = `Zgrzebłowska${process.pid}`;
    await t.db.query(
      `INSERT INTO client (first_name, last_name, email, source, last_activity_at)
       SELECT 'Ala', $1, 'ala.' || g || '.' || $2 || '@example.com', 'staff:offer_preparation', '2020-01-10T12:00:00Z'
         FROM generate_series(1, 60) g`,
      [surname, process.pid],
    );
    for (let i = 0; i < 5; i++) await createClient(t);
    await analyze(t, ['client']);
    expect(await clientStatistics()).toContain(surname);

    const sweep = await t.http.post('/api/retention/sweep').set(dpo()).send({ dryRun: false });
    expect(sweep.status).toBe(200);
    expect(sweep.body.anonymised.count).toBe(60);
    expect(await clientStatistics()).not.toContain(surname);
  });

  it('after a request erases one client, the histogram of the client table no longer holds the e-mail', async () => {
    const email = `zofia.statystyczna.${process.pid}@example.com`;
    const { id: clientId } = await createClient(t, { email });
    for (let i = 0; i < 3; i++) await createClient(t);
    await analyze(t, ['client']);
    expect(await clientStatistics()).toContain(email);

    const req = await t.http
      .post('/api/data-subject-requests')
      .set(dpo())
      .send({ clientId, type: 'erasure' });
    await t.http
      .post(`/api/data-subject-requests/${req.body.id}/verify-identity`)
      .set(dpo())
      .send({ method: 'id_document_in_person' });
    const done = await t.http.post(`/api/data-subject-requests/${req.body.id}/execute`).set(dpo()).send({});
    expect(done.status).toBe(200);
    expect(done.body.outcome).toMatchObject({ action: 'anonymised' });
    expect(done.body.outcome.cleanupFailed).toBeUndefined();
    expect(await clientStatistics()).not.toContain(email);
  });
});
