import { buildAbility, CHANNELS, CONSENT_PURPOSES, PURPOSES, REGISTRY, permittedFields } from '@app/privacy';
import { createClient } from './support/fixtures';
import { startTestApp, TestApp } from './support/test-app';

/**
 * Lists filter in SQL; single reads check in memory. Both come from the registry and must agree:
 * for every purpose, the set of clients a list returns equals the set the in-memory ability admits.
 */
describe('SQL visibility agrees with the in-memory ability', () => {
  let t: TestApp;
  const facts: Array<{ id: string; restricted: boolean; erasureRefused: boolean; activeConsents: string[] }> =
    [];

  beforeAll(async () => {
    t = await startTestApp();
    let seed = 42;
    const random = () => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648;
    for (let i = 0; i < 40; i++) {
      const { id } = await createClient(t);
      const consents: string[] = [];
      for (const purpose of CONSENT_PURPOSES)
        for (const channel of CHANNELS) if (random() < 0.25) consents.push(`${purpose}:${channel}`);
      const restricted = random() < 0.2;
      // Clients whose erasure was refused (art. 17(3)), some of them restricted as well.
      const erasureRefused = random() < 0.25;
      for (const key of consents) {
        const [purpose, channel] = key.split(':');
        await t.db.query(
          `INSERT INTO consent (client_id, purpose, channel, source, notice_version) VALUES ($1, $2, $3, 'test', '1')`,
          [id, purpose, channel],
        );
      }
      // A withdrawn consent must not count.
      await t.db
        .query(
          `INSERT INTO consent (client_id, purpose, channel, source, notice_version, withdrawn_at) VALUES ($1, 'marketing', 'email', 'test', '1', now())
         ON CONFLICT DO NOTHING`,
          [id],
        )
        .catch(() => undefined);
      if (restricted) await t.db.query(`UPDATE client SET restricted = true WHERE id = $1`, [id]);
      if (erasureRefused) await t.db.query(`UPDATE client SET erasure_refused = true WHERE id = $1`, [id]);
      const active = await t.db.query(
        `SELECT purpose || ':' || channel AS k FROM consent WHERE client_id = $1 AND withdrawn_at IS NULL`,
        [id],
      );
      facts.push({ id, restricted, erasureRefused, activeConsents: active.map((r: { k: string }) => r.k) });
    }
  });
  afterAll(async () => {
    await t?.close();
  });

  it.each(PURPOSES.map((p) => [p]))('%s', async (purpose) => {
    const role = REGISTRY[purpose].roles[0];
    const ability = buildAbility({ role, purpose });
    const expected = facts
      .filter((f) => permittedFields(ability, 'read', 'Client', f).length > 0)
      .map((f) => f.id)
      .sort();
    const res = await t.http.get('/api/clients?limit=500').set(t.as(role, purpose));
    expect(res.status).toBe(200);
    const listed = res.body.items.map((i: { id: string }) => i.id).sort();
    expect(listed).toEqual(expected);
    // Both sides are exercised: the sample holds clients in the refused-erasure state.
    expect(facts.filter((f) => f.erasureRefused).length).toBeGreaterThan(3);
    for (const item of res.body.items as Array<Record<string, unknown>>) {
      const f = facts.find((x) => x.id === item.id)!;
      expect(Object.keys(item).sort()).toEqual(permittedFields(ability, 'read', 'Client', f).sort());
    }
  });
});
