import { clientBody, createClient } from './support/fixtures';
import { OtherTeamBroker, brokerOfAnotherTeam } from './support/other-team';
import { TestApp, startTestApp } from './support/test-app';

/**
 * The office's active legal holds in one list (`GET /api/legal-holds`): the DPO sees every active
 * hold, newest first and page by page, released ones not; a broker sees only those of their own
 * portfolio; other roles are refused; each page is recorded as a list of its clients.
 */
describe('the office’s active legal holds', () => {
  let t: TestApp;
  let broker2: OtherTeamBroker;
  const holds: Record<'first' | 'released' | 'second' | 'warszawa', { clientId: string; holdId: string }> =
    {} as never;
  const as2 = (purpose: string) => broker2.as(purpose);

  async function placeHold(
    clientId: string,
    reason: string,
    by: Record<string, string> = t.as('dpo', 'claims'),
  ): Promise<string> {
    const res = await t.http.post(`/api/clients/${clientId}/legal-holds`).set(by).send({ reason });
    expect(res.status).toBe(201);
    return res.body.id as string;
  }

  beforeAll(async () => {
    t = await startTestApp();
    // A second team with a broker of its own, whose client the first team's broker must not see.
    broker2 = await brokerOfAnotherTeam(t);

    for (const name of ['first', 'released', 'second'] as const) {
      const { id } = await createClient(t);
      holds[name] = {
        clientId: id,
        holdId: await placeHold(id, `Szkoda 2026/${name}: spór z ubezpieczycielem`),
      };
    }
    const theirs = await t.http
      .post('/api/clients')
      .set(as2('offer_preparation'))
      .send(clientBody({ lastName: 'Kowalczyk' }));
    expect(theirs.status).toBe(201);
    holds.warszawa = {
      clientId: theirs.body.id,
      // Their own broker places it: under claims, even the DPO sees only the clients of their team.
      holdId: await placeHold(theirs.body.id, 'Szkoda 2026/777: regres ubezpieczyciela', as2('claims')),
    };
    const released = await t.http
      .delete(`/api/clients/${holds.released.clientId}/legal-holds/${holds.released.holdId}`)
      .set(t.as('dpo', 'claims'))
      .send({ reason: 'Ugoda zawarta' });
    expect(released.status).toBe(200);
  });
  afterAll(async () => {
    await t?.close();
  });

  it('shows the DPO every active hold, newest first, page by page, and records each page', async () => {
    const all = await t.http.get('/api/legal-holds').set(t.as('dpo', 'data_subject_rights'));
    expect(all.status).toBe(200);
    expect(all.body.items.map((h: { id: string }) => h.id)).toEqual([
      holds.warszawa.holdId,
      holds.second.holdId,
      holds.first.holdId,
    ]);
    expect(all.body.items[0]).toMatchObject({
      clientId: holds.warszawa.clientId,
      reason: 'Szkoda 2026/777: regres ubezpieczyciela',
      active: true,
      releasedAt: null,
    });
    expect(all.body.nextCursor).toBeNull();

    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const page: { status: number; body: { items: Array<{ id: string }>; nextCursor: string | null } } =
        await t.http
          .get('/api/legal-holds')
          .query({ limit: 2, ...(cursor ? { cursor } : {}) })
          .set(t.as('dpo', 'data_subject_rights'));
      expect(page.status).toBe(200);
      expect(page.body.items.length).toBeLessThanOrEqual(2);
      seen.push(...page.body.items.map((h) => h.id));
      cursor = page.body.nextCursor;
    } while (cursor);
    expect(seen).toEqual(all.body.items.map((h: { id: string }) => h.id));

    const [entry] = await t.db.query(
      `SELECT client_ids::text[] AS client_ids, fields, outcome FROM audit_entry
        WHERE actor_id = $1 AND resource = 'legal_hold' AND action = 'list' ORDER BY id LIMIT 1`,
      [t.staff.dpo.id],
    );
    expect(entry.outcome).toBe('allowed');
    expect([...entry.client_ids].sort()).toEqual(
      [holds.warszawa.clientId, holds.second.clientId, holds.first.clientId].sort(),
    );
    expect(entry.fields).toEqual(expect.arrayContaining(['reason', 'placedAt']));
  });

  it('shows a broker the holds of their own portfolio only', async () => {
    const ours = await t.http.get('/api/legal-holds').set(t.as('broker', 'claims'));
    expect(ours.status).toBe(200);
    expect(ours.body.items.map((h: { id: string }) => h.id)).toEqual([
      holds.second.holdId,
      holds.first.holdId,
    ]);
    const theirs = await t.http.get('/api/legal-holds').set(as2('claims'));
    expect(theirs.status).toBe(200);
    expect(theirs.body.items.map((h: { id: string }) => h.id)).toEqual([holds.warszawa.holdId]);
  });

  it('refuses other roles and purposes, and a cursor it did not make, recording nothing for them', async () => {
    const before = await t.db.query(
      `SELECT count(*)::int AS n FROM audit_entry WHERE resource = 'legal_hold' AND action = 'list' AND outcome = 'allowed'`,
    );
    expect((await t.http.get('/api/legal-holds').set(t.as('marketing', 'marketing'))).status).toBe(403);
    expect((await t.http.get('/api/legal-holds').set(t.as('broker', 'offer_preparation'))).status).toBe(403);
    const forged = await t.http
      .get('/api/legal-holds')
      .query({ cursor: Buffer.from('["yesterday","x"]').toString('base64url') })
      .set(t.as('dpo', 'data_subject_rights'));
    expect(forged.status).toBe(400);
    const tooMany = await t.http.get('/api/legal-holds').query({ limit: 501 }).set(t.as('dpo', 'claims'));
    expect(tooMany.status).toBe(400);
    const after = await t.db.query(
      `SELECT count(*)::int AS n FROM audit_entry WHERE resource = 'legal_hold' AND action = 'list' AND outcome = 'allowed'`,
    );
    expect(after[0].n).toBe(before[0].n);
  });
});
