import { randomUUID } from 'node:crypto';
import { makeNip } from '@app/common/validation/nip';
import { auditEntriesOf } from './support/fixtures';
import { startTestApp, TestApp } from './support/test-app';

/** Listing insurers or mandates leaves one entry naming who listed, and nothing of what was listed. */
describe('listings of insurers and mandates in the record of operations', () => {
  let t: TestApp;
  const day = (offset: number) => new Date(Date.now() + offset * 86_400_000).toISOString().slice(0, 10);

  beforeAll(async () => {
    t = await startTestApp();
    const insurer = await t.http
      .post('/api/insurers')
      .set(t.as('admin'))
      .send({
        name: 'Rejestrowe TU S.A.',
        nip: makeNip((process.pid % 1000) * 100_000 + 90_000),
        dsrContactEmail: 'iod@rejestrowe.example',
      });
    expect(insurer.status).toBe(201);
    const mandate = await t.http
      .post('/api/mandates')
      .set(t.as('admin'))
      .send({
        insurerId: insurer.body.id,
        reference: 'UP/REJ/1',
        validFrom: day(-1),
        validTo: day(30),
        fields: ['firstName'],
        endAction: 'delete',
      });
    expect(mandate.status).toBe(201);
  });
  afterAll(async () => {
    await t?.close();
  });

  async function listAs(url: string, headers: Record<string, string>) {
    const requestId = `listing-${randomUUID()}`;
    const res = await t.http.get(url).set({ ...headers, 'x-request-id': requestId });
    return { res, entries: await auditEntriesOf(t, requestId) };
  }

  it.each([
    ['insurers', '/api/insurers', 'insurer', 'broker'],
    ['mandates', '/api/mandates', 'mandate', 'admin'],
  ] as const)('records a listing of %s with the actor and ids only', async (_name, url, resource, role) => {
    const { res, entries } = await listAs(url, t.as(role));
    expect(res.status).toBe(200);
    expect(res.body.items.length).toBeGreaterThan(0);
    expect(entries).toEqual([
      expect.objectContaining({
        actor_id: t.staff[role].id,
        actor_role: role,
        action: 'list',
        resource,
        outcome: 'allowed',
        resource_id: null,
        fields: [],
        reason: null,
      }),
    ]);
    const text = JSON.stringify(entries);
    for (const item of res.body.items) {
      for (const value of [item.name, item.nip, item.reference, item.dsrContactEmail].filter(Boolean))
        expect(text).not.toContain(value);
    }
  });

  it('records a listing of an empty page too', async () => {
    const empty = await listAs('/api/mandates', t.as('broker'));
    expect(empty.res.status).toBe(200);
    expect(empty.res.body.items).toEqual([]);
    expect(empty.entries).toEqual([
      expect.objectContaining({ action: 'list', resource: 'mandate', outcome: 'allowed' }),
    ]);
  });
});
