import { StaffService } from '../src/auth';
import { companyBody, createClient } from './support/fixtures';
import { TEST_PASSWORD, TestApp, startTestApp } from './support/test-app';

type Body = Record<string, unknown>;
const GHOST = '00000000-0000-4000-8000-000000000000';

/**
 * The household on a client's card: `GET /api/clients/:id/household` answers the household the
 * client belongs to with the members the purpose sees (a member it may not see is named by id
 * only), none for a client outside any household or under a purpose without households, and for a
 * client of another portfolio the same 404 as for no client at all. Each read is recorded.
 */
describe('a client’s household', () => {
  let t: TestApp;
  const broker = (purpose = 'offer_preparation') => t.as('broker', purpose);
  let anna: { id: string };
  let jan: { id: string };
  let zofia: { id: string };
  let householdId: string;

  beforeAll(async () => {
    t = await startTestApp();
    anna = await createClient(t, { firstName: 'Anna', lastName: 'Rodzinna' });
    jan = await createClient(t, { firstName: 'Jan', lastName: 'Rodzinny' });
    zofia = await createClient(t, { firstName: 'Zofia', lastName: 'Rodzinna-Młodsza' });
    const created = await t.http
      .post('/api/households')
      .set(broker())
      .send({ name: 'Rodzinni', memberIds: [anna.id, jan.id, zofia.id] });
    expect(created.status).toBe(201);
    householdId = created.body.id;
  });
  afterAll(async () => {
    await t?.close();
  });

  it('answers the household with its members as the purpose sees them, and records the read', async () => {
    const res = await t.http.get(`/api/clients/${jan.id}/household`).set(broker());
    expect(res.status).toBe(200);
    expect(res.body.household).toMatchObject({
      id: householdId,
      name: 'Rodzinni',
      memberIds: [anna.id, jan.id, zofia.id],
    });
    expect(res.body.household.members.map((m: Body) => [m.id, m.firstName, m.lastName])).toEqual([
      [anna.id, 'Anna', 'Rodzinna'],
      [jan.id, 'Jan', 'Rodzinny'],
      [zofia.id, 'Zofia', 'Rodzinna-Młodsza'],
    ]);
    const [entry] = await t.db.query(
      `SELECT resource_id, client_ids::text[] AS clients, fields FROM audit_entry
        WHERE action = 'read' AND resource = 'household' AND outcome = 'allowed' ORDER BY id DESC LIMIT 1`,
    );
    expect(entry.resource_id).toBe(householdId);
    expect([...entry.clients].sort()).toEqual([anna.id, jan.id, zofia.id].sort());
    expect(entry.fields).toEqual(expect.arrayContaining(['name', 'firstName', 'lastName', 'pesel']));
  });

  it('leaves out a member the purpose may not see, naming them by id only', async () => {
    await t.db.query(`UPDATE client SET restricted = true WHERE id = $1`, [zofia.id]);
    try {
      const res = await t.http.get(`/api/clients/${anna.id}/household`).set(broker());
      expect(res.status).toBe(200);
      expect(res.body.household.memberIds).toEqual([anna.id, jan.id, zofia.id]);
      expect(res.body.household.members.map((m: Body) => m.id)).toEqual([anna.id, jan.id]);
      expect(JSON.stringify(res.body)).not.toContain('Rodzinna-Młodsza');
      // Claims may process a restricted person, and sees her.
      const claims = await t.http.get(`/api/clients/${anna.id}/household`).set(broker('claims'));
      expect(claims.body.household.members.map((m: Body) => m.lastName)).toContain('Rodzinna-Młodsza');
    } finally {
      await t.db.query(`UPDATE client SET restricted = false WHERE id = $1`, [zofia.id]);
    }
  });

  it('answers no household for a client in none, a company, and a purpose without households', async () => {
    const single = await createClient(t, { lastName: 'Samotny' });
    const alone = await t.http.get(`/api/clients/${single.id}/household`).set(broker());
    expect(alone.status).toBe(200);
    expect(alone.body).toEqual({ household: null });
    const company = await t.http.post('/api/clients').set(broker()).send(companyBody());
    expect(company.status).toBe(201);
    const ofCompany = await t.http.get(`/api/clients/${company.body.id}/household`).set(broker());
    expect(ofCompany.body).toEqual({ household: null });
    // The accountant sees the client (legal obligation) but has no use for households.
    const accountant = await t.http
      .get(`/api/clients/${jan.id}/household`)
      .set(t.as('accountant', 'legal_obligation'));
    expect(accountant.status).toBe(200);
    expect(accountant.body).toEqual({ household: null });
    expect(JSON.stringify(accountant.body)).not.toContain('Rodzinni');
  });

  it('gives another team’s broker and a missing client the same 404, and refuses a purpose the role may not use', async () => {
    const team = await t.http.post('/api/teams').set(t.as('admin')).send({ name: 'Warszawa' });
    const staff = await t.app.get(StaffService).upsert({
      email: 'broker2@demo.local',
      fullName: 'Wanda Warszawska',
      role: 'broker',
      password: TEST_PASSWORD,
    });
    await t.http.post(`/api/teams/${team.body.id}/members`).set(t.as('admin')).send({ staffId: staff.id });
    const login = await t.http
      .post('/api/auth/login')
      .send({ email: 'broker2@demo.local', password: TEST_PASSWORD });
    const other = { authorization: `Bearer ${login.body.accessToken}`, 'x-purpose': 'offer_preparation' };
    const theirs = await t.http.get(`/api/clients/${jan.id}/household`).set(other);
    const missing = await t.http.get(`/api/clients/${GHOST}/household`).set(other);
    expect(theirs.status).toBe(404);
    expect(theirs.body).toEqual(missing.body);
    expect(JSON.stringify(theirs.body)).not.toContain('Rodzinni');
    const marketing = await t.http.get(`/api/clients/${jan.id}/household`).set(t.as('broker', 'marketing'));
    expect(marketing.status).toBe(403);
  });
});
