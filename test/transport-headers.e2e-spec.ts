import { helmetOptions, securityHeaders } from '../src/http/transport-headers';
import { collectRoutes } from './support/routes';
import { createClient } from './support/fixtures';
import { startTestApp, TestApp, TEST_PASSWORD } from './support/test-app';

const METRICS_TOKEN = 'metrics-token-for-the-tests-0123';

/** Headers about where an answer may go: caches, the Content-Security-Policy, and who may read /metrics. */
describe('transport headers', () => {
  let t: TestApp;
  let clientId: string;

  beforeAll(async () => {
    t = await startTestApp({ METRICS_TOKEN, PUBLIC_BASE_URL: 'http://consentry.test:3000' });
    clientId = (await createClient(t)).id;
  });
  afterAll(async () => {
    await t?.close();
  });

  describe('Cache-Control', () => {
    it('is no-store on a client read, a list, a sign-in with its token and who-am-I', async () => {
      const read = await t.http.get(`/api/clients/${clientId}`).set(t.as('broker', 'offer_preparation'));
      expect(read.status).toBe(200);
      expect(read.headers['cache-control']).toBe('no-store');
      const list = await t.http.get('/api/clients').set(t.as('broker', 'offer_preparation'));
      expect(list.headers['cache-control']).toBe('no-store');
      const login = await t.http
        .post('/api/auth/login')
        .send({ email: t.staff.broker.email, password: TEST_PASSWORD });
      expect(login.status).toBe(200);
      expect(login.body.accessToken).toEqual(expect.any(String));
      expect(login.headers['cache-control']).toBe('no-store');
      const me = await t.http.get('/api/auth/me').set(t.as('broker'));
      expect(me.headers['cache-control']).toBe('no-store');
    });

    it('is no-store on refusals, exports of the record and unsubscribe pages', async () => {
      expect((await t.http.get(`/api/clients/${clientId}`)).headers['cache-control']).toBe('no-store');
      const exported = await t.http.get('/api/access-logs/export').set(t.as('dpo', 'security_audit'));
      expect(exported.status).toBe(200);
      expect(exported.headers['cache-control']).toBe('no-store');
      const page = await t.http.get('/api/unsubscribe?token=not-a-token');
      expect(page.headers['cache-control']).toBe('no-store');
      // Pages outside the API are left alone.
      expect((await t.http.get('/docs/openapi.json')).headers['cache-control']).toBeUndefined();
    });

    it('is no-store on every route declared with personal data, whatever it answers', async () => {
      const personal = collectRoutes(t.app).filter((r) => r.access?.personalData && r.method === 'GET');
      expect(personal.length).toBeGreaterThan(10);
      const missing: string[] = [];
      for (const route of personal) {
        const url = route.path.replace(/:(\w+)/g, (_m, name: string) =>
          name === 'id' && route.path.startsWith('/api/clients')
            ? clientId
            : '00000000-0000-4000-8000-000000000000',
        );
        for (const headers of [t.as('dpo', 'data_subject_rights'), t.as('broker', 'offer_preparation'), {}]) {
          const res = await t.http.get(url).set(headers);
          if (res.headers['cache-control'] !== 'no-store')
            missing.push(`${route.method} ${route.path} ${res.status}: ${res.headers['cache-control']}`);
        }
      }
      expect(missing).toEqual([]);
    });
  });

  describe('GET /metrics', () => {
    it('refuses a request without the token, or with a wrong one, with 401', async () => {
      const none = await t.http.get('/metrics');
      expect(none.status).toBe(401);
      expect(none.headers['www-authenticate']).toMatch(/^Bearer/);
      expect(none.text).not.toContain('consentry_');
      expect((await t.http.get('/metrics').set('authorization', `Bearer ${METRICS_TOKEN}x`)).status).toBe(
        401,
      );
      expect(
        (await t.http.get('/metrics').set('authorization', `Bearer ${t.staff.admin.token}`)).status,
      ).toBe(401);
    });

    it('serves the metrics with the right token', async () => {
      const res = await t.http.get('/metrics').set('authorization', `Bearer ${METRICS_TOKEN}`);
      expect(res.status).toBe(200);
      expect(res.text).toContain('consentry_process_cpu_user_seconds_total');
      expect(res.headers['cache-control']).toBe('no-store');
    });
  });

  describe('security headers', () => {
    it("carries helmet's headers on an answer, a refusal, a missing route and the web app, and no X-Powered-By", async () => {
      const expected = securityHeaders(helmetOptions(false));
      expect(Object.keys(expected)).toEqual(
        expect.arrayContaining(['content-security-policy', 'x-content-type-options', 'x-frame-options']),
      );
      const answers = [
        await t.http.get(`/api/clients/${clientId}`).set(t.as('broker', 'offer_preparation')),
        await t.http.get(`/api/clients/${clientId}`),
        await t.http.get('/api/no-such-route'),
        await t.http.get('/'),
      ];
      expect(answers.map((a) => a.status)).toEqual([200, 401, 404, 200]);
      for (const answer of answers) {
        for (const [name, value] of Object.entries(expected)) expect(answer.headers[name]).toBe(value);
        expect(answer.headers['x-powered-by']).toBeUndefined();
      }
    });
  });

  describe('Content-Security-Policy', () => {
    it('does not ask browsers to upgrade requests when the app is served over plain HTTP', async () => {
      const page = await t.http.get('/api/unsubscribe?token=not-a-token');
      expect(page.headers['content-type']).toMatch(/^text\/html/);
      const csp = page.headers['content-security-policy'];
      expect(csp).toContain("script-src 'self'");
      expect(csp).not.toContain('upgrade-insecure-requests');
      expect(page.headers['cross-origin-opener-policy']).toBeUndefined();
    });
  });
});

describe('transport headers of an app served over HTTPS without a metrics token', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ PUBLIC_BASE_URL: 'https://crm.example.pl' });
  });
  afterAll(async () => {
    await t?.close();
  });

  it('serves metrics to no one, and asks browsers to upgrade requests to HTTPS', async () => {
    const page = await t.http.get('/api/unsubscribe?token=not-a-token');
    expect(page.headers['content-security-policy']).toContain('upgrade-insecure-requests');
    expect(page.headers['cross-origin-opener-policy']).toBe('same-origin');
    const res = await t.http.get('/metrics').set('authorization', 'Bearer anything-at-all-0123456789');
    expect(res.status).toBe(403);
    expect(res.body.code).toBe('METRICS_DISABLED');
    expect((await t.http.get('/metrics')).status).toBe(403);
  });
});
