import { makeNip } from '@app/common/validation/nip';
import { startTestApp, TestApp } from './support/test-app';

/** Two admins ending the same mandate at once: one gets the data back, the other a 409. */
describe('ending a mandate twice at the same time', () => {
  let t: TestApp;
  let insurerId: string;
  let nipSerial = (process.pid % 1000) * 100_000 + 70_000;
  const day = (offset: number) => new Date(Date.now() + offset * 86_400_000).toISOString().slice(0, 10);

  async function mandateWithSubjects(endAction: 'return' | 'delete', subjects: number): Promise<string> {
    const created = await t.http
      .post('/api/mandates')
      .set(t.as('admin'))
      .send({
        insurerId,
        reference: `UP/C/${endAction}`,
        validFrom: day(-5),
        validTo: day(300),
        fields: ['firstName', 'lastName'],
        endAction,
      });
    expect(created.status).toBe(201);
    const id = created.body.id as string;
    expect(
      (
        await t.http
          .post(`/api/mandates/${id}/members`)
          .set(t.as('admin'))
          .send({ staffId: t.staff.broker.id })
      ).status,
    ).toBe(201);
    for (let i = 0; i < subjects; i++) {
      const subject = await t.http
        .post(`/api/mandates/${id}/subjects`)
        .set(t.as('broker', 'insurer_mandate'))
        .send({ firstName: 'Jan', lastName: `Nowak${i}` });
      expect(subject.status).toBe(201);
    }
    return id;
  }

  async function endEntries(mandateId: string): Promise<number> {
    const [row] = await t.db.query(
      `SELECT count(*)::int AS n FROM audit_entry WHERE resource_id = $1 AND reason IN ('MANDATE_END_RETURN', 'MANDATE_END_DELETE')`,
      [mandateId],
    );
    return row.n;
  }

  beforeAll(async () => {
    t = await startTestApp();
    nipSerial += 17;
    const insurer = await t.http
      .post('/api/insurers')
      .set(t.as('admin'))
      .send({
        name: 'Równoległe TU S.A.',
        nip: makeNip(nipSerial),
        dsrContactEmail: 'iod@rownolegle.example',
      });
    expect(insurer.status).toBe(201);
    insurerId = insurer.body.id;
  });
  afterAll(async () => {
    await t?.close();
  });

  it('returns the data once and answers the second end with 409', async () => {
    const mandateId = await mandateWithSubjects('return', 3);
    const answers = await Promise.all([
      t.http.post(`/api/mandates/${mandateId}/end`).set(t.as('admin')),
      t.http.post(`/api/mandates/${mandateId}/end`).set(t.as('admin')),
    ]);
    expect(answers.map((a) => a.status).sort()).toEqual([200, 409]);
    const done = answers.find((a) => a.status === 200)!;
    expect(done.body.export.subjects).toHaveLength(3);
    expect(answers.find((a) => a.status === 409)!.body.code).toBe('MANDATE_ENDED');
    expect(await endEntries(mandateId)).toBe(1);
  });

  it('deletes once and answers the second end with 409', async () => {
    const mandateId = await mandateWithSubjects('delete', 2);
    const answers = await Promise.all([
      t.http.post(`/api/mandates/${mandateId}/end`).set(t.as('admin')),
      t.http.post(`/api/mandates/${mandateId}/end`).set(t.as('admin')),
    ]);
    expect(answers.map((a) => a.status).sort()).toEqual([200, 409]);
    expect(answers.find((a) => a.status === 200)!.body.deleted).toEqual({ subjects: 2, contracts: 0 });
    expect(await endEntries(mandateId)).toBe(1);
  });
});
