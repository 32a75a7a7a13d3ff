import { INestApplicationContext } from '@nestjs/common';
import { getQueueToken } from '@nestjs/bullmq';
import { Queue } from 'bullmq';
import { Client } from 'pg';
import { makeNip } from '@app/common/validation/nip';
import { makePesel } from '@app/common/validation/pesel';
import { JOBS, QUEUES } from '../src/jobs';
import { MandateEndService, MandateExpiryReport } from '../src/mandates';
import { auditEntriesOf } from './support/fixtures';
import { clearRedisPrefix, startWorker, waitFor } from './support/messaging';
import { startTestApp, TestApp } from './support/test-app';

/**
 * A mandate past its validTo is closed to its members at once and ended by the worker's daily run
 * with its endAction: "delete" mandates lose their data and are marked ended, with the end recorded
 * naming the insurer; "return" mandates wait for an admin, whose POST /end answers the export.
 */
const day = (offset: number) => new Date(Date.now() + offset * 86_400_000).toISOString().slice(0, 10);
const FIELDS = ['firstName', 'lastName', 'pesel'];

describe('mandates past their validTo', () => {
  let t: TestApp;
  let owner: Client;
  let insurer: { id: string };
  let nipSerial = (process.pid % 1000) * 100_000 + 50_000;
  /** Mandate ids by what the test does with them. */
  const m = {} as Record<'expiredDelete' | 'expiredReturn' | 'valid' | 'notYet' | 'forJob', string>;
  const subjects = {} as Record<'expiredDelete' | 'expiredReturn' | 'valid', string>;

  const admin = () => t.as('admin');
  const member = () => t.as('broker', 'insurer_mandate');

  async function createMandate(reference: string, endAction: 'delete' | 'return', validFrom = day(-30)) {
    const res = await t.http
      .post('/api/mandates')
      .set(admin())
      .send({
        insurerId: insurer.id,
        reference,
        validFrom,
        validTo: day(30),
        fields: FIELDS,
        endAction,
      });
    expect(res.status).toBe(201);
    const added = await t.http
      .post(`/api/mandates/${res.body.id}/members`)
      .set(admin())
      .send({ staffId: t.staff.broker.id });
    expect(added.status).toBe(201);
    return res.body.id as string;
  }

  /** A subject with a contract, added while the mandate is in force. */
  async function fill(mandateId: string, n: number): Promise<string> {
    const birth = `1975-0${n}-2${n}`;
    const created = await t.http
      .post(`/api/mandates/${mandateId}/subjects`)
      .set(member())
      .send({ firstName: 'Ewa', lastName: `Wygasła${n}`, pesel: makePesel(birth, 900 + n) });
    expect(created.status).toBe(201);
    const contract = await t.http
      .post(`/api/mandates/${mandateId}/subjects/${created.body.id}/contracts`)
      .set(member())
      .send({ lineOfBusiness: 'motor', productName: 'OC', startDate: day(-20), endDate: day(300) });
    expect(contract.status).toBe(201);
    return created.body.id as string;
  }

  /** Moves validTo into the past, as the calendar would (the API refuses nothing about past dates). */
  async function expire(mandateId: string): Promise<void> {
    await owner.query(`UPDATE mandate SET valid_to = $2 WHERE id = $1`, [mandateId, day(-2)]);
  }

  /** Rows the owner (no row-level security) finds for a mandate in schema `mandate`. */
  async function rowsLeft(mandateId: string): Promise<number> {
    const { rows } = await owner.query(
      `SELECT (SELECT count(*) FROM mandate.subject WHERE mandate_id = $1) + (SELECT count(*) FROM mandate.contract WHERE mandate_id = $1)
            + (SELECT count(*) FROM mandate.scope WHERE mandate_id = $1) AS n`,
      [mandateId],
    );
    return Number(rows[0].n);
  }

  async function status(mandateId: string) {
    const [row] = await t.db.query(`SELECT status, ended_at, ended_by FROM mandate WHERE id = $1`, [
      mandateId,
    ]);
    return row as { status: string; ended_at: Date | null; ended_by: string | null };
  }

  /** Entries recording the end of a mandate. */
  async function endEntries(mandateId: string) {
    return t.db.query(
      `SELECT actor_id, actor_role, purpose, action, outcome, reason, fields, controller_id::text
         FROM audit_entry WHERE resource = 'mandate_subject' AND resource_id = $1 AND reason IN ('MANDATE_END_DELETE', 'MANDATE_END_RETURN')`,
      [mandateId],
    );
  }

  beforeAll(async () => {
    t = await startTestApp();
    owner = new Client({ connectionString: t.databaseUrl });
    await owner.connect();
    nipSerial += 13;
    const created = await t.http
      .post('/api/insurers')
      .set(admin())
      .send({ name: 'Ubezpieczenia Delta', nip: makeNip(nipSerial), dsrContactEmail: 'iod@delta.example' });
    expect(created.status).toBe(201);
    insurer = created.body;

    m.expiredDelete = await createMandate('UP/D/expired-delete', 'delete');
    m.expiredReturn = await createMandate('UP/D/expired-return', 'return');
    m.valid = await createMandate('UP/D/valid', 'delete');
    m.notYet = await createMandate('UP/D/not-yet', 'delete', day(10));
    subjects.expiredDelete = await fill(m.expiredDelete, 1);
    subjects.expiredReturn = await fill(m.expiredReturn, 2);
    subjects.valid = await fill(m.valid, 3);
    await expire(m.expiredDelete);
    await expire(m.expiredReturn);
  });

  afterAll(async () => {
    await owner?.end();
    if (t) await clearRedisPrefix(t.config);
    await t?.close();
  });

  it('refuses a member of an expired mandate with 404, as for an ended one, and records why', async () => {
    const list = await t.http.get(`/api/mandates/${m.expiredDelete}/subjects`).set(member());
    const requestId = list.headers['x-request-id'];
    const one = await t.http
      .get(`/api/mandates/${m.expiredDelete}/subjects/${subjects.expiredDelete}`)
      .set(member());
    const write = await t.http
      .post(`/api/mandates/${m.expiredDelete}/subjects`)
      .set(member())
      .send({ lastName: 'Spóźniona' });
    expect([list.status, one.status, write.status]).toEqual([404, 404, 404]);
    const [entry] = await auditEntriesOf(t, requestId);
    expect(entry).toMatchObject({ action: 'list', outcome: 'denied', reason: 'MANDATE_EXPIRED' });
    // The data is still there until the daily run: refusal comes first, not deletion.
    expect(await rowsLeft(m.expiredDelete)).toBe(3);

    const valid = await t.http.get(`/api/mandates/${m.valid}/subjects`).set(member());
    expect(valid.status).toBe(200);
    const notYet = await t.http.get(`/api/mandates/${m.notYet}/subjects`).set(member());
    expect(notYet.status).toBe(403);
    expect(notYet.body.code).toBe('MANDATE_NOT_IN_FORCE');
  });

  it('reports in a dry run what it would end, changing nothing', async () => {
    const report = await t.app.get(MandateEndService).endExpired({ dryRun: true });
    expect(report).toEqual({
      dryRun: true,
      ended: [m.expiredDelete],
      deleted: { subjects: 0, contracts: 0 },
      awaitingReturn: [m.expiredReturn],
      failed: [],
    });
    expect(await rowsLeft(m.expiredDelete)).toBe(3);
    expect((await status(m.expiredDelete)).status).toBe('active');
    expect(await endEntries(m.expiredDelete)).toEqual([]);
  });

  it('ends a "delete" mandate past validTo: 0 rows left, marked ended, the end recorded naming the insurer', async () => {
    const validBefore = await rowsLeft(m.valid);
    const report = await t.app.get(MandateEndService).endExpired();
    expect(report).toEqual({
      dryRun: false,
      ended: [m.expiredDelete],
      deleted: { subjects: 1, contracts: 1 },
      awaitingReturn: [m.expiredReturn],
      failed: [],
    });

    expect(await rowsLeft(m.expiredDelete)).toBe(0);
    expect(await status(m.expiredDelete)).toMatchObject({
      status: 'ended',
      ended_at: expect.any(Date),
      ended_by: null,
    });
    const entries = await endEntries(m.expiredDelete);
    expect(entries).toEqual([
      {
        actor_id: null,
        actor_role: 'system',
        purpose: 'insurer_mandate',
        action: 'erase',
        outcome: 'allowed',
        reason: 'MANDATE_END_DELETE',
        fields: expect.arrayContaining([...FIELDS, 'productName', 'premium']),
        controller_id: insurer.id,
      },
    ]);
    const afterList = await t.http.get(`/api/mandates/${m.expiredDelete}/subjects`).set(member());
    expect(afterList.status).toBe(404);
    const again = await t.http.post(`/api/mandates/${m.expiredDelete}/end`).set(admin());
    expect(again.status).toBe(409);

    // The mandate still in force is untouched.
    expect(await rowsLeft(m.valid)).toBe(validBefore);
    expect(validBefore).toBe(3);
    expect((await status(m.valid)).status).toBe('active');
    expect(await endEntries(m.valid)).toEqual([]);
    const read = await t.http.get(`/api/mandates/${m.valid}/subjects/${subjects.valid}`).set(member());
    expect(read.status).toBe(200);
    expect(read.body.lastName).toBe('Wygasła3');

    // A second run finds nothing more to end and records nothing more.
    const second = await t.app.get(MandateEndService).endExpired();
    expect(second.ended).toEqual([]);
    expect(await endEntries(m.expiredDelete)).toHaveLength(1);
  });

  it('leaves a "return" mandate past validTo for an admin, whose end answers the export', async () => {
    expect(await rowsLeft(m.expiredReturn)).toBe(3);
    expect((await status(m.expiredReturn)).status).toBe('active');
    expect(await endEntries(m.expiredReturn)).toEqual([]);
    const refused = await t.http.get(`/api/mandates/${m.expiredReturn}/subjects`).set(member());
    expect(refused.status).toBe(404);

    const ended = await t.http.post(`/api/mandates/${m.expiredReturn}/end`).set(admin());
    expect(ended.status).toBe(200);
    expect(ended.body.deleted).toEqual({ subjects: 1, contracts: 1 });
    expect(ended.body.export.subjects).toEqual([
      expect.objectContaining({ id: subjects.expiredReturn, lastName: 'Wygasła2' }),
    ]);
    expect(await rowsLeft(m.expiredReturn)).toBe(0);
    const report: MandateExpiryReport = await t.app.get(MandateEndService).endExpired();
    expect(report.awaitingReturn).toEqual([]);
  });

  it('runs daily in the worker: the scheduler is in place and the job ends an expired mandate', async () => {
    m.forJob = await createMandate('UP/D/for-job', 'delete');
    await fill(m.forJob, 4);
    await expire(m.forJob);
    let worker: INestApplicationContext | null = null;
    try {
      worker = await startWorker(t.config);
      const queue = worker.get<Queue>(getQueueToken(QUEUES.mandates));
      expect(await queue.getJobSchedulers()).toEqual([
        expect.objectContaining({
          key: 'mandate-daily-expiry',
          pattern: t.config.MANDATE_EXPIRY_CRON,
          tz: 'Europe/Warsaw',
        }),
      ]);
      const job = await queue.add(JOBS.mandateExpiry, {});
      await waitFor('the expiry job', async () => {
        const state = await job.getState();
        if (state === 'failed')
          throw new Error(`expiry job failed: ${(await queue.getJob(job.id!))?.failedReason}`);
        return state === 'completed';
      });
      const done = await queue.getJob(job.id!);
      expect(done?.returnvalue).toMatchObject({ ended: [m.forJob], deleted: { subjects: 1, contracts: 1 } });
    } finally {
      await worker?.close();
    }
    expect(await rowsLeft(m.forJob)).toBe(0);
    expect((await status(m.forJob)).status).toBe('ended');
    const entries = await endEntries(m.forJob);
    expect(entries).toEqual([
      expect.objectContaining({
        actor_role: 'system',
        purpose: 'insurer_mandate',
        controller_id: insurer.id,
      }),
    ]);
    expect((await status(m.valid)).status).toBe('active');
    expect(await rowsLeft(m.valid)).toBe(3);
  });
});
