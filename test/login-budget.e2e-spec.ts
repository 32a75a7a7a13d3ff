import { hashPassword } from '../src/auth/staff.service';
import { startSecondInstance, startTestApp, SecondInstance, TestApp } from './support/test-app';

/**
 * Failed sign-ins spend a budget per account and one per client address, kept in Redis so that
 * every instance shares them; successful sign-ins spend nothing; the queue board's sign-in spends
 * the same budgets. The account limit is the production default (10 per window); the address
 * limit is lowered, and the window lengthened to ten minutes so that the whole file runs within
 * one window on a slow machine (each password check takes argon2id's full cost).
 */
jest.setTimeout(300_000);

describe('login budgets', () => {
  let t: TestApp;
  let other: SecondInstance;
  const PASSWORD = 'Modrzewiowa-aleja-8';
  let passwordHash: string;

  beforeAll(async () => {
    t = await startTestApp({
      LOGIN_THROTTLE_LIMIT: '10',
      LOGIN_ADDRESS_THROTTLE_LIMIT: '15',
      LOGIN_THROTTLE_TTL_MS: '600000',
    });
    other = await startSecondInstance(t);
    passwordHash = await hashPassword(PASSWORD);
  });
  afterAll(async () => {
    await other?.close();
    await t?.close();
  });

  /** Accounts with PASSWORD, inserted with one precomputed hash (hashing each would take seconds). */
  const account = async (emails: string | string[], role: 'broker' | 'admin' = 'broker') => {
    await t.db.query(
      `INSERT INTO staff (email, full_name, role, password_hash) SELECT unnest($1::text[]), 'Osoba Testowa', $2, $3`,
      [[emails].flat(), role, passwordHash],
    );
  };
  const attempt = async (email: string, password: string, address: string, app = t.app) => {
    const res = await app.getHttpAdapter().getInstance().inject({
      method: 'POST',
      url: '/api/auth/login',
      remoteAddress: address,
      payload: { email, password },
    });
    return { status: res.statusCode, body: res.json() as Record<string, unknown>, headers: res.headers };
  };

  it('lets thirty colleagues behind one office address all sign in within one window, a few typos included', async () => {
    const office = '192.0.2.10';
    const emails = Array.from({ length: 30 }, (_, i) => `office.${i}@demo.local`);
    await account(emails);
    const statuses: number[] = [];
    for (const [i, email] of emails.entries()) {
      if (i % 6 === 0) expect((await attempt(email, 'Modrzewiowa-aleja-9', office)).status).toBe(401);
      statuses.push((await attempt(email, PASSWORD, office)).status);
    }
    expect(statuses).toEqual(emails.map(() => 200));
  });

  it('gives at most ten guesses per window at one account, from any addresses and instances, then refuses even the right password', async () => {
    const target = 'guessed@demo.local';
    await account(target);
    for (let i = 0; i < 10; i++) {
      const app = i % 2 === 0 ? t.app : other.app;
      expect((await attempt(target, `wrong-guess-${i}`, `198.51.100.${i + 1}`, app)).status).toBe(401);
    }
    for (const app of [t.app, other.app]) {
      const refused = await attempt(target, PASSWORD, '198.51.100.200', app);
      expect(refused.status).toBe(429);
      expect(refused.body).toMatchObject({
        code: 'TOO_MANY_REQUESTS',
        retryAfterSeconds: expect.any(Number),
      });
      expect(refused.body.retryAfterSeconds as number).toBeLessThanOrEqual(600);
      expect(refused.headers['retry-after']).toBe(
        String(Math.max(1, Math.ceil(refused.body.retryAfterSeconds as number))),
      );
    }
    // Another account is not touched.
    await account('bystander@demo.local');
    expect((await attempt('bystander@demo.local', PASSWORD, '198.51.100.1')).status).toBe(200);
    const [{ count }] = await t.db.query(
      `SELECT count(*)::int AS count FROM audit_entry WHERE action = 'sign_in' AND reason = 'TOO_MANY_REQUESTS'`,
    );
    expect(count).toBe(2);
  });

  it('spends nothing on successful sign-ins', async () => {
    const regular = 'regular@demo.local';
    await account(regular);
    for (let i = 0; i < 5; i++) expect((await attempt(regular, PASSWORD, '203.0.113.5')).status).toBe(200);
    for (let i = 0; i < 10; i++)
      expect((await attempt(regular, 'not-the-password', '203.0.113.5')).status).toBe(401);
    expect((await attempt(regular, PASSWORD, '203.0.113.5')).status).toBe(429);
  });

  it('shares the budget with the queue board sign-in', async () => {
    const admin = 'board.admin@demo.local';
    await account(admin, 'admin');
    const server = t.app.getHttpAdapter().getInstance();
    const basic = (password: string) => `Basic ${Buffer.from(`${admin}:${password}`).toString('base64')}`;
    for (let i = 0; i < 10; i++) {
      const res = await server.inject({
        method: 'GET',
        url: '/queues',
        remoteAddress: `203.0.113.${20 + i}`,
        headers: { authorization: basic(`wrong-${i}`) },
      });
      expect(res.statusCode).toBe(401);
    }
    expect((await attempt(admin, PASSWORD, '203.0.113.99')).status).toBe(429);
    const board = await server.inject({
      method: 'GET',
      url: '/queues',
      remoteAddress: '203.0.113.98',
      headers: { authorization: basic(PASSWORD) },
    });
    expect(board.statusCode).toBe(429);
  });

  it('limits failed sign-ins from one address over all accounts, and other addresses go on', async () => {
    const noisy = '233.252.0.7';
    for (let i = 0; i < 15; i++)
      expect((await attempt(`spray.${i}@example.com`, 'Password-2024!', noisy)).status).toBe(401);
    expect((await attempt('spray.16@example.com', 'Password-2024!', noisy)).status).toBe(429);
    await account('elsewhere@demo.local');
    expect((await attempt('elsewhere@demo.local', PASSWORD, '233.252.0.8')).status).toBe(200);
  });
});
