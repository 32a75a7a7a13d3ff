import { INestApplicationContext } from '@nestjs/common';
import { getQueueToken } from '@nestjs/bullmq';
import { Queue } from 'bullmq';
import { makeNip } from '@app/common/validation/nip';
import { QUEUES } from '../src/jobs';
import { createClient, grantConsent } from './support/fixtures';
import { clearRedisPrefix, startWorker, waitFor } from './support/messaging';
import { startTestApp, TestApp } from './support/test-app';

/**
 * Retention from the registry: the sweep anonymises whom no purpose may keep and no legal hold
 * covers, reports what it kept, why and until when, changes nothing in a dry run, and finishes
 * erasures that a legal duty deferred once the duty ends. Legal holds are placed and released.
 */
describe('retention', () => {
  let t: TestApp;
  const dpo = () => t.as('dpo', 'data_subject_rights');
  const claims = () => t.as('dpo', 'claims');
  let insurerId: string;

  async function sweep(body: Record<string, unknown>) {
    const res = await t.http.post('/api/retention/sweep').set(dpo()).send(body);
    expect(res.status).toBe(200);
    return res.body as {
      dryRun: boolean;
      examined: number;
      anonymised: { count: number; clientIds: string[] };
      kept: {
        count: number;
        byDuty: Record<string, number>;
        items: Array<{ clientId: string; duties: Array<Record<string, unknown>> }>;
      };
      records: Array<{ name: string; purpose: string; count: number; before: string }>;
    };
  }

  async function prospect(lastActivity = '2024-01-10T12:00:00Z') {
    const client = await createClient(t);
    await t.db.query(`UPDATE client SET last_activity_at = $2 WHERE id = $1`, [client.id, lastActivity]);
    return client.id;
  }

  async function contract(clientId: string, start: string, end: string) {
    await t.db.query(
      `INSERT INTO contract (client_id, insurer_id, line_of_business, policy_number, product_name, start_date, end_date, premium,
                             commission_rate_bp, commission, sum_insured, deductible)
       VALUES ($1, $2, 'home', 'H/' || gen_random_uuid(), 'Dom', $3, $4, 50000, 1000, 5000, 1, 0)`,
      [clientId, insurerId, start, end],
    );
  }

  async function state(clientId: string) {
    const [row] = await t.db.query(
      `SELECT status, restricted, email IS NULL AS email_gone, pesel_index IS NULL AS index_gone FROM client WHERE id = $1`,
      [clientId],
    );
    return row;
  }

  /** Everything the sweep could change, as one value. */
  async function fingerprint(): Promise<string> {
    const [row] = await t.db.query(
      `SELECT (SELECT md5(string_agg(c::text, '|' ORDER BY c.id)) FROM client c) AS clients,
              (SELECT md5(string_agg(k::text, '|' ORDER BY k.id)) FROM consent k) AS consents,
              (SELECT count(*) FROM audit_entry WHERE action = 'erase') AS erasures`,
    );
    return JSON.stringify(row);
  }

  beforeAll(async () => {
    t = await startTestApp();
    const [row] = await t.db.query(
      `INSERT INTO insurer (name, nip, dsr_contact_email) VALUES ('Retencja TU', $1, 'iod@retencja.example') RETURNING id`,
      [makeNip(633_500_000)],
    );
    insurerId = row.id;
  });
  afterAll(async () => {
    await clearRedisPrefix(t.config);
    await t?.close();
  });

  it('serves the policies from the registry', async () => {
    const res = await t.http.get('/api/retention/policies').set(t.as('broker'));
    expect(res.status).toBe(200);
    const byPurpose = Object.fromEntries(res.body.items.map((p: { purpose: string }) => [p.purpose, p]));
    expect(byPurpose.offer_preparation).toMatchObject({
      from: 'last_activity',
      months: 12,
      legalDuty: false,
    });
    expect(byPurpose.contract_performance).toMatchObject({
      from: 'contract_end',
      months: 72,
      blocksErasure: true,
    });
    expect(byPurpose.legal_obligation).toMatchObject({
      from: 'end_of_calendar_year_after_contract_end',
      months: 60,
      blocksErasure: true,
    });
    expect(byPurpose.marketing).toMatchObject({ from: 'consent_withdrawal', months: 0 });
    expect(byPurpose.claims).toMatchObject({ from: 'claim_closed', blocksErasure: true });
  });

  it('a dry run changes nothing; a sweep past a prospect’s retention anonymises it; a legal hold keeps it and says why', async () => {
    const expired = await prospect();
    const held = await prospect();
    const recent = await prospect(new Date().toISOString());
    const consented = await prospect();
    await grantConsent(t, consented, 'client_contact', 'phone');
    await t.db.query(`UPDATE client SET last_activity_at = '2024-01-10T12:00:00Z' WHERE id = $1`, [
      consented,
    ]);
    const withContract = await prospect();
    await contract(withContract, '2019-07-01', '2020-06-30');
    const hold = await t.http
      .post(`/api/clients/${held}/legal-holds`)
      .set(claims())
      .send({ reason: 'Claim 2025/17: documentation needed' });
    expect(hold.status).toBe(201);
    expect(hold.body).toMatchObject({
      clientId: held,
      active: true,
      placedUnder: 'claims',
      placedBy: t.staff.dpo.id,
    });

    const asOf = '2025-06-01';
    const before = await fingerprint();
    const dry = await sweep({ dryRun: true, asOf });
    expect(await fingerprint()).toBe(before);
    expect(dry.dryRun).toBe(true);
    expect(dry.anonymised.clientIds).toContain(expired);
    for (const id of [held, recent, consented, withContract])
      expect(dry.anonymised.clientIds).not.toContain(id);
    expect(await state(expired)).toMatchObject({ status: 'active', email_gone: false });

    const keptOf = (report: typeof dry, id: string) =>
      report.kept.items.find((k) => k.clientId === id)?.duties;
    expect(keptOf(dry, held)).toEqual([
      expect.objectContaining({
        kind: 'legal_hold',
        purpose: 'claims',
        legal: true,
        until: null,
        holdIds: [hold.body.id],
      }),
    ]);
    expect(keptOf(dry, consented)).toEqual([
      expect.objectContaining({ kind: 'consent', purpose: 'client_contact', until: null }),
    ]);
    expect(keptOf(dry, recent)).toEqual([
      expect.objectContaining({ kind: 'recent_activity', purpose: 'offer_preparation', legal: false }),
    ]);
    expect(keptOf(dry, withContract)).toEqual([
      expect.objectContaining({
        kind: 'contract',
        purpose: 'contract_performance',
        until: '2026-06-30',
        rule: expect.objectContaining({ en: expect.any(String) }),
      }),
      expect.objectContaining({ kind: 'accounting', purpose: 'legal_obligation', until: '2026-01-01' }),
    ]);
    expect(dry.kept.byDuty).toMatchObject({ legal_hold: 1, consent: 1, contract: 1, accounting: 1 });

    const real = await sweep({ dryRun: false, asOf });
    expect(real.anonymised.clientIds).toContain(expired);
    expect(real.anonymised.clientIds).not.toContain(held);
    expect(await state(expired)).toEqual({
      status: 'anonymised',
      restricted: false,
      email_gone: true,
      index_gone: true,
    });
    expect(await state(held)).toMatchObject({ status: 'active', email_gone: false });
    expect(keptOf(real, held)).toEqual([expect.objectContaining({ kind: 'legal_hold' })]);
    const [entry] = await t.db.query(
      `SELECT actor_role, purpose, reason, fields FROM audit_entry WHERE action = 'erase' AND client_ids @> ARRAY[$1]::uuid[]`,
      [expired],
    );
    expect(entry).toEqual({
      actor_role: 'dpo',
      purpose: 'data_subject_rights',
      reason: 'RETENTION_ENDED',
      fields: ['address', 'dateOfBirth', 'email', 'firstName', 'language', 'lastName', 'pesel', 'phone'],
    });

    // Released, the hold no longer keeps the client.
    const released = await t.http.delete(`/api/clients/${held}/legal-holds/${hold.body.id}`).set(claims());
    expect(released.status).toBe(200);
    expect(released.body).toMatchObject({ active: false, releasedBy: t.staff.dpo.id });
    const after = await sweep({ dryRun: false, asOf });
    expect(after.anonymised.clientIds).toEqual([held]);
    expect(await state(held)).toMatchObject({ status: 'anonymised', email_gone: true });
    // A year later the contract duties are over too.
    const later = await sweep({ dryRun: false, asOf: '2026-07-01' });
    expect(later.anonymised.clientIds).toContain(withContract);
    expect(later.anonymised.clientIds).not.toContain(consented);
  });

  it('finishes an erasure a legal duty deferred once the duty ends, regardless of consent or recent activity', async () => {
    const clientId = (await createClient(t)).id;
    await grantConsent(t, clientId, 'marketing', 'email');
    await contract(clientId, '2021-01-01', '2022-05-31');
    const req = await t.http
      .post('/api/data-subject-requests')
      .set(dpo())
      .send({ clientId, type: 'erasure' });
    await t.http
      .post(`/api/data-subject-requests/${req.body.id}/verify-identity`)
      .set(dpo())
      .send({ method: 'trusted_profile' });
    const executed = await t.http
      .post(`/api/data-subject-requests/${req.body.id}/execute`)
      .set(dpo())
      .send({});
    expect(executed.body.outcome).toMatchObject({
      action: 'erasure_refused',
      erasureDueAfter: '2028-05-31',
    });
    await t.db.query(`UPDATE client SET last_activity_at = now() WHERE id = $1`, [clientId]);

    // Only a dry run looks ahead; a sweep that erases decides as of today.
    const early = await sweep({ dryRun: true, asOf: '2028-05-30T12:00:00Z' });
    expect(early.kept.items.find((k) => k.clientId === clientId)?.duties.map((d) => d.kind)).toEqual([
      'contract',
    ]);
    expect((await sweep({ dryRun: false })).anonymised.clientIds).not.toContain(clientId);
    // Six years later, as far as the data can tell: the contract ended in 2020, so its duty ended in 2026.
    await t.db.query(
      `UPDATE contract SET start_date = '2019-01-01', end_date = '2020-05-31' WHERE client_id = $1`,
      [clientId],
    );
    const due = await sweep({ dryRun: false });
    expect(due.anonymised.clientIds).toContain(clientId);
    expect(await state(clientId)).toMatchObject({ status: 'anonymised', email_gone: true });
    const [pending] = await t.db.query(
      `SELECT erased_at IS NOT NULL AS erased FROM erasure_pending WHERE client_id = $1`,
      [clientId],
    );
    expect(pending.erased).toBe(true);
  });

  it('deletes records of data-subject requests 3 years after they closed (the registry’s data_subject_rights rule)', async () => {
    const clientId = (await createClient(t)).id;
    const old = await t.http
      .post('/api/data-subject-requests')
      .set(dpo())
      .send({ clientId, type: 'access', receivedAt: '2023-11-20' });
    await t.http
      .post(`/api/data-subject-requests/${old.body.id}/reject`)
      .set(dpo())
      .send({ reason: 'Withdrawn by the person' });
    await t.db.query(`UPDATE data_subject_request SET closed_at = '2024-01-01T00:00:00Z' WHERE id = $1`, [
      old.body.id,
    ]);
    const open = await t.http
      .post('/api/data-subject-requests')
      .set(dpo())
      .send({ clientId, type: 'access', receivedAt: '2023-11-21' });

    // Other modules purge their own records in the same sweep; these are the requests' records.
    const requests = (report: { records: Array<{ name: string }> }) =>
      report.records.filter((r) => r.name === 'data_subject_request');
    const early = await sweep({ dryRun: false });
    expect(requests(early)).toEqual([
      expect.objectContaining({ name: 'data_subject_request', purpose: 'data_subject_rights', count: 0 }),
    ]);
    const dry = await sweep({ dryRun: true, asOf: '2027-01-02T00:00:00Z' });
    expect(requests(dry)).toEqual([
      expect.objectContaining({ count: 1, before: '2024-01-02T00:00:00.000Z' }),
    ]);
    expect((await t.http.get(`/api/data-subject-requests/${old.body.id}`).set(dpo())).status).toBe(200);
    // A sweep that deletes decides as of today: the record closed more than three years ago by then.
    await t.db.query(
      `UPDATE data_subject_request SET closed_at = now() - interval '3 years 1 day' WHERE id = $1`,
      [old.body.id],
    );
    const real = await sweep({ dryRun: false });
    expect(requests(real)).toEqual([expect.objectContaining({ count: 1 })]);
    expect((await t.http.get(`/api/data-subject-requests/${old.body.id}`).set(dpo())).status).toBe(404);
    expect((await t.http.get(`/api/data-subject-requests/${open.body.id}`).set(dpo())).status).toBe(200);
    const [entry] = await t.db.query(
      `SELECT action, reason FROM audit_entry WHERE resource = 'data_subject_request' AND action = 'delete'`,
    );
    expect(entry).toEqual({ action: 'delete', reason: 'RETENTION_ENDED' });
  });

  it('legal holds: dpo or broker under claims; released once; kept as history', async () => {
    const clientId = (await createClient(t)).id;
    const broker = t.as('broker', 'claims');
    expect(
      (
        await t.http
          .post(`/api/clients/${clientId}/legal-holds`)
          .set(t.as('broker', 'offer_preparation'))
          .send({ reason: 'Claim X' })
      ).status,
    ).toBe(403);
    expect(
      (
        await t.http
          .post(`/api/clients/${clientId}/legal-holds`)
          .set(t.as('accountant', 'legal_obligation'))
          .send({ reason: 'Claim X' })
      ).status,
    ).toBe(403);
    expect((await t.http.post(`/api/clients/${clientId}/legal-holds`).set(broker).send({})).status).toBe(400);
    const placed = await t.http
      .post(`/api/clients/${clientId}/legal-holds`)
      .set(broker)
      .send({ reason: 'Claim X' });
    expect(placed.status).toBe(201);
    const first = await t.http.delete(`/api/clients/${clientId}/legal-holds/${placed.body.id}`).set(broker);
    expect(first.status).toBe(200);
    const second = await t.http.delete(`/api/clients/${clientId}/legal-holds/${placed.body.id}`).set(broker);
    expect(second.status).toBe(409);
    const otherClient = (await createClient(t)).id;
    expect(
      (await t.http.delete(`/api/clients/${otherClient}/legal-holds/${placed.body.id}`).set(broker)).status,
    ).toBe(404);
    const list = await t.http.get(`/api/clients/${clientId}/legal-holds`).set(broker);
    expect(list.body.items).toEqual([
      expect.objectContaining({ id: placed.body.id, reason: 'Claim X', active: false }),
    ]);
    // The client routes of the clients module are untouched by these.
    expect((await t.http.get(`/api/clients/${clientId}`).set(broker)).status).toBe(200);
  });

  it('only the dpo under data_subject_rights sweeps', async () => {
    expect(
      (await t.http.post('/api/retention/sweep').set(t.as('broker', 'claims')).send({ dryRun: true })).status,
    ).toBe(403);
    expect((await t.http.post('/api/retention/sweep').set(claims()).send({ dryRun: true })).status).toBe(403);
    expect((await t.http.post('/api/retention/sweep').set(dpo()).send({ asOf: '2025-01-01' })).status).toBe(
      400,
    );
    expect(
      (await t.http.post('/api/retention/sweep').set(dpo()).send({ dryRun: true, asOf: 'tomorrow' })).status,
    ).toBe(400);
  });

  it('the worker schedules the daily sweep and runs it as a job', async () => {
    const expired = await prospect('2000-01-01T00:00:00Z');
    let worker: INestApplicationContext | null = null;
    try {
      worker = await startWorker(t.config);
      const queue = worker.get<Queue>(getQueueToken(QUEUES.retention));
      const schedulers = await queue.getJobSchedulers();
      // The record of operations keeps its own daily retention on the same queue.
      expect(schedulers.map((s) => s.key).sort()).toEqual([
        'record-retention-daily',
        'retention-daily-sweep',
      ]);
      expect(schedulers).toContainEqual(
        expect.objectContaining({
          key: 'retention-daily-sweep',
          pattern: t.config.RETENTION_SWEEP_CRON,
          tz: t.config.RETENTION_TIME_ZONE,
        }),
      );
      const job = await queue.add('retention.sweep', {});
      await waitFor('the sweep job', async () => {
        const jobState = await job.getState();
        if (jobState === 'failed')
          throw new Error(`sweep job failed: ${(await queue.getJob(job.id!))?.failedReason}`);
        return jobState === 'completed';
      });
      expect(await state(expired)).toMatchObject({ status: 'anonymised' });
      const [entry] = await t.db.query(
        `SELECT actor_role, purpose FROM audit_entry WHERE action = 'erase' AND client_ids @> ARRAY[$1]::uuid[]`,
        [expired],
      );
      expect(entry).toEqual({ actor_role: 'system', purpose: 'legal_obligation' });
    } finally {
      await worker?.close();
    }
  });
});
