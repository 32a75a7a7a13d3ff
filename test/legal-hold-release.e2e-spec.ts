import { createClient } from './support/fixtures';
import { startTestApp, TestApp } from './support/test-app';

/**
 * A legal hold is released with the reason the claim no longer needs the data; the reason stays
 * with the hold's history. A release without a reason still works (the route's body is optional),
 * bad input changes nothing, and a hold is released once.
 */
describe('releasing a legal hold with a reason', () => {
  let t: TestApp;
  const claims = () => t.as('dpo', 'claims');

  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(async () => {
    await t?.close();
  });

  async function placeHold(clientId: string) {
    const res = await t.http
      .post(`/api/clients/${clientId}/legal-holds`)
      .set(claims())
      .send({ reason: 'Szkoda 2026/041: dokumentacja potrzebna do sporu' });
    expect(res.status).toBe(201);
    return res.body.id as string;
  }

  it('keeps the reason with the released hold, and refuses a second release', async () => {
    const { id: clientId } = await createClient(t);
    const holdId = await placeHold(clientId);
    const tooShort = await t.http
      .delete(`/api/clients/${clientId}/legal-holds/${holdId}`)
      .set(claims())
      .send({ reason: 'x' });
    expect(tooShort.status).toBe(400);
    expect(tooShort.body.fields).toEqual(['reason']);
    const unknown = await t.http
      .delete(`/api/clients/${clientId}/legal-holds/${holdId}`)
      .set(claims())
      .send({ reason: 'Ugoda z ubezpieczycielem', extra: true });
    expect(unknown.status).toBe(400);
    const still = await t.http.get(`/api/clients/${clientId}/legal-holds`).set(claims());
    expect(still.body.items).toEqual([
      expect.objectContaining({ id: holdId, active: true, releaseReason: null }),
    ]);

    const released = await t.http
      .delete(`/api/clients/${clientId}/legal-holds/${holdId}`)
      .set(claims())
      .send({ reason: 'Ugoda z ubezpieczycielem zawarta' });
    expect(released.status).toBe(200);
    expect(released.body).toMatchObject({
      id: holdId,
      active: false,
      releaseReason: 'Ugoda z ubezpieczycielem zawarta',
      releasedBy: t.staff.dpo.id,
    });
    const listed = await t.http
      .get(`/api/clients/${clientId}/legal-holds`)
      .set(t.as('dpo', 'data_subject_rights'));
    expect(listed.body.items).toEqual([
      expect.objectContaining({
        id: holdId,
        active: false,
        releaseReason: 'Ugoda z ubezpieczycielem zawarta',
      }),
    ]);
    const again = await t.http
      .delete(`/api/clients/${clientId}/legal-holds/${holdId}`)
      .set(claims())
      .send({ reason: 'Jeszcze raz' });
    expect(again.status).toBe(409);
  });

  it('releases without a reason as before, and only under claims', async () => {
    const { id: clientId } = await createClient(t);
    const holdId = await placeHold(clientId);
    const underRequests = await t.http
      .delete(`/api/clients/${clientId}/legal-holds/${holdId}`)
      .set(t.as('dpo', 'data_subject_rights'))
      .send({ reason: 'Nie w tym celu' });
    expect(underRequests.status).toBe(403);
    const released = await t.http.delete(`/api/clients/${clientId}/legal-holds/${holdId}`).set(claims());
    expect(released.status).toBe(200);
    expect(released.body).toMatchObject({ active: false, releaseReason: null });
  });
});
