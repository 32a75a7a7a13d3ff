import { CONSENT_PURPOSES } from '@app/privacy';
import { createClient, grantConsent } from './support/fixtures';
import { startTestApp, TestApp } from './support/test-app';

/**
 * A consent-gated purpose reads and withdraws only its own consents; purposes that handle consents
 * for the client relationship (offers, contracts, data-subject rights) handle every consent.
 */
describe('consents per purpose', () => {
  let t: TestApp;
  let clientId: string;

  const evidenceOf = (purpose: string) => `signed form for ${purpose}`;
  const consentState = (role: 'broker' | 'marketing' | 'dpo', purpose: string) =>
    t.http.get(`/api/clients/${clientId}/consents`).set(t.as(role, purpose));
  const withdraw = (
    role: 'broker' | 'marketing' | 'dpo',
    purpose: string,
    consentPurpose: string,
    channel: string,
  ) =>
    t.http
      .post(`/api/clients/${clientId}/consents/withdraw`)
      .set(t.as(role, purpose))
      .send({ purpose: consentPurpose, channel, source: 'phone_call' });
  const active = async (consentPurpose: string, channel: string) => {
    const rows = await t.db.query(
      `SELECT 1 FROM consent WHERE client_id = $1 AND purpose = $2 AND channel = $3 AND withdrawn_at IS NULL`,
      [clientId, consentPurpose, channel],
    );
    return rows.length === 1;
  };

  beforeAll(async () => {
    t = await startTestApp();
    ({ id: clientId } = await createClient(t));
    for (const purpose of CONSENT_PURPOSES) {
      const res = await t.http
        .post(`/api/clients/${clientId}/consents`)
        .set(t.as('broker', 'offer_preparation'))
        .send({
          purpose,
          channel: 'email',
          source: 'paper_form',
          evidence: evidenceOf(purpose),
          noticeVersion: '2026-01',
        });
      expect(res.status).toBe(201);
    }
    await grantConsent(t, clientId, 'client_contact', 'phone');
  });
  afterAll(async () => {
    await t?.close();
  });

  it('shows a consent-gated purpose only its own consents, without the evidence of the others; offers, contracts and the DPO see all', async () => {
    for (const [role, purpose] of [
      ['marketing', 'marketing'],
      ['marketing', 'renewal_reminders'],
      ['broker', 'client_contact'],
    ] as const) {
      const res = await consentState(role, purpose);
      expect(res.status).toBe(200);
      const purposes = [...res.body.active, ...res.body.history].map((c: { purpose: string }) => c.purpose);
      expect(purposes.length).toBeGreaterThan(0);
      expect(new Set(purposes)).toEqual(new Set([purpose]));
      const text = JSON.stringify(res.body);
      expect(text).toContain(evidenceOf(purpose));
      for (const other of CONSENT_PURPOSES.filter((p) => p !== purpose))
        expect(text).not.toContain(evidenceOf(other));
    }
    // The other side: the purposes that handle consents for the relationship see every consent purpose.
    for (const [role, purpose] of [
      ['broker', 'offer_preparation'],
      ['broker', 'contract_performance'],
      ['dpo', 'data_subject_rights'],
    ] as const) {
      const res = await consentState(role, purpose);
      expect(res.status).toBe(200);
      expect(new Set(res.body.active.map((c: { purpose: string }) => c.purpose))).toEqual(
        new Set(CONSENT_PURPOSES),
      );
    }
  });

  it("refuses marketing the withdrawal of another purpose's consent with 403, records the refusal and changes nothing", async () => {
    const res = await withdraw('marketing', 'marketing', 'client_contact', 'phone');
    expect(res.status).toBe(403);
    expect(res.body.code).toBe('CONSENT_PURPOSE_NOT_ALLOWED');
    expect(res.body.fields).toEqual(['purpose']);
    expect(await active('client_contact', 'phone')).toBe(true);
    const other = await withdraw('marketing', 'renewal_reminders', 'marketing', 'email');
    expect(other.status).toBe(403);
    expect(other.body.code).toBe('CONSENT_PURPOSE_NOT_ALLOWED');
    expect(await active('marketing', 'email')).toBe(true);
    const [denied] = await t.db.query(
      `SELECT outcome, reason FROM audit_entry WHERE resource = 'consent' AND reason = 'CONSENT_PURPOSE_NOT_ALLOWED' AND $1 = ANY(client_ids) LIMIT 1`,
      [clientId],
    );
    expect(denied).toEqual({ outcome: 'denied', reason: 'CONSENT_PURPOSE_NOT_ALLOWED' });
  });

  it('lets a consent-gated purpose withdraw its own consent, and brokers under offer preparation any consent', async () => {
    const own = await withdraw('marketing', 'renewal_reminders', 'renewal_reminders', 'email');
    expect(own.status).toBe(200);
    expect(own.body.withdrawn).toBe(true);
    expect(await active('renewal_reminders', 'email')).toBe(false);
    const broker = await withdraw('broker', 'offer_preparation', 'client_contact', 'phone');
    expect(broker.status).toBe(200);
    expect(broker.body.withdrawn).toBe(true);
    expect(await active('client_contact', 'phone')).toBe(false);
  });
});
