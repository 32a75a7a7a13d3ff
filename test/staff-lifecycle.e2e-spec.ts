import { ROLES } from '@app/privacy';
import { startTestApp, TestApp } from './support/test-app';

/**
 * The staff lifecycle an administrator runs (rename, role, deactivate, reactivate, password reset),
 * the staff member's own password change under the password policy, and the record of operations
 * for each of them and for refused sign-ins.
 */
describe('staff lifecycle', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(async () => {
    await t?.close();
  });

  const bearer = (token: string) => ({ authorization: `Bearer ${token}` });
  const newStaff = async (email: string, role = 'broker', password = 'Brzozowa-droga-17') => {
    const res = await t.http
      .post('/api/staff')
      .set(t.as('admin'))
      .send({ email, password, fullName: 'Nowa Osoba', role });
    expect(res.status).toBe(201);
    return res.body as { id: string; email: string };
  };
  const signIn = (email: string, password: string) =>
    t.http.post('/api/auth/login').send({ email, password });

  it('lets only administrators use the staff endpoints', async () => {
    const target = await newStaff('target.only@demo.local');
    for (const role of ROLES.filter((r) => r !== 'admin')) {
      for (const [method, url, body] of [
        ['patch', `/api/staff/${target.id}`, { fullName: 'X' }],
        ['post', `/api/staff/${target.id}/deactivate`, {}],
        ['post', `/api/staff/${target.id}/reactivate`, {}],
        ['post', `/api/staff/${target.id}/password-reset`, {}],
      ] as const) {
        const res = await t.http[method](url).set(t.as(role)).send(body);
        expect([role, url, res.status]).toEqual([role, url, 403]);
      }
    }
    const [{ active, full_name }] = await t.db.query(`SELECT active, full_name FROM staff WHERE id = $1`, [
      target.id,
    ]);
    expect({ active, full_name }).toEqual({ active: true, full_name: 'Nowa Osoba' });
  });

  it('renames without ending sessions, and records the change', async () => {
    const person = await newStaff('renamed@demo.local');
    const login = await signIn('renamed@demo.local', 'Brzozowa-droga-17');
    const res = await t.http
      .patch(`/api/staff/${person.id}`)
      .set(t.as('admin'))
      .send({ fullName: 'Nowe Nazwisko' });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      id: person.id,
      fullName: 'Nowe Nazwisko',
      role: 'broker',
      active: true,
    });
    expect((await t.http.get('/api/auth/me').set(bearer(login.body.accessToken))).status).toBe(200);
    const entries = await t.db.query(
      `SELECT actor_id, action, outcome, reason FROM audit_entry WHERE resource = 'staff' AND resource_id = $1 ORDER BY at`,
      [person.id],
    );
    expect(entries).toEqual([
      { actor_id: t.staff.admin.id, action: 'create', outcome: 'allowed', reason: 'broker' },
      { actor_id: person.id, action: 'sign_in', outcome: 'allowed', reason: null },
      { actor_id: t.staff.admin.id, action: 'update', outcome: 'allowed', reason: 'renamed' },
    ]);
  });

  it('deactivates and reactivates, recording both; a deactivated account cannot sign in', async () => {
    const person = await newStaff('leaver@demo.local');
    const login = await signIn('leaver@demo.local', 'Brzozowa-droga-17');
    const off = await t.http.post(`/api/staff/${person.id}/deactivate`).set(t.as('admin'));
    expect(off.status).toBe(200);
    expect(off.body.active).toBe(false);
    expect((await t.http.get('/api/auth/me').set(bearer(login.body.accessToken))).body.code).toBe(
      'SESSION_REVOKED',
    );
    expect(
      (await t.http.post('/api/auth/refresh').send({ refreshToken: login.body.refreshToken })).status,
    ).toBe(401);
    expect((await signIn('leaver@demo.local', 'Brzozowa-droga-17')).status).toBe(401);
    expect((await t.http.post(`/api/staff/${person.id}/reactivate`).set(t.as('admin'))).body.active).toBe(
      true,
    );
    expect((await signIn('leaver@demo.local', 'Brzozowa-droga-17')).status).toBe(200);
    const reasons = await t.db.query(
      `SELECT reason, outcome FROM audit_entry WHERE resource = 'staff' AND resource_id = $1 AND action <> 'create' ORDER BY at`,
      [person.id],
    );
    expect(reasons.map((r: { reason: string; outcome: string }) => `${r.outcome}:${r.reason}`)).toEqual([
      'allowed:null',
      'allowed:deactivated',
      'denied:ACCOUNT_INACTIVE',
      'allowed:reactivated',
      'allowed:null',
    ]);
  });

  it('keeps an active administrator: the last one can be neither demoted nor deactivated, nor can one deactivate oneself', async () => {
    const self = await t.http.post(`/api/staff/${t.staff.admin.id}/deactivate`).set(t.as('admin'));
    expect(self.status).toBe(409);
    expect(self.body.code).toBe('CANNOT_DEACTIVATE_SELF');
    const demote = await t.http
      .patch(`/api/staff/${t.staff.admin.id}`)
      .set(t.as('admin'))
      .send({ role: 'broker' });
    expect(demote.status).toBe(409);
    expect(demote.body.code).toBe('LAST_ADMIN');
    expect((await t.http.get('/api/auth/me').set(t.as('admin'))).body.role).toBe('admin');
  });

  it('resets a password to a one-time password that may only be changed, then the new password works', async () => {
    const person = await newStaff('forgetful@demo.local');
    const before = await signIn('forgetful@demo.local', 'Brzozowa-droga-17');
    const reset = await t.http.post(`/api/staff/${person.id}/password-reset`).set(t.as('admin'));
    expect(reset.status).toBe(200);
    expect(reset.body).toEqual({
      temporaryPassword: expect.stringMatching(/^[A-Za-z0-9]{24}$/),
      passwordChangeRequired: true,
    });
    expect((await t.http.get('/api/auth/me').set(bearer(before.body.accessToken))).body.code).toBe(
      'SESSION_REVOKED',
    );
    expect((await signIn('forgetful@demo.local', 'Brzozowa-droga-17')).status).toBe(401);

    const temporary = await signIn('forgetful@demo.local', reset.body.temporaryPassword);
    expect(temporary.status).toBe(200);
    expect(temporary.body.passwordChangeRequired).toBe(true);
    const limited = bearer(temporary.body.accessToken);
    const refused = await t.http.get('/api/clients').set({ ...limited, 'x-purpose': 'offer_preparation' });
    expect(refused.status).toBe(403);
    expect(refused.body.code).toBe('PASSWORD_CHANGE_REQUIRED');
    expect((await t.http.get('/api/auth/me').set(limited)).body.passwordChangeRequired).toBe(true);

    const changed = await t.http
      .post('/api/auth/password')
      .set(limited)
      .send({ currentPassword: reset.body.temporaryPassword, newPassword: 'Jarzębinowa-ścieżka-9' });
    expect(changed.status).toBe(204);
    expect((await t.http.get('/api/auth/me').set(limited)).body.code).toBe('SESSION_REVOKED');
    expect((await signIn('forgetful@demo.local', reset.body.temporaryPassword)).status).toBe(401);
    const fresh = await signIn('forgetful@demo.local', 'Jarzębinowa-ścieżka-9');
    expect(fresh.body.passwordChangeRequired).toBe(false);
    expect(
      (
        await t.http
          .get('/api/clients')
          .set({ ...bearer(fresh.body.accessToken), 'x-purpose': 'offer_preparation' })
      ).status,
    ).toBe(200);
    const [stored] = await t.db.query(`SELECT password_hash FROM staff WHERE id = $1`, [person.id]);
    expect(stored.password_hash).not.toContain(reset.body.temporaryPassword);
    const reasons = await t.db.query(
      `SELECT reason FROM audit_entry WHERE resource = 'staff' AND resource_id = $1 AND action = 'update' ORDER BY at`,
      [person.id],
    );
    expect(reasons.map((r: { reason: string }) => r.reason)).toEqual(['password_reset', 'password_changed']);
  });

  it('applies the password policy to new accounts and to password changes', async () => {
    const weak = [
      'short-pass1',
      'policy.person@demo.local',
      'policy.person',
      'qwertyuiop123',
      'PASSWORDPASSWORD',
      '123456789012',
    ];
    for (const password of weak) {
      const res = await t.http
        .post('/api/staff')
        .set(t.as('admin'))
        .send({ email: 'policy.person@demo.local', password, fullName: 'P', role: 'broker' });
      expect([password, res.status, res.body.code ?? null]).toEqual([
        password,
        400,
        expect.stringMatching(/PASSWORD_TOO_WEAK|VALIDATION_FAILED/),
      ]);
    }
    expect(await t.db.query(`SELECT 1 FROM staff WHERE email = 'policy.person@demo.local'`)).toHaveLength(0);
    await newStaff('policy.person@demo.local');
    const login = await signIn('policy.person@demo.local', 'Brzozowa-droga-17');
    const me = bearer(login.body.accessToken);
    for (const newPassword of ['qwertyuiop123', 'policy.person@demo.local', 'tiny']) {
      const res = await t.http
        .post('/api/auth/password')
        .set(me)
        .send({ currentPassword: 'Brzozowa-droga-17', newPassword });
      expect([newPassword, res.status, res.body.code]).toEqual([newPassword, 400, 'PASSWORD_TOO_WEAK']);
    }
    const wrong = await t.http
      .post('/api/auth/password')
      .set(me)
      .send({ currentPassword: 'not-my-password', newPassword: 'Kamienna-góra-2024' });
    expect(wrong.status).toBe(403);
    expect(wrong.body.code).toBe('CURRENT_PASSWORD_WRONG');
    expect((await t.http.get('/api/auth/me').set(me)).status).toBe(200);
  });

  it('records a refused sign-in without the e-mail or password typed: the account id when it exists, nothing for an unknown e-mail', async () => {
    const known = await signIn(t.staff.dpo.email, 'guessed-password-1');
    expect(known.status).toBe(401);
    const unknown = await signIn('nobody.here@example.com', 'guessed-password-2');
    expect(unknown.status).toBe(401);
    expect(unknown.body.code).toBe(known.body.code);
    const refused = await t.db.query(
      `SELECT actor_id, resource_id, outcome, reason, row_to_json(audit_entry)::text AS everything FROM audit_entry
        WHERE action = 'sign_in' AND outcome = 'denied' AND reason = 'INVALID_CREDENTIALS' AND (resource_id = $1 OR resource_id IS NULL) ORDER BY at`,
      [t.staff.dpo.id],
    );
    expect(
      refused.map((r: { actor_id: string | null; resource_id: string | null; reason: string }) => [
        r.actor_id,
        r.resource_id,
        r.reason,
      ]),
    ).toEqual([
      [null, t.staff.dpo.id, 'INVALID_CREDENTIALS'],
      [null, null, 'INVALID_CREDENTIALS'],
    ]);
    for (const r of refused) {
      for (const typed of [t.staff.dpo.email, 'nobody.here', 'example.com', 'guessed-password'])
        expect(r.everything).not.toContain(typed);
    }
  });

  it('answers malformed input to the staff endpoints with a 4xx and changes nothing', async () => {
    const before = await t.db.query(
      `SELECT id, role, active, full_name, session_version FROM staff ORDER BY id`,
    );
    const cases: Array<['patch' | 'post', string, unknown]> = [
      ['patch', '/api/staff/not-a-uuid', { fullName: 'X' }],
      ['patch', `/api/staff/${t.staff.broker.id}`, {}],
      ['patch', `/api/staff/${t.staff.broker.id}`, { role: 'owner' }],
      ['patch', `/api/staff/${t.staff.broker.id}`, { fullName: '' }],
      ['patch', `/api/staff/${t.staff.broker.id}`, { fullName: 42 }],
      ['patch', '/api/staff/00000000-0000-4000-8000-000000000000', { fullName: 'X' }],
      ['post', '/api/staff/00000000-0000-4000-8000-000000000000/deactivate', {}],
      ['post', '/api/staff/00000000-0000-4000-8000-000000000000/reactivate', {}],
      ['post', '/api/staff/00000000-0000-4000-8000-000000000000/password-reset', {}],
      ['post', "/api/staff/'%3B%20DROP%20TABLE%20staff/deactivate", {}],
      ['post', '/api/auth/logout', { everywhere: 'yes' }],
      ['post', '/api/auth/password', { currentPassword: 1, newPassword: [] }],
      ['post', '/api/auth/refresh', { refreshToken: 'x'.repeat(500) }],
      ['post', '/api/auth/refresh', {}],
    ];
    for (const [method, url, body] of cases) {
      const res = await t.http[method](url)
        .set(t.as('admin'))
        .send(body as object);
      expect([url, JSON.stringify(body), res.status >= 400 && res.status < 500]).toEqual([
        url,
        JSON.stringify(body),
        true,
      ]);
    }
    expect(
      await t.db.query(`SELECT id, role, active, full_name, session_version FROM staff ORDER BY id`),
    ).toEqual(before);
    expect((await t.http.get('/api/auth/me').set(t.as('admin'))).status).toBe(200);
  });

  it('records queue board actions, a refused board visit and a refused board sign-in, with ids only', async () => {
    const paused = await t.http.put('/queues/api/queues/reminders/pause').set(t.as('admin'));
    expect(paused.status).toBeLessThan(300);
    expect((await t.http.put('/queues/api/queues/reminders/resume').set(t.as('admin'))).status).toBeLessThan(
      300,
    );
    expect((await t.http.get('/queues/api/queues').set(t.as('broker'))).status).toBe(403);
    const wrong = Buffer.from(`${t.staff.admin.email}:not-the-password`).toString('base64');
    expect((await t.http.get('/queues').set({ authorization: `Basic ${wrong}` })).status).toBe(401);

    const actions = await t.db.query(
      `SELECT actor_id, action, resource, resource_id, outcome, reason FROM audit_entry WHERE resource = 'queue_job' ORDER BY at`,
    );
    expect(actions).toEqual([
      {
        actor_id: t.staff.admin.id,
        action: 'update',
        resource: 'queue_job',
        resource_id: null,
        outcome: 'allowed',
        reason: 'PUT /queues/api/queues/:queueName/pause',
      },
      {
        actor_id: t.staff.admin.id,
        action: 'update',
        resource: 'queue_job',
        resource_id: null,
        outcome: 'allowed',
        reason: 'PUT /queues/api/queues/:queueName/resume',
      },
    ]);
    const [visit] = await t.db.query(
      `SELECT actor_id, outcome, reason FROM audit_entry WHERE resource = 'queue_board'`,
    );
    expect(visit).toEqual({ actor_id: t.staff.broker.id, outcome: 'denied', reason: 'ROLE_NOT_ALLOWED' });
    const [signIn] = await t.db.query(
      `SELECT actor_id, resource_id, outcome, reason FROM audit_entry WHERE action = 'sign_in' AND resource_id = $1 ORDER BY at DESC LIMIT 1`,
      [t.staff.admin.id],
    );
    expect(signIn).toEqual({
      actor_id: null,
      resource_id: t.staff.admin.id,
      outcome: 'denied',
      reason: 'INVALID_CREDENTIALS',
    });
  });
});
