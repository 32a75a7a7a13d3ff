import { BrokerClock } from '@app/common/clock/broker-clock';
import { makeNip } from '@app/common/validation/nip';
import { createClient } from './support/fixtures';
import { TestApp, startTestApp } from './support/test-app';

interface SweepBody {
  anonymised: { clientIds: string[] };
  kept: { items: Array<{ clientId: string; duties: Array<{ kind: string; until: string | null }> }> };
}

/**
 * A contract keeps both its parties: the insured of a live policy, who is not its policyholder, is
 * kept by the retention sweep as the policyholder is, until the contract's retention ends.
 */
describe('retention of a contract’s insured', () => {
  let t: TestApp;
  const dpo = () => t.as('dpo', 'data_subject_rights');

  async function day(offset: number): Promise<string> {
    const [row] = await t.db.query(
      `SELECT to_char(${t.app.get(BrokerClock).todaySql} + $1::int, 'YYYY-MM-DD') AS d`,
      [offset],
    );
    return row.d;
  }
  async function sweep(body: Record<string, unknown>): Promise<SweepBody> {
    const res = await t.http.post('/api/retention/sweep').set(dpo()).send(body);
    expect(res.status).toBe(200);
    return res.body as SweepBody;
  }
  const status = async (id: string) =>
    (await t.db.query(`SELECT status FROM client WHERE id = $1`, [id]))[0].status as string;
  const ageOf = (ids: string[]) =>
    t.db.query(`UPDATE client SET last_activity_at = '2024-01-10T12:00:00Z' WHERE id = ANY($1::uuid[])`, [
      ids,
    ]);

  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(async () => {
    await t?.close();
  });

  it('keeps the insured of a live contract until its retention ends, as it keeps the policyholder', async () => {
    const insurer = await t.http
      .post('/api/insurers')
      .set(t.as('admin'))
      .send({
        name: 'Retencja Ubezpieczonych TU',
        nip: makeNip(633_600_000),
        dsrContactEmail: 'iod@ru.example',
      });
    expect(insurer.status).toBe(201);
    const holder = await createClient(t, { lastName: 'Ubezpieczający' });
    const insured = await createClient(t, { lastName: 'Ubezpieczony' });
    const bystander = await createClient(t, { lastName: 'Bez Umowy' });
    const endDate = await day(200);
    const registered = await t.http
      .post('/api/contracts')
      .set(t.as('broker', 'contract_performance'))
      .send({
        policyholderId: holder.id,
        insurerId: insurer.body.id,
        lineOfBusiness: 'life',
        policyNumber: 'RET/INSURED/1',
        productName: 'Życie Rodziny',
        startDate: await day(-165),
        endDate,
        premium: { amount: 120_000, currency: 'PLN' },
        source: 'transferred',
        insuredObject: { kind: 'person', clientId: insured.id },
      });
    expect(registered.status).toBe(201);
    const [row] = await t.db.query(`SELECT client_id::text, insured_id::text FROM contract WHERE id = $1`, [
      registered.body.id,
    ]);
    expect(row).toEqual({ client_id: holder.id, insured_id: insured.id });
    // None of them has been active for long, and none gave a consent: only the contract keeps them.
    await ageOf([holder.id, insured.id, bystander.id]);

    const real = await sweep({ dryRun: false });
    expect(real.anonymised.clientIds).toContain(bystander.id);
    expect(real.anonymised.clientIds).not.toContain(insured.id);
    expect(real.anonymised.clientIds).not.toContain(holder.id);
    expect(await status(insured.id)).toBe('active');
    expect(await status(bystander.id)).toBe('anonymised');
    const kept = (id: string) => real.kept.items.find((i) => i.clientId === id);
    expect(kept(insured.id)?.duties).toEqual(
      expect.arrayContaining([expect.objectContaining({ kind: 'contract' })]),
    );
    // The insured is kept for as long as the policyholder: the same duties, to the same days.
    expect(kept(insured.id)?.duties).toEqual(kept(holder.id)?.duties);

    // Once the contract's six years have run, the insured is no longer kept by it.
    const endYear = Number(endDate.slice(0, 4));
    const later = await sweep({ dryRun: true, asOf: `${endYear + 7}-06-01T00:00:00Z` });
    expect(later.anonymised.clientIds).toEqual(expect.arrayContaining([insured.id, holder.id]));
    expect(await status(insured.id)).toBe('active');
  });
});
