import { BrokerClock } from '@app/common/clock/broker-clock';
import { makeNip } from '@app/common/validation/nip';
import { createClient } from './support/fixtures';
import { startTestApp, TestApp } from './support/test-app';

/**
 * The retention sweep decides as of today: a date in the future only forecasts (dry run). A sweep
 * that would change data with asOf after today (the broker's calendar) is refused with 400 and
 * changes nothing; as of today or earlier it runs, and a contract in force keeps its client.
 */
describe('retention sweep: asOf', () => {
  let t: TestApp;
  let insurerId: string;
  const dpo = () => t.as('dpo', 'data_subject_rights');

  async function day(offset: number): Promise<string> {
    const [row] = await t.db.query(
      `SELECT to_char(${t.app.get(BrokerClock).todaySql} + $1::int, 'YYYY-MM-DD') AS d`,
      [offset],
    );
    return row.d;
  }

  /** Everything a sweep could change, as one value. */
  async function fingerprint(): Promise<string> {
    const [row] = await t.db.query(
      `SELECT (SELECT md5(string_agg(c::text, '|' ORDER BY c.id)) FROM client c) AS clients,
              (SELECT md5(coalesce(string_agg(k::text, '|' ORDER BY k.id), '')) FROM consent k) AS consents,
              (SELECT md5(coalesce(string_agg(k::text, '|' ORDER BY k.id), '')) FROM contract k) AS contracts,
              (SELECT count(*) FROM data_subject_request) AS requests,
              (SELECT count(*) FROM audit_entry WHERE action IN ('erase', 'delete') AND outcome = 'allowed') AS erasures`,
    );
    return JSON.stringify(row);
  }

  beforeAll(async () => {
    t = await startTestApp();
    const [row] = await t.db.query(
      `INSERT INTO insurer (name, nip, dsr_contact_email) VALUES ('Termin TU', $1, 'iod@termin.example') RETURNING id`,
      [makeNip(635_200_000)],
    );
    insurerId = row.id;
  });
  afterAll(async () => {
    await t?.close();
  });

  it('refuses a sweep that erases as of a date after today (400 AS_OF_IN_FUTURE) and changes nothing; a dry run may look ahead; today is allowed', async () => {
    const expired = (await createClient(t)).id;
    await t.db.query(`UPDATE client SET last_activity_at = '2020-01-10T12:00:00Z' WHERE id = $1`, [expired]);
    const insured = (await createClient(t)).id;
    await t.db.query(`UPDATE client SET last_activity_at = '2020-01-10T12:00:00Z' WHERE id = $1`, [insured]);
    await t.db.query(
      `INSERT INTO contract (client_id, insurer_id, line_of_business, policy_number, product_name, start_date, end_date, premium,
                             commission_rate_bp, commission, sum_insured, deductible)
       VALUES ($1, $2, 'home', 'H/' || gen_random_uuid(), 'Dom', $3, $4, 50000, 1000, 5000, 1, 0)`,
      [insured, insurerId, await day(-30), await day(334)],
    );

    const before = await fingerprint();
    for (const asOf of ['2100-01-01', await day(1), `${await day(1)}T00:30:00+01:00`]) {
      const res = await t.http.post('/api/retention/sweep').set(dpo()).send({ dryRun: false, asOf });
      expect({ asOf, status: res.status, code: res.body.code }).toEqual({
        asOf,
        status: 400,
        code: 'AS_OF_IN_FUTURE',
      });
    }
    expect(await fingerprint()).toBe(before);

    // Looking ahead is what a dry run is for: in 2100 the contract would no longer keep the client.
    const forecast = await t.http
      .post('/api/retention/sweep')
      .set(dpo())
      .send({ dryRun: true, asOf: '2100-01-01' });
    expect(forecast.status).toBe(200);
    expect(forecast.body.anonymised.clientIds).toEqual(expect.arrayContaining([expired, insured]));
    expect(await fingerprint()).toBe(before);

    // As of today the sweep runs: the expired prospect goes, the contract in force keeps its client.
    const today = await t.http
      .post('/api/retention/sweep')
      .set(dpo())
      .send({ dryRun: false, asOf: await day(0) });
    expect(today.status).toBe(200);
    expect(today.body.anonymised.clientIds).toContain(expired);
    expect(today.body.anonymised.clientIds).not.toContain(insured);
    const states = await t.db.query(`SELECT id, status FROM client WHERE id = ANY($1::uuid[]) ORDER BY id`, [
      [expired, insured],
    ]);
    expect(Object.fromEntries(states.map((r: { id: string; status: string }) => [r.id, r.status]))).toEqual({
      [expired]: 'anonymised',
      [insured]: 'active',
    });
  });
});
