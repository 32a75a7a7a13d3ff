import { randomUUID } from 'node:crypto';
import { JwtService } from '@nestjs/jwt';
import {
  startSecondInstance,
  startTestApp,
  SecondInstance,
  TestApp,
  TEST_PASSWORD,
} from './support/test-app';

/**
 * Sessions: short access tokens, rotating refresh tokens (a reused one ends its family), sign-out,
 * and access taken away acting on the next request on every instance sharing the database and Redis.
 */
describe('sessions', () => {
  let t: TestApp;
  let other: SecondInstance;
  beforeAll(async () => {
    t = await startTestApp();
    other = await startSecondInstance(t);
  });
  afterAll(async () => {
    await other?.close();
    await t?.close();
  });

  const signIn = async (email: string, password = TEST_PASSWORD) => {
    const res = await t.http.post('/api/auth/login').send({ email, password });
    expect(res.status).toBe(200);
    return res.body as {
      accessToken: string;
      refreshToken: string;
      expiresIn: number;
      passwordChangeRequired: boolean;
    };
  };
  const bearer = (token: string) => ({ authorization: `Bearer ${token}` });

  it('answers a sign-in with a short access token and a refresh token', async () => {
    const pair = await signIn(t.staff.broker.email);
    expect(pair).toEqual({
      accessToken: expect.any(String),
      refreshToken: expect.any(String),
      expiresIn: 900,
      passwordChangeRequired: false,
    });
    expect((await t.http.get('/api/auth/me').set(bearer(pair.accessToken))).body).toMatchObject({
      id: t.staff.broker.id,
      role: 'broker',
    });
    // Stored only as a hash.
    const stored = await t.db.query(`SELECT token_hash FROM staff_refresh_token`);
    expect(stored.map((r: { token_hash: string }) => r.token_hash)).not.toContain(pair.refreshToken);
  });

  it('rotates the refresh token on every use; the old one stops working', async () => {
    const first = await signIn(t.staff.manager.email);
    const second = await t.http.post('/api/auth/refresh').send({ refreshToken: first.refreshToken });
    expect(second.status).toBe(200);
    expect(second.body.refreshToken).not.toBe(first.refreshToken);
    expect((await t.http.get('/api/auth/me').set(bearer(second.body.accessToken))).status).toBe(200);
    const third = await t.http.post('/api/auth/refresh').send({ refreshToken: second.body.refreshToken });
    expect(third.status).toBe(200);
    expect((await t.http.post('/api/auth/refresh').send({ refreshToken: 'not-a-token' })).body.code).toBe(
      'INVALID_REFRESH_TOKEN',
    );
  });

  it('revokes the whole family when a used refresh token comes back, access tokens included, on every instance', async () => {
    const stolen = await signIn(t.staff.accountant.email);
    const rotated = await t.http.post('/api/auth/refresh').send({ refreshToken: stolen.refreshToken });
    expect(rotated.status).toBe(200);
    // Warm the other instance's view of the newest access token before the reuse.
    expect((await other.http.get('/api/auth/me').set(bearer(rotated.body.accessToken))).status).toBe(200);

    const reuse = await t.http.post('/api/auth/refresh').send({ refreshToken: stolen.refreshToken });
    expect(reuse.status).toBe(401);
    expect(reuse.body.code).toBe('REFRESH_TOKEN_REUSED');

    expect(
      (await t.http.post('/api/auth/refresh').send({ refreshToken: rotated.body.refreshToken })).body.code,
    ).toBe('SESSION_REVOKED');
    const after = await other.http.get('/api/auth/me').set(bearer(rotated.body.accessToken));
    expect(after.status).toBe(401);
    expect(after.body.code).toBe('SESSION_REVOKED');
    // Another sign-in of the same person is untouched.
    expect((await t.http.get('/api/auth/me').set(t.as('accountant'))).status).toBe(200);
    const [entry] = await t.db.query(
      `SELECT actor_id, outcome, reason FROM audit_entry WHERE action = 'sign_in' AND reason = 'REFRESH_TOKEN_REUSED'`,
    );
    expect(entry).toEqual({
      actor_id: t.staff.accountant.id,
      outcome: 'denied',
      reason: 'REFRESH_TOKEN_REUSED',
    });
  });

  it('signs out at once: the access token is refused on the next request on every instance, the refresh token too', async () => {
    const pair = await signIn(t.staff.dpo.email);
    expect((await other.http.get('/api/auth/me').set(bearer(pair.accessToken))).status).toBe(200);
    expect((await t.http.post('/api/auth/logout').set(bearer(pair.accessToken))).status).toBe(204);
    const after = await other.http.get('/api/auth/me').set(bearer(pair.accessToken));
    expect(after.status).toBe(401);
    expect(after.body.code).toBe('SESSION_REVOKED');
    expect((await t.http.post('/api/auth/refresh').send({ refreshToken: pair.refreshToken })).body.code).toBe(
      'SESSION_REVOKED',
    );
    // The harness's own session of the same person goes on.
    expect((await t.http.get('/api/auth/me').set(t.as('dpo'))).status).toBe(200);
  });

  it('signs out everywhere: every session of the account ends', async () => {
    const a = await signIn(t.staff.marketing.email);
    const b = await signIn(t.staff.marketing.email);
    expect(
      (await t.http.post('/api/auth/logout').set(bearer(a.accessToken)).send({ everywhere: true })).status,
    ).toBe(204);
    expect((await other.http.get('/api/auth/me').set(bearer(b.accessToken))).body.code).toBe(
      'SESSION_REVOKED',
    );
    expect((await t.http.get('/api/auth/me').set(t.as('marketing'))).body.code).toBe('SESSION_REVOKED');
    expect((await t.http.post('/api/auth/refresh').send({ refreshToken: b.refreshToken })).status).toBe(401);
    t.staff.marketing.token = (await signIn(t.staff.marketing.email)).accessToken;
  });

  it('refuses a correctly signed token naming a staff id that does not exist', async () => {
    const jwt = t.app.get(JwtService);
    const forged = await jwt.signAsync(
      { sub: randomUUID(), email: 'ghost@demo.local', role: 'admin', sv: 1, sid: randomUUID() },
      { expiresIn: 300 },
    );
    for (const instance of [t.http, other.http]) {
      const res = await instance.get('/api/staff').set(bearer(forged));
      expect(res.status).toBe(401);
    }
  });

  it('ends access on the other instance at its next request when a role changes or an account is deactivated', async () => {
    const broker = await t.http.post('/api/staff').set(t.as('admin')).send({
      email: 'moved.broker@demo.local',
      password: 'Kasztanowa-aleja-42',
      fullName: 'Przeniesiony Broker',
      role: 'broker',
    });
    expect(broker.status).toBe(201);
    const moved = await signIn('moved.broker@demo.local', 'Kasztanowa-aleja-42');
    const leaving = await signIn(t.staff.broker.email);
    // Both tokens work on the other instance (and its caches hold them) before the change.
    expect(
      (
        await other.http
          .get('/api/clients')
          .set({ ...bearer(moved.accessToken), 'x-purpose': 'offer_preparation' })
      ).status,
    ).toBe(200);
    expect(
      (
        await other.http
          .get('/api/clients')
          .set({ ...bearer(leaving.accessToken), 'x-purpose': 'offer_preparation' })
      ).status,
    ).toBe(200);

    expect(
      (await t.http.patch(`/api/staff/${broker.body.id}`).set(t.as('admin')).send({ role: 'accountant' }))
        .status,
    ).toBe(200);
    const demoted = await other.http
      .get('/api/clients')
      .set({ ...bearer(moved.accessToken), 'x-purpose': 'offer_preparation' });
    expect(demoted.status).toBe(401);
    expect(demoted.body.code).toBe('SESSION_REVOKED');

    expect((await t.http.post(`/api/staff/${t.staff.broker.id}/deactivate`).set(t.as('admin'))).status).toBe(
      200,
    );
    const gone = await other.http
      .get('/api/clients')
      .set({ ...bearer(leaving.accessToken), 'x-purpose': 'offer_preparation' });
    expect(gone.status).toBe(401);
    expect(gone.body.code).toBe('SESSION_REVOKED');
    expect(
      (
        await other.http
          .post('/api/auth/login')
          .send({ email: t.staff.broker.email, password: TEST_PASSWORD })
      ).status,
    ).toBe(401);

    // Signing in again gives the new role; reactivation lets the broker back in.
    const again = await signIn('moved.broker@demo.local', 'Kasztanowa-aleja-42');
    expect((await other.http.get('/api/auth/me').set(bearer(again.accessToken))).body.role).toBe(
      'accountant',
    );
    expect((await t.http.post(`/api/staff/${t.staff.broker.id}/reactivate`).set(t.as('admin'))).status).toBe(
      200,
    );
    const back = await other.http
      .post('/api/auth/login')
      .send({ email: t.staff.broker.email, password: TEST_PASSWORD });
    expect(back.status).toBe(200);
    const changes = await t.db.query(
      `SELECT resource_id, reason FROM audit_entry WHERE resource = 'staff' AND action = 'update' ORDER BY at`,
    );
    expect(changes).toEqual([
      { resource_id: broker.body.id, reason: 'role_changed:accountant' },
      { resource_id: t.staff.broker.id, reason: 'deactivated' },
      { resource_id: t.staff.broker.id, reason: 'reactivated' },
    ]);
  });
});
