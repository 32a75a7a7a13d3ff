import { BrokerClock } from '@app/common/clock/broker-clock';
import { randomUUID } from 'node:crypto';
import { makeNip } from '@app/common/validation/nip';
import { MANDATE_SUBJECT_DIRECTORY } from '../src/data-subject-requests';
import { addCalendarMonths } from '../src/retention';
import { auditEntriesOf, createClient, grantConsent } from './support/fixtures';
import { startTestApp, TestApp } from './support/test-app';

/**
 * Requests under arts. 15-22 over HTTP: due dates (one calendar month, one extension), identity
 * verification before anything is disclosed or executed, the access report with who accessed the
 * data under which purpose and which fields, the portability export, and each kind of execution.
 */
describe('data-subject requests', () => {
  let t: TestApp;
  const dpo = () => t.as('dpo', 'data_subject_rights');

  async function newRequest(body: Record<string, unknown>) {
    const res = await t.http.post('/api/data-subject-requests').set(dpo()).send(body);
    expect(res.status).toBe(201);
    return res.body as { id: string; status: string; dueAt: string };
  }

  async function verified(clientId: string, type: string) {
    const req = await newRequest({ clientId, type });
    const res = await t.http
      .post(`/api/data-subject-requests/${req.id}/verify-identity`)
      .set(dpo())
      .send({ method: 'id_document_in_person' });
    expect(res.status).toBe(200);
    return req;
  }

  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(async () => {
    await t?.close();
  });

  describe('receipt, due dates and extension', () => {
    it('is due one calendar month after receipt: 31 January falls due on the last day of February, leap years included', async () => {
      const { id: clientId } = await createClient(t);
      const cases: Array<[string, string]> = [
        ['2025-01-31', '2025-02-28'],
        ['2024-01-31', '2024-02-29'],
        ['2025-03-31', '2025-04-30'],
        ['2025-12-31', '2026-01-31'],
        ['2024-02-29', '2024-03-29'],
      ];
      for (const [receivedAt, dueAt] of cases) {
        const created = await newRequest({ clientId, type: 'access', receivedAt });
        expect(created).toEqual({ id: expect.any(String), status: 'open', dueAt });
      }
    });

    it('extends once by two further months with a reason; a second extension is refused', async () => {
      const { id: clientId } = await createClient(t);
      // An extension is possible only before the deadline passes: a request received today.
      const receivedAt = t.app.get(BrokerClock).today();
      const extendedDue = addCalendarMonths(receivedAt, 3);
      const req = await newRequest({ clientId, type: 'erasure', receivedAt });
      const first = await t.http
        .post(`/api/data-subject-requests/${req.id}/extend`)
        .set(dpo())
        .send({ reason: 'Many requests at once; records in archive' });
      expect(first.status).toBe(200);
      expect(first.body).toMatchObject({
        dueAt: extendedDue,
        extension: { reason: 'Many requests at once; records in archive' },
      });
      const second = await t.http
        .post(`/api/data-subject-requests/${req.id}/extend`)
        .set(dpo())
        .send({ reason: 'Still more work' });
      expect(second.status).toBe(409);
      expect(second.body.code).toBe('ALREADY_EXTENDED');
      const read = await t.http.get(`/api/data-subject-requests/${req.id}`).set(dpo());
      expect(read.body.dueAt).toBe(extendedDue);
      const noReason = await t.http.post(`/api/data-subject-requests/${req.id}/extend`).set(dpo()).send({});
      expect(noReason.status).toBe(400);
    });

    it('refuses a future receipt date, both or neither subject, an unknown type; only the dpo under data_subject_rights', async () => {
      const { id: clientId } = await createClient(t);
      const bad = [
        { clientId, type: 'access', receivedAt: '2999-01-01' },
        { clientId, type: 'access', receivedAt: '2025-02-30' },
        { clientId, mandateSubjectId: randomUUID(), type: 'access' },
        { type: 'access' },
        { clientId, type: 'forget_me' },
        { clientId, type: 'access', extra: true },
        { clientId, type: 'access', notes: 'a\u0000b' },
      ];
      for (const body of bad) {
        const res = await t.http.post('/api/data-subject-requests').set(dpo()).send(body);
        expect({ body, status: res.status }).toEqual({ body, status: 400 });
      }
      expect(
        (
          await t.http
            .post('/api/data-subject-requests')
            .set(t.as('broker', 'offer_preparation'))
            .send({ clientId, type: 'access' })
        ).status,
      ).toBe(403);
      expect(
        (
          await t.http
            .post('/api/data-subject-requests')
            .set(t.as('dpo', 'claims'))
            .send({ clientId, type: 'access' })
        ).status,
      ).toBe(403);
      expect(
        (await t.http.post('/api/data-subject-requests').set(t.as('dpo')).send({ clientId, type: 'access' }))
          .status,
      ).toBe(400);
      expect(
        (
          await t.http
            .post('/api/data-subject-requests')
            .set(dpo())
            .send({ clientId: randomUUID(), type: 'access' })
        ).status,
      ).toBe(404);
    });

    it('lists overdue open requests by due date, keyset-paginated, and filters by status', async () => {
      const { id: clientId } = await createClient(t);
      const late = await newRequest({
        clientId,
        type: 'objection',
        receivedAt: '2020-01-15',
        notes: 'letter',
      });
      const rejected = await newRequest({ clientId, type: 'objection', receivedAt: '2020-01-10' });
      const rej = await t.http
        .post(`/api/data-subject-requests/${rejected.id}/reject`)
        .set(dpo())
        .send({ reason: 'Identity could not be confirmed' });
      expect(rej.status).toBe(200);
      expect(rej.body).toMatchObject({
        status: 'rejected',
        rejectionReason: 'Identity could not be confirmed',
      });
      const current = await newRequest({ clientId, type: 'objection' });

      const overdue = await t.http.get('/api/data-subject-requests?overdue=true&limit=500').set(dpo());
      expect(overdue.status).toBe(200);
      const ids = overdue.body.items.map((i: { id: string }) => i.id);
      expect(ids).toContain(late.id);
      expect(ids).not.toContain(rejected.id);
      expect(ids).not.toContain(current.id);
      expect(
        overdue.body.items.every(
          (i: { overdue: boolean; status: string }) => i.overdue && i.status === 'open',
        ),
      ).toBe(true);

      const rejectedOnly = await t.http.get('/api/data-subject-requests?status=rejected').set(dpo());
      expect(rejectedOnly.body.items.map((i: { id: string }) => i.id)).toEqual([rejected.id]);

      const seen: string[] = [];
      let cursor: string | null = null;
      do {
        const page: {
          status: number;
          body: { items: Array<{ id: string; dueAt: string }>; nextCursor: string | null };
        } = await t.http
          .get(`/api/data-subject-requests?limit=2${cursor ? `&cursor=${cursor}` : ''}`)
          .set(dpo());
        expect(page.status).toBe(200);
        seen.push(...page.body.items.map((i) => i.id));
        cursor = page.body.nextCursor;
      } while (cursor);
      const [{ n }] = await t.db.query(`SELECT count(*)::int AS n FROM data_subject_request`);
      expect(seen.length).toBe(n);
      expect(new Set(seen).size).toBe(n);
    });
  });

  describe('identity verification', () => {
    it('until the identity is verified, report, export and execute answer 409 and change nothing', async () => {
      const { id: clientId } = await createClient(t);
      const access = await newRequest({ clientId, type: 'access' });
      const portability = await newRequest({ clientId, type: 'portability' });
      const erasure = await newRequest({ clientId, type: 'erasure' });
      for (const [method, url] of [
        ['get', `/api/data-subject-requests/${access.id}/report`],
        ['get', `/api/data-subject-requests/${portability.id}/export`],
        ['post', `/api/data-subject-requests/${erasure.id}/execute`],
      ] as const) {
        const res =
          method === 'get' ? await t.http.get(url).set(dpo()) : await t.http.post(url).set(dpo()).send({});
        expect({ url, status: res.status, code: res.body.code }).toEqual({
          url,
          status: 409,
          code: 'IDENTITY_NOT_VERIFIED',
        });
      }
      const [client] = await t.db.query(
        `SELECT status, restricted, email IS NOT NULL AS has_email FROM client WHERE id = $1`,
        [clientId],
      );
      expect(client).toEqual({ status: 'active', restricted: false, has_email: true });
      const again = await t.http
        .post(`/api/data-subject-requests/${erasure.id}/verify-identity`)
        .set(dpo())
        .send({ method: 'qualified_signature', notes: 'signed letter' });
      expect(again.status).toBe(200);
      expect(again.body.identity).toMatchObject({
        method: 'qualified_signature',
        notes: 'signed letter',
        by: t.staff.dpo.id,
      });
      const twice = await t.http
        .post(`/api/data-subject-requests/${erasure.id}/verify-identity`)
        .set(dpo())
        .send({ method: 'other' });
      expect(twice.status).toBe(409);
    });
  });

  describe('access report', () => {
    it('lists the accesses made under named purposes, with field names, and everything held; completing it closes the request', async () => {
      const { id: clientId, body } = await createClient(t, { firstName: 'Zofia<b>' });
      await grantConsent(t, clientId, 'marketing', 'email');
      const insurer = await t.http
        .post('/api/insurers')
        .set(t.as('admin'))
        .send({ name: 'Omega TU', nip: makeNip(601_200_000), dsrContactEmail: 'iod@omega.example' });
      expect(insurer.status).toBe(201);
      const offer = await t.http
        .post('/api/offer-requests')
        .set(t.as('broker', 'offer_preparation'))
        .send({
          clientId,
          lineOfBusiness: 'home',
          needs: { requiredCoverages: ['fire'], notes: 'wooden house' },
        });
      expect(offer.status).toBe(201);

      const reads: Array<[string, string, string]> = [
        ['broker', 'offer_preparation', 'br-op'],
        ['marketing', 'marketing', 'mk-mk'],
        ['accountant', 'legal_obligation', 'ac-lo'],
      ];
      for (const [role, purpose, tag] of reads) {
        const res = await t.http
          .get(`/api/clients/${clientId}`)
          .set({ ...t.as(role as 'broker', purpose), 'x-request-id': `report-test-${tag}-${clientId}` });
        expect(res.status).toBe(200);
      }
      const denied = await t.http.get(`/api/clients/${clientId}`).set(t.as('broker', 'client_contact'));
      expect(denied.status).toBe(404);

      const req = await verified(clientId, 'access');
      const res = await t.http.get(`/api/data-subject-requests/${req.id}/report`).set(dpo());
      expect(res.status).toBe(200);
      const report = res.body;
      const entries: Array<{
        actorRole: string;
        purpose: string;
        action: string;
        resource: string;
        fields: string[];
        outcome: string;
        at: string;
      }> = report.accessLog.entries;
      const of = (purpose: string) =>
        entries.filter((e) => e.purpose === purpose && e.resource === 'client' && e.action === 'read');
      expect(of('offer_preparation')).toEqual([
        expect.objectContaining({
          actorRole: 'broker',
          outcome: 'allowed',
          fields: ['address', 'dateOfBirth', 'email', 'firstName', 'language', 'lastName', 'pesel', 'phone'],
        }),
      ]);
      expect(of('marketing')).toEqual([
        expect.objectContaining({
          actorRole: 'marketing',
          outcome: 'allowed',
          fields: ['email', 'firstName', 'lastName'],
        }),
      ]);
      expect(of('legal_obligation')).toEqual([
        expect.objectContaining({ actorRole: 'accountant', fields: ['address', 'firstName', 'lastName'] }),
      ]);
      expect(entries.find((e) => e.purpose === 'client_contact')).toMatchObject({
        outcome: 'denied',
        actorRole: 'broker',
      });
      expect(entries.every((e) => typeof e.at === 'string')).toBe(true);
      expect(entries.find((e) => e.purpose === 'marketing')).toHaveProperty(
        'purposeDescription.en',
        'Informing about new insurance offers',
      );

      expect(report.subject.data).toMatchObject({
        firstName: 'Zofia<b>',
        lastName: body.lastName,
        email: body.email,
        pesel: body.pesel,
      });
      expect(report.consents.active).toEqual([
        expect.objectContaining({ purpose: 'marketing', channel: 'email' }),
      ]);
      expect(report.consents.history).toEqual([
        expect.objectContaining({ event: 'granted', purpose: 'marketing' }),
      ]);
      expect(report.offers).toEqual([
        expect.objectContaining({
          id: offer.body.id,
          needs: expect.objectContaining({ notes: 'wooden house' }),
        }),
      ]);
      expect(report.contracts).toEqual([]);
      const marketing = report.purposes.find((p: { purpose: string }) => p.purpose === 'marketing');
      expect(marketing).toMatchObject({
        applies: true,
        legalBasis: { article: 'art. 6(1)(a) GDPR' },
        retention: { rule: { from: 'consent_withdrawal' }, until: null },
      });
      const offers = report.purposes.find((p: { purpose: string }) => p.purpose === 'offer_preparation');
      expect(offers.retention.until).toEqual(expect.stringMatching(/^\d{4}-\d{2}-\d{2}T/));
      expect(
        report.purposes.find((p: { purpose: string }) => p.purpose === 'contract_performance'),
      ).toMatchObject({ applies: false });
      expect(report.purposes.map((p: { purpose: string }) => p.purpose)).not.toContain('insurer_mandate');
      expect(report.supervisoryAuthority.address).toBe('ul. Stawki 2, 00-193 Warszawa');
      expect(report.rights.map((r: { key: string }) => r.key)).toEqual(
        expect.arrayContaining([
          'access',
          'rectification',
          'erasure',
          'restriction',
          'objection',
          'portability',
          'withdraw_consent',
          'complaint',
        ]),
      );
      expect(report.source.from).toBe('staff:offer_preparation');
      expect(report.transfers.thirdCountries).toBe(false);

      // The disclosure itself is one entry, naming the fields disclosed.
      const own = await auditEntriesOf(t, res.headers['x-request-id']);
      expect(own).toEqual([
        expect.objectContaining({
          action: 'export',
          resource: 'access_report',
          outcome: 'allowed',
          client_ids: [clientId],
        }),
      ]);
      expect(own[0].fields).toEqual(expect.arrayContaining(['email', 'pesel', 'consents', 'accessLog']));

      // The report is a preview; completing the request records that the answer was delivered.
      const previewed = await t.http.get(`/api/data-subject-requests/${req.id}`).set(dpo());
      expect(previewed.body).toMatchObject({ status: 'open', outcome: null });
      const closed = await t.http
        .post(`/api/data-subject-requests/${req.id}/complete`)
        .set(dpo())
        .send({ deliveredVia: 'email' });
      expect(closed.body).toMatchObject({ status: 'done', outcome: { action: 'access_report_given' } });

      const html = await t.http.get(`/api/data-subject-requests/${req.id}/report?format=html`).set(dpo());
      expect(html.status).toBe(200);
      expect(html.headers['content-type']).toMatch(/^text\/html/);
      expect(html.text).toContain('Zofia&#60;b&#62;');
      expect(html.text).not.toContain('Zofia<b>');
      expect(html.text).toContain('ul. Stawki 2, 00-193 Warszawa');
      expect(html.text).toContain('Wyszukiwanie, przedstawianie i porównywanie ofert ubezpieczeń');
      expect(html.text).not.toMatch(/<script/i);

      // An access request is answered by the report, not executed; a report is not an export.
      expect(
        (await t.http.post(`/api/data-subject-requests/${req.id}/execute`).set(dpo()).send({})).status,
      ).toBe(409);
      expect((await t.http.get(`/api/data-subject-requests/${req.id}/export`).set(dpo())).body.code).toBe(
        'WRONG_REQUEST_TYPE',
      );
    });

    it('exports what the person provided as versioned JSON', async () => {
      const { id: clientId, body } = await createClient(t);
      await grantConsent(t, clientId, 'renewal_reminders', 'email');
      await t.http
        .post(`/api/clients/${clientId}/consents/withdraw`)
        .set(t.as('broker', 'offer_preparation'))
        .send({ purpose: 'renewal_reminders', channel: 'email', source: 'phone_call' });
      const offer = await t.http
        .post('/api/offer-requests')
        .set(t.as('broker', 'offer_preparation'))
        .send({ clientId, lineOfBusiness: 'travel', needs: { requiredCoverages: ['kl'] } });
      expect(offer.status).toBe(201);
      const req = await verified(clientId, 'portability');
      const res = await t.http.get(`/api/data-subject-requests/${req.id}/export`).set(dpo());
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({
        schemaVersion: 'consentry.portability/1',
        subject: {
          identity: {
            firstName: body.firstName,
            lastName: body.lastName,
            dateOfBirth: body.dateOfBirth,
            pesel: body.pesel,
          },
          contact: { email: body.email, address: body.address },
        },
        consents: [
          expect.objectContaining({
            purpose: 'renewal_reminders',
            channel: 'email',
            withdrawnAt: expect.any(String),
          }),
        ],
        needsAnalyses: [expect.objectContaining({ lineOfBusiness: 'travel', requiredCoverages: ['kl'] })],
      });
      expect(res.headers['content-disposition']).toContain('attachment');
    });
  });

  describe('execution', () => {
    it('restriction: the client is then visible only under claims, legal_obligation and data_subject_rights', async () => {
      const { id: clientId } = await createClient(t);
      await grantConsent(t, clientId, 'marketing', 'email');
      const req = await verified(clientId, 'restriction');
      const res = await t.http.post(`/api/data-subject-requests/${req.id}/execute`).set(dpo()).send({});
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ status: 'done', outcome: { action: 'restricted' } });
      expect(
        (await t.http.get(`/api/clients/${clientId}`).set(t.as('broker', 'offer_preparation'))).status,
      ).toBe(404);
      expect((await t.http.get(`/api/clients/${clientId}`).set(t.as('marketing', 'marketing'))).status).toBe(
        404,
      );
      expect((await t.http.get(`/api/clients/${clientId}`).set(t.as('broker', 'claims'))).status).toBe(200);
      expect(
        (await t.http.get(`/api/clients/${clientId}`).set(t.as('accountant', 'legal_obligation'))).status,
      ).toBe(200);
      const own = await auditEntriesOf(t, res.headers['x-request-id']);
      expect(own).toEqual([
        expect.objectContaining({
          action: 'restrict',
          resource: 'client',
          client_ids: [clientId],
          fields: ['restricted'],
        }),
      ]);
      // A done request cannot be executed again.
      const again = await t.http.post(`/api/data-subject-requests/${req.id}/execute`).set(dpo()).send({});
      expect(again.status).toBe(409);
      expect(again.body.code).toBe('REQUEST_CLOSED');
    });

    it('objection: marketing stops at once and for good', async () => {
      const { id: clientId } = await createClient(t);
      await grantConsent(t, clientId, 'marketing', 'email');
      await grantConsent(t, clientId, 'marketing', 'phone');
      await grantConsent(t, clientId, 'client_contact', 'phone');
      const req = await verified(clientId, 'objection');
      const res = await t.http.post(`/api/data-subject-requests/${req.id}/execute`).set(dpo()).send({});
      expect(res.status).toBe(200);
      expect(res.body.outcome).toEqual({ action: 'objection_recorded', withdrawnConsents: 2 });
      expect((await t.http.get(`/api/clients/${clientId}`).set(t.as('marketing', 'marketing'))).status).toBe(
        404,
      );
      expect(
        (await t.http.get(`/api/clients/${clientId}`).set(t.as('broker', 'client_contact'))).status,
      ).toBe(200);
      const regrant = await t.http
        .post(`/api/clients/${clientId}/consents`)
        .set(t.as('broker', 'offer_preparation'))
        .send({ purpose: 'marketing', channel: 'email', source: 'web_form', noticeVersion: '2026-01' });
      expect(regrant.status).toBe(409);
      expect(regrant.body.code).toBe('OBJECTION_STANDS');
      const [row] = await t.db.query(`SELECT objected_to_marketing FROM client WHERE id = $1`, [clientId]);
      expect(row.objected_to_marketing).toBe(true);
    });

    it('withdraw_consent withdraws the named consents only; rectification corrects through the registry', async () => {
      const { id: clientId } = await createClient(t);
      await grantConsent(t, clientId, 'marketing', 'email');
      await grantConsent(t, clientId, 'renewal_reminders', 'email');
      const withdraw = await verified(clientId, 'withdraw_consent');
      const missing = await t.http
        .post(`/api/data-subject-requests/${withdraw.id}/execute`)
        .set(dpo())
        .send({});
      expect(missing.status).toBe(400);
      const res = await t.http
        .post(`/api/data-subject-requests/${withdraw.id}/execute`)
        .set(dpo())
        .send({ consents: [{ purpose: 'renewal_reminders', channel: 'email' }] });
      expect(res.status).toBe(200);
      const state = await t.http.get(`/api/clients/${clientId}/consents`).set(dpo());
      expect(state.body.active.map((c: { purpose: string }) => c.purpose)).toEqual(['marketing']);

      const rectify = await verified(clientId, 'rectification');
      const fixed = await t.http
        .post(`/api/data-subject-requests/${rectify.id}/execute`)
        .set(dpo())
        .send({ changes: { lastName: 'Poprawiona', email: 'poprawiona@example.com' } });
      expect(fixed.status).toBe(200);
      expect(fixed.body.outcome).toEqual({ action: 'rectified', fields: ['lastName', 'email'] });
      const read = await t.http.get(`/api/clients/${clientId}`).set(dpo());
      expect(read.body).toMatchObject({ lastName: 'Poprawiona', email: 'poprawiona@example.com' });
    });

    it('erasure blocked by the contract retention duty is refused on grounds, and says which duty and until when', async () => {
      const { id: clientId } = await createClient(t);
      await grantConsent(t, clientId, 'marketing', 'email');
      const [insurer] = await t.db.query(
        `INSERT INTO insurer (name, nip, dsr_contact_email) VALUES ('Sigma TU', $1, 'iod@sigma.example') RETURNING id`,
        [makeNip(611_300_000)],
      );
      await t.db.query(
        `INSERT INTO contract (client_id, insurer_id, line_of_business, policy_number, product_name, start_date, end_date, premium,
                               commission_rate_bp, commission, sum_insured, deductible)
         VALUES ($1, $2, 'motor', 'SIG/1', 'Auto', '2022-05-01', '2023-04-30', 100000, 1000, 10000, 1, 0)`,
        [clientId, insurer.id],
      );
      const req = await verified(clientId, 'erasure');
      const res = await t.http.post(`/api/data-subject-requests/${req.id}/execute`).set(dpo()).send({});
      expect(res.status).toBe(200);
      expect(res.body.outcome).toMatchObject({
        action: 'erasure_refused',
        erasure: 'deferred',
        withdrawnConsents: 1,
        grounds: [
          {
            basis: 'art. 6(1)(b) GDPR',
            basisPl: 'art. 6 ust. 1 lit. b RODO',
            purpose: 'contract_performance',
            until: '2029-04-30',
          },
          {
            basis: 'art. 6(1)(c) GDPR',
            basisPl: 'art. 6 ust. 1 lit. c RODO',
            purpose: 'legal_obligation',
            until: '2029-01-01',
          },
        ],
        blockedBy: [
          { kind: 'contract', purpose: 'contract_performance', until: '2029-04-30' },
          { kind: 'accounting', purpose: 'legal_obligation', until: '2029-01-01' },
        ],
        erasureDueAfter: '2029-04-30',
      });
      const [client] = await t.db.query(
        `SELECT status, restricted, erasure_refused, email IS NOT NULL AS has_email FROM client WHERE id = $1`,
        [clientId],
      );
      expect(client).toEqual({ status: 'active', restricted: false, erasure_refused: true, has_email: true });
      const [pending] = await t.db.query(`SELECT request_id FROM erasure_pending WHERE client_id = $1`, [
        clientId,
      ]);
      expect(pending.request_id).toBe(req.id);
    });
  });

  describe('generated documents', () => {
    it('serves the art. 30 record to signed-in staff and the art. 13 notice to anyone, in Polish and English', async () => {
      expect((await t.http.get('/api/privacy/processing-record')).status).toBe(401);
      const record = await t.http.get('/api/privacy/processing-record').set(t.as('manager'));
      expect(record.status).toBe(200);
      const contract = record.body.asController.find(
        (a: { purpose: string }) => a.purpose === 'contract_performance',
      );
      expect(contract).toMatchObject({
        legalBasis: { article: 'art. 6(1)(b) GDPR' },
        retention: { from: 'contract_end', months: 72 },
        transfers: { thirdCountries: false },
        dataSubjects: [{ key: 'clients' }],
      });
      expect(record.body.securityMeasures.length).toBeGreaterThan(0);

      const pl = await t.http.get('/api/privacy/notice');
      expect(pl.status).toBe(200);
      expect(pl.body).toMatchObject({
        lang: 'pl',
        supervisoryAuthority: { address: 'ul. Stawki 2, 00-193 Warszawa' },
      });
      expect(pl.body.text).toContain('Prezes Urzędu Ochrony Danych Osobowych');
      const en = await t.http.get('/api/privacy/notice?lang=en');
      expect(en.body.text).toContain('ul. Stawki 2, 00-193 Warszawa');
      expect(en.body.sections.map((x: { key: string }) => x.key)).toEqual(
        expect.arrayContaining([
          'controller',
          'purposes',
          'recipients',
          'transfers',
          'retention',
          'rights',
          'complaint',
        ]),
      );
      expect((await t.http.get('/api/privacy/notice?lang=de')).status).toBe(400);
    });
  });

  describe('mandate subjects', () => {
    it('a request about a person processed for an insurer is referred to that insurer, with its contact', async () => {
      // The mandates module provides the directory the requests module looks up.
      expect(t.app.get(MANDATE_SUBJECT_DIRECTORY, { strict: false })).toBeDefined();
      const unknown = await t.http
        .post('/api/data-subject-requests')
        .set(dpo())
        .send({ mandateSubjectId: randomUUID(), type: 'access' });
      expect(unknown.status).toBe(404);
      expect(unknown.body.code).toBe('MANDATE_SUBJECT_NOT_FOUND');

      const insurer = await t.http
        .post('/api/insurers')
        .set(t.as('admin'))
        .send({ name: 'Kappa TU', nip: makeNip(622_400_000), dsrContactEmail: 'iod@kappa.example' });
      const day = (offset: number) => new Date(Date.now() + offset * 86_400_000).toISOString().slice(0, 10);
      const mandate = await t.http
        .post('/api/mandates')
        .set(t.as('admin'))
        .send({
          insurerId: insurer.body.id,
          reference: 'UP/K/1',
          validFrom: day(-1),
          validTo: day(300),
          fields: ['firstName', 'lastName'],
          endAction: 'delete',
        });
      expect(mandate.status).toBe(201);
      expect(
        (
          await t.http
            .post(`/api/mandates/${mandate.body.id}/members`)
            .set(t.as('admin'))
            .send({ staffId: t.staff.broker.id })
        ).status,
      ).toBe(201);
      const subject = await t.http
        .post(`/api/mandates/${mandate.body.id}/subjects`)
        .set(t.as('broker', 'insurer_mandate'))
        .send({ firstName: 'Kamil', lastName: 'Kappa' });
      expect(subject.status).toBe(201);
      const referred = await t.http
        .post('/api/data-subject-requests')
        .set(dpo())
        .send({ mandateSubjectId: subject.body.id, type: 'erasure' });
      expect(referred.status).toBe(201);
      expect(referred.body).toMatchObject({
        status: 'referred',
        referral: {
          insurerId: insurer.body.id,
          insurerName: 'Kappa TU',
          dsrContactEmail: 'iod@kappa.example',
        },
      });
      const stored = await t.http.get(`/api/data-subject-requests/${referred.body.id}`).set(dpo());
      expect(stored.body).toMatchObject({
        status: 'referred',
        mandateSubjectId: subject.body.id,
        referral: { dsrContactEmail: 'iod@kappa.example' },
      });
      // The broker answers nothing from the mandate's data itself.
      expect(
        (await t.http.post(`/api/data-subject-requests/${referred.body.id}/execute`).set(dpo()).send({}))
          .status,
      ).toBe(409);
    });
  });
});
