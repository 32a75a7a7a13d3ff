import { makeNip } from '@app/common/validation/nip';
import { startTestApp, TestApp } from './support/test-app';

interface Entry {
  actor_id: string | null;
  actor_role: string | null;
  action: string;
  resource: string;
  resource_id: string | null;
  controller_id: string | null;
  fields: string[];
  reason: string | null;
  outcome: string;
}

/**
 * Listing insurers or mandates leaves entries naming who listed and the ids of what was listed
 * (a mandate's entry names its insurer as controller), never names, numbers or references.
 */
describe('listings of insurers and mandates in the record of operations', () => {
  let t: TestApp;
  const insurers: Array<{ id: string }> = [];
  const mandates: Array<{ id: string; insurerId: string }> = [];
  const day = (offset: number) => new Date(Date.now() + offset * 86_400_000).toISOString().slice(0, 10);

  beforeAll(async () => {
    t = await startTestApp();
    for (const [i, name] of ['Rejestrowe TU S.A.', 'Spisowe TUiR'].entries()) {
      const insurer = await t.http
        .post('/api/insurers')
        .set(t.as('admin'))
        .send({
          name,
          nip: makeNip((process.pid % 1000) * 100_000 + 90_000 + i * 50),
          dsrContactEmail: `iod${i}@rejestrowe.example`,
        });
      expect(insurer.status).toBe(201);
      insurers.push(insurer.body);
      const mandate = await t.http
        .post('/api/mandates')
        .set(t.as('admin'))
        .send({
          insurerId: insurer.body.id,
          reference: `UP/REJ/${i}`,
          validFrom: day(-1),
          validTo: day(30),
          fields: ['firstName'],
          endAction: 'delete',
        });
      expect(mandate.status).toBe(201);
      mandates.push({ id: mandate.body.id, insurerId: insurer.body.id });
    }
    expect(
      (
        await t.http
          .post(`/api/mandates/${mandates[1].id}/members`)
          .set(t.as('admin'))
          .send({ staffId: t.staff.broker.id })
      ).status,
    ).toBe(201);
  });
  afterAll(async () => {
    await t?.close();
  });

  async function listAs(url: string, headers: Record<string, string>) {
    const res = await t.http.get(url).set(headers);
    const requestId = res.headers['x-request-id'];
    const entries: Entry[] = await t.db.query(
      `SELECT actor_id::text, actor_role, action, resource, resource_id, controller_id::text, fields, reason, outcome
         FROM audit_entry WHERE request_id = $1 ORDER BY id`,
      [requestId],
    );
    return { res, entries };
  }

  function expectNoValuesOf(items: Array<Record<string, unknown>>, entries: Entry[]): void {
    const text = JSON.stringify(entries);
    for (const item of items)
      for (const value of [item.name, item.nip, item.reference, item.dsrContactEmail].filter(Boolean))
        expect(text).not.toContain(value);
  }

  it('records a listing of insurers with the actor and nothing of the insurers', async () => {
    const { res, entries } = await listAs('/api/insurers', t.as('broker'));
    expect(res.status).toBe(200);
    expect(res.body.items).toHaveLength(2);
    expect(entries).toEqual([
      {
        actor_id: t.staff.broker.id,
        actor_role: 'broker',
        action: 'list',
        resource: 'insurer',
        resource_id: null,
        controller_id: null,
        fields: [],
        reason: null,
        outcome: 'allowed',
      },
    ]);
    expectNoValuesOf(res.body.items, entries);
  });

  it('records a listing of mandates as one entry per mandate shown, with its insurer as controller', async () => {
    const { res, entries } = await listAs('/api/mandates', t.as('admin'));
    expect(res.status).toBe(200);
    expect(res.body.items).toHaveLength(2);
    expect(
      entries
        .map((e) => [e.actor_id, e.action, e.resource, e.resource_id, e.controller_id, e.fields, e.outcome])
        .sort(),
    ).toEqual(
      mandates.map((m) => [t.staff.admin.id, 'list', 'mandate', m.id, m.insurerId, [], 'allowed']).sort(),
    );
    expectNoValuesOf(res.body.items, entries);
  });

  it("records only the mandates a broker's listing shows", async () => {
    const { res, entries } = await listAs('/api/mandates', t.as('broker'));
    expect(res.body.items.map((m: { id: string }) => m.id)).toEqual([mandates[1].id]);
    expect(entries.map((e) => [e.actor_id, e.resource_id, e.controller_id])).toEqual([
      [t.staff.broker.id, mandates[1].id, mandates[1].insurerId],
    ]);
  });
});
