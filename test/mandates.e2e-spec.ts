import { randomUUID } from 'node:crypto';
import { Client } from 'pg';
import { urlWithUser } from '@app/common/database/roles';
import { makeNip } from '@app/common/validation/nip';
import { makePesel } from '@app/common/validation/pesel';
import { StaffService } from '../src/auth';
import { MandateSubjectDirectory } from '../src/mandates';
import { auditEntriesOf, createClient } from './support/fixtures';
import { startTestApp, TEST_PASSWORD, TestApp } from './support/test-app';

/**
 * Data processed for insurers is walled off: in the database (its own schema, reached only by its
 * own role, row-level security per mandate) and over HTTP (members only, purpose insurer_mandate,
 * only the mandate's fields, only while in force), and every operation names the insurer.
 */
const day = (offset: number) => new Date(Date.now() + offset * 86_400_000).toISOString().slice(0, 10);
const MANDATE_TABLES = ['contract', 'scope', 'subject'];

describe('mandates: data processed for insurers, walled off', () => {
  let t: TestApp;
  let owner: Client;
  let otherBroker: Record<string, string>;
  let otherBrokerId: string;
  const insurers: Record<'a' | 'b' | 'c', { id: string; name: string; dsrContactEmail: string }> =
    {} as never;
  const mandates: Record<'a' | 'b' | 'expired', string> = {} as never;
  const subjectsOfA: Array<{ id: string; pesel: string }> = [];
  let subjectOfB: string;
  let nipSerial = (process.pid % 1000) * 100_000;
  const unknownMandate = randomUUID();

  const member = (purpose = 'insurer_mandate') => t.as('broker', purpose);
  const admin = () => t.as('admin');
  /** Headers for a request, and (once it has been sent) the id the server gave it. */
  const rid = (headers: Record<string, string>) => ({ headers, id: '' });
  const sent = <R extends { headers: Record<string, string> }>(request: { id: string }, res: R): R => {
    request.id = res.headers['x-request-id'];
    return res;
  };

  async function createInsurer(name: string) {
    nipSerial += 17;
    const res = await t.http
      .post('/api/insurers')
      .set(admin())
      .send({
        name,
        nip: makeNip(nipSerial),
        dsrContactEmail: `iod@${name.toLowerCase().replace(/\W/g, '')}.example`,
      });
    expect(res.status).toBe(201);
    return res.body as { id: string; name: string; dsrContactEmail: string };
  }

  async function createMandate(body: Record<string, unknown>) {
    const res = await t.http.post('/api/mandates').set(admin()).send(body);
    expect(res.status).toBe(201);
    return res.body.id as string;
  }

  async function addMember(mandateId: string, staffId: string) {
    const res = await t.http.post(`/api/mandates/${mandateId}/members`).set(admin()).send({ staffId });
    expect(res.status).toBe(201);
  }

  async function createSubject(mandateId: string, body: Record<string, unknown>, headers = member()) {
    const res = await t.http.post(`/api/mandates/${mandateId}/subjects`).set(headers).send(body);
    expect(res.status).toBe(201);
    return res.body as Record<string, unknown> & { id: string };
  }

  /** Rows the owner (a superuser, so no row-level security) still finds for a mandate. */
  async function rowsLeft(mandateId: string): Promise<number> {
    const { rows } = await owner.query(
      `SELECT (SELECT count(*) FROM mandate.subject WHERE mandate_id = $1) + (SELECT count(*) FROM mandate.contract WHERE mandate_id = $1)
            + (SELECT count(*) FROM mandate.scope WHERE mandate_id = $1) AS n`,
      [mandateId],
    );
    return Number(rows[0].n);
  }

  beforeAll(async () => {
    t = await startTestApp();
    owner = new Client({ connectionString: t.databaseUrl });
    await owner.connect();
    const other = await t.app.get(StaffService).upsert({
      email: 'broker2@mandates.test',
      fullName: 'Beata Brokerka',
      role: 'broker',
      password: TEST_PASSWORD,
    });
    otherBrokerId = other.id;
    const login = await t.http
      .post('/api/auth/login')
      .send({ email: 'broker2@mandates.test', password: TEST_PASSWORD });
    otherBroker = { authorization: `Bearer ${login.body.accessToken}`, 'x-purpose': 'insurer_mandate' };

    insurers.a = await createInsurer('Ubezpieczenia Alfa');
    insurers.b = await createInsurer('Ubezpieczenia Beta');
    insurers.c = await createInsurer('Ubezpieczenia Gamma');
    mandates.a = await createMandate({
      insurerId: insurers.a.id,
      reference: 'UP/A/1',
      validFrom: day(-10),
      validTo: day(365),
      fields: ['firstName', 'lastName', 'email', 'dateOfBirth', 'pesel'],
      endAction: 'return',
    });
    mandates.b = await createMandate({
      insurerId: insurers.b.id,
      reference: 'UP/B/1',
      validFrom: day(-10),
      validTo: day(365),
      fields: ['firstName', 'lastName'],
      endAction: 'delete',
    });
    mandates.expired = await createMandate({
      insurerId: insurers.c.id,
      reference: 'UP/C/old',
      validFrom: day(-400),
      validTo: day(-10),
      fields: ['lastName'],
      endAction: 'delete',
    });
    await addMember(mandates.a, t.staff.broker.id);
    await addMember(mandates.expired, t.staff.broker.id);
    await addMember(mandates.b, otherBrokerId);

    for (let i = 0; i < 3; i++) {
      const birth = `1980-0${i + 1}-1${i}`;
      const pesel = makePesel(birth, 4321 + i);
      const s = await createSubject(mandates.a, {
        firstName: 'Adam',
        lastName: `Mandatowy${i}`,
        email: `adam.${i}@mandate.example`,
        dateOfBirth: birth,
        pesel,
      });
      subjectsOfA.push({ id: s.id, pesel });
    }
    subjectOfB = (await createSubject(mandates.b, { firstName: 'Barbara', lastName: 'Beta' }, otherBroker))
      .id;
  });

  afterAll(async () => {
    await owner?.end();
    await t?.close();
  });

  describe('in the database', () => {
    it('runs the application pool as consentry_app, which is no superuser and has no privilege on schema mandate', async () => {
      const [me] = await t.db.query(
        `SELECT current_user AS "user", session_user AS "session", r.rolsuper, r.rolbypassrls,
                has_schema_privilege(current_user, 'mandate', 'USAGE') AS usage
           FROM pg_roles r WHERE r.rolname = current_user`,
      );
      expect(me).toEqual({
        user: 'consentry_app',
        session: 'consentry_app',
        rolsuper: false,
        rolbypassrls: false,
        usage: false,
      });
    });

    it('gives the application role "permission denied" on every table of schema mandate', async () => {
      const { rows } = await owner.query(
        `SELECT tablename FROM pg_tables WHERE schemaname = 'mandate' ORDER BY tablename`,
      );
      expect(rows.map((r) => r.tablename)).toEqual(MANDATE_TABLES);
      const app = new Client({ connectionString: urlWithUser(t.databaseUrl, 'consentry_app') });
      await app.connect();
      try {
        for (const { tablename } of rows) {
          for (const sql of [
            `SELECT * FROM mandate.${tablename}`,
            `SELECT count(*) FROM mandate.${tablename}`,
            `DELETE FROM mandate.${tablename}`,
            `UPDATE mandate.${tablename} SET mandate_id = mandate_id`,
            `INSERT INTO mandate.${tablename} (mandate_id) VALUES (gen_random_uuid())`,
          ]) {
            await expect(app.query(sql)).rejects.toThrow(/permission denied/);
            await expect(t.db.query(sql)).rejects.toThrow(/permission denied/);
          }
        }
        const { rows: privileges } = await owner.query(
          `SELECT count(*)::int AS n FROM pg_tables p, unnest(ARRAY['SELECT','INSERT','UPDATE','DELETE','TRUNCATE','REFERENCES','TRIGGER']) priv
            WHERE p.schemaname = 'mandate' AND has_table_privilege('consentry_app', 'mandate.' || p.tablename, priv)`,
        );
        expect(privileges[0].n).toBe(0);
      } finally {
        await app.end();
      }
      // The owner does see the rows: the refusals above are the wall, not an empty schema.
      expect(await rowsLeft(mandates.a)).toBeGreaterThan(0);
    });

    it('lets the mandate role see only the mandate a transaction declares, even without a WHERE clause, and nothing of the main schema', async () => {
      const m = new Client({ connectionString: urlWithUser(t.databaseUrl, 'consentry_mandate') });
      await m.connect();
      try {
        expect((await m.query(`SELECT * FROM mandate.subject`)).rows).toEqual([]);
        await m.query('BEGIN');
        await m.query(`SELECT set_config('app.mandate_id', $1, true)`, [mandates.a]);
        const seen = await m.query(`SELECT id, mandate_id FROM mandate.subject`);
        expect(seen.rows.map((r) => r.id).sort()).toEqual(subjectsOfA.map((s) => s.id).sort());
        expect(new Set(seen.rows.map((r) => r.mandate_id))).toEqual(new Set([mandates.a]));
        expect((await m.query(`SELECT 1 FROM mandate.subject WHERE id = $1`, [subjectOfB])).rows).toEqual([]);
        expect(
          (await m.query(`UPDATE mandate.subject SET first_name = 'x' WHERE id = $1`, [subjectOfB])).rowCount,
        ).toBe(0);
        expect(
          (await m.query(`DELETE FROM mandate.subject WHERE mandate_id = $1`, [mandates.b])).rowCount,
        ).toBe(0);
        await expect(
          m.query(`INSERT INTO mandate.subject (mandate_id, last_name) VALUES ($1, 'Intruz')`, [mandates.b]),
        ).rejects.toThrow(/row-level security/);
        await m.query('ROLLBACK');
        // A transaction after it has declared nothing again.
        expect((await m.query(`SELECT count(*)::int AS n FROM mandate.subject`)).rows[0].n).toBe(0);
        for (const table of ['public.client', 'public.audit_entry', 'public.mandate', 'public.insurer']) {
          await expect(m.query(`SELECT * FROM ${table}`)).rejects.toThrow(/permission denied/);
        }
      } finally {
        await m.end();
      }
      const { rows } = await owner.query(`SELECT count(*)::int AS n FROM mandate.subject WHERE id = $1`, [
        subjectOfB,
      ]);
      expect(rows[0].n).toBe(1);
    });

    it('keeps PESEL encrypted at rest in schema mandate', async () => {
      const { rows } = await owner.query(`SELECT pesel_cipher FROM mandate.subject WHERE id = $1`, [
        subjectsOfA[0].id,
      ]);
      expect(rows[0].pesel_cipher).toMatch(/^v1\./);
      expect(rows[0].pesel_cipher).not.toContain(subjectsOfA[0].pesel);
    });
  });

  describe('over HTTP', () => {
    it("lets a member of mandate A read its subjects with exactly the mandate's fields", async () => {
      const list = await t.http.get(`/api/mandates/${mandates.a}/subjects`).set(member());
      expect(list.status).toBe(200);
      expect(list.body.items.map((s: { id: string }) => s.id).sort()).toEqual(
        subjectsOfA.map((s) => s.id).sort(),
      );
      for (const item of list.body.items) {
        expect(Object.keys(item).sort()).toEqual([
          'createdAt',
          'dateOfBirth',
          'email',
          'firstName',
          'id',
          'lastName',
          'pesel',
        ]);
      }
      const one = await t.http.get(`/api/mandates/${mandates.a}/subjects/${subjectsOfA[1].id}`).set(member());
      expect(one.status).toBe(200);
      expect(one.body).toMatchObject({
        id: subjectsOfA[1].id,
        lastName: 'Mandatowy1',
        pesel: subjectsOfA[1].pesel,
        contracts: [],
      });
      expect(one.body).not.toHaveProperty('phone');
      expect(one.body).not.toHaveProperty('address');
    });

    it("answers only the mandate's fields for a narrower mandate", async () => {
      const res = await t.http.get(`/api/mandates/${mandates.b}/subjects/${subjectOfB}`).set(otherBroker);
      expect(res.status).toBe(200);
      expect(Object.keys(res.body).sort()).toEqual(['contracts', 'createdAt', 'firstName', 'id', 'lastName']);
    });

    it('answers 404 to a member of A asking, through A, for a subject of B', async () => {
      const res = await t.http.get(`/api/mandates/${mandates.a}/subjects/${subjectOfB}`).set(member());
      expect(res.status).toBe(404);
    });

    it('answers 404 to a non-member, for the list, a subject and a write alike', async () => {
      const list = await t.http.get(`/api/mandates/${mandates.a}/subjects`).set(otherBroker);
      const one = await t.http
        .get(`/api/mandates/${mandates.a}/subjects/${subjectsOfA[0].id}`)
        .set(otherBroker);
      const write = await t.http
        .post(`/api/mandates/${mandates.a}/subjects`)
        .set(otherBroker)
        .send({ lastName: 'Obcy' });
      const unknown = await t.http.get(`/api/mandates/${unknownMandate}/subjects`).set(member());
      expect([list.status, one.status, write.status, unknown.status]).toEqual([404, 404, 404, 404]);
      expect(list.body.message).toBe(unknown.body.message);
    });

    it('refuses a field the mandate does not list with 403 and the field names, storing nothing', async () => {
      const before = await rowsLeft(mandates.b);
      const res = await t.http
        .post(`/api/mandates/${mandates.b}/subjects`)
        .set(otherBroker)
        .send({
          firstName: 'Celina',
          lastName: 'Beta',
          phone: '600100200',
          pesel: makePesel('1990-05-05', 77),
        });
      expect(res.status).toBe(403);
      expect(res.body.fields.sort()).toEqual(['pesel', 'phone']);
      expect(await rowsLeft(mandates.b)).toBe(before);
      const allowed = await t.http
        .post(`/api/mandates/${mandates.b}/subjects`)
        .set(otherBroker)
        .send({ firstName: 'Celina', lastName: 'Beta' });
      expect(allowed.status).toBe(201);
      expect(Object.keys(allowed.body).sort()).toEqual(['createdAt', 'firstName', 'id', 'lastName']);
    });

    it('needs purpose insurer_mandate and a role that may use it', async () => {
      const none = await t.http.get(`/api/mandates/${mandates.a}/subjects`).set(t.as('broker'));
      const wrong = await t.http.get(`/api/mandates/${mandates.a}/subjects`).set(member('offer_preparation'));
      const adminTry = await t.http
        .get(`/api/mandates/${mandates.a}/subjects`)
        .set(t.as('admin', 'insurer_mandate'));
      const marketing = await t.http
        .get(`/api/mandates/${mandates.a}/subjects`)
        .set(t.as('marketing', 'insurer_mandate'));
      expect([none.status, wrong.status, adminTry.status, marketing.status]).toEqual([400, 403, 403, 403]);
    });

    it('refuses a member of a mandate past its validTo as if it had ended', async () => {
      const res = await t.http.get(`/api/mandates/${mandates.expired}/subjects`).set(member());
      expect(res.status).toBe(404);
      const unknown = await t.http.get(`/api/mandates/${unknownMandate}/subjects`).set(member());
      expect(res.body.message).toBe(unknown.body.message);
    });

    it("never shows a mandate subject among the broker's clients, even with the same PESEL (two records, never linked)", async () => {
      const search = await t.http
        .get('/api/clients')
        .query({ pesel: subjectsOfA[0].pesel })
        .set(t.as('broker', 'offer_preparation'));
      expect(search.status).toBe(200);
      expect(search.body.items).toEqual([]);
      const dpo = await t.http
        .get('/api/clients')
        .query({ pesel: subjectsOfA[0].pesel })
        .set(t.as('dpo', 'data_subject_rights'));
      expect(dpo.body.items).toEqual([]);

      const client = await createClient(t, { pesel: subjectsOfA[2].pesel, dateOfBirth: '1980-03-12' });
      const again = await t.http
        .get('/api/clients')
        .query({ pesel: subjectsOfA[2].pesel })
        .set(t.as('broker', 'offer_preparation'));
      expect(again.body.items.map((c: { id: string }) => c.id)).toEqual([client.id]);
      const subject = await t.http
        .get(`/api/mandates/${mandates.a}/subjects/${subjectsOfA[2].id}`)
        .set(member());
      expect(subject.body.pesel).toBe(subjectsOfA[2].pesel);
      expect(subject.body.id).not.toBe(client.id);
      const all = await t.http
        .get('/api/clients')
        .query({ limit: 500 })
        .set(t.as('broker', 'offer_preparation'));
      const clientIds = new Set(all.body.items.map((c: { id: string }) => c.id));
      for (const s of subjectsOfA) expect(clientIds.has(s.id)).toBe(false);
    });

    it('keeps mandate administration to admins', async () => {
      const byBroker = await t.http
        .post('/api/mandates')
        .set(t.as('broker'))
        .send({
          insurerId: insurers.a.id,
          reference: 'X',
          validFrom: day(0),
          validTo: day(1),
          fields: ['lastName'],
          endAction: 'delete',
        });
      expect(byBroker.status).toBe(403);
      const marketingMember = await t.http
        .post(`/api/mandates/${mandates.a}/members`)
        .set(admin())
        .send({ staffId: t.staff.marketing.id });
      expect(marketingMember.status).toBe(400);
      expect(marketingMember.body.fields).toEqual(['staffId']);
      const badField = await t.http
        .post('/api/mandates')
        .set(admin())
        .send({
          insurerId: insurers.a.id,
          reference: 'Y',
          validFrom: day(0),
          validTo: day(1),
          fields: ['lastName', 'shoeSize'],
          endAction: 'delete',
        });
      expect(badField.status).toBe(400);
      const mine = await t.http.get('/api/mandates').set(t.as('broker'));
      expect(mine.body.items.map((m: { id: string }) => m.id).sort()).toEqual(
        [mandates.a, mandates.expired].sort(),
      );
      const all = await t.http.get('/api/mandates').set(admin());
      expect(all.body.items.length).toBeGreaterThanOrEqual(3);
    });

    it("names the insurer for a mandate subject's request, and nobody for anyone else", async () => {
      const directory = t.app.get(MandateSubjectDirectory);
      expect(await directory.findController(subjectOfB)).toEqual({
        insurerId: insurers.b.id,
        insurerName: insurers.b.name,
        dsrContactEmail: insurers.b.dsrContactEmail,
      });
      expect(await directory.findController(randomUUID())).toBeNull();
      expect(await directory.findController('not-a-uuid')).toBeNull();

      const request = await t.http
        .post('/api/data-subject-requests')
        .set(t.as('dpo', 'data_subject_rights'))
        .send({ mandateSubjectId: subjectOfB, type: 'access' });
      expect(request.status).toBe(201);
      expect(request.body).toMatchObject({
        status: 'referred',
        referral: {
          insurerId: insurers.b.id,
          insurerName: insurers.b.name,
          dsrContactEmail: insurers.b.dsrContactEmail,
        },
      });
    });
  });

  describe('ending a mandate', () => {
    it('with "return" answers every subject of the mandate, then leaves 0 rows for it; members then get 404', async () => {
      const withContract = await t.http
        .post(`/api/mandates/${mandates.a}/subjects/${subjectsOfA[0].id}/contracts`)
        .set(member())
        .send({
          lineOfBusiness: 'motor',
          productName: 'OC Komfort',
          startDate: day(0),
          endDate: day(364),
          premium: { amount: 120000, currency: 'PLN' },
        });
      expect(withContract.status).toBe(201);
      expect(await rowsLeft(mandates.a)).toBe(subjectsOfA.length + 2);

      const ended = await t.http.post(`/api/mandates/${mandates.a}/end`).set(admin());
      expect(ended.status).toBe(200);
      expect(ended.body).toMatchObject({
        mandateId: mandates.a,
        endAction: 'return',
        deleted: { subjects: 3, contracts: 1 },
      });
      const exported = ended.body.export.subjects as Array<
        Record<string, unknown> & { contracts: unknown[] }
      >;
      expect(exported.map((s) => s.id).sort()).toEqual(subjectsOfA.map((s) => s.id).sort());
      for (const s of subjectsOfA) expect(exported.find((e) => e.id === s.id)?.pesel).toBe(s.pesel);
      expect(exported.find((e) => e.id === subjectsOfA[0].id)?.contracts).toEqual([
        expect.objectContaining({ productName: 'OC Komfort', premium: { amount: 120000, currency: 'PLN' } }),
      ]);

      expect(await rowsLeft(mandates.a)).toBe(0);
      const after = await t.http.get(`/api/mandates/${mandates.a}/subjects`).set(member());
      const afterOne = await t.http
        .get(`/api/mandates/${mandates.a}/subjects/${subjectsOfA[1].id}`)
        .set(member());
      expect([after.status, afterOne.status]).toEqual([404, 404]);
      expect(await t.app.get(MandateSubjectDirectory).findController(subjectsOfA[1].id)).toBeNull();
      const again = await t.http.post(`/api/mandates/${mandates.a}/end`).set(admin());
      expect(again.status).toBe(409);
    });

    it('with "delete" deletes without answering the data', async () => {
      expect(await rowsLeft(mandates.b)).toBeGreaterThan(0);
      const ended = await t.http.post(`/api/mandates/${mandates.b}/end`).set(admin());
      expect(ended.status).toBe(200);
      expect(ended.body).not.toHaveProperty('export');
      expect(ended.body.deleted.subjects).toBe(2);
      expect(await rowsLeft(mandates.b)).toBe(0);
      const { rows } = await owner.query(`SELECT count(*)::int AS n FROM mandate.subject`);
      expect(rows[0].n).toBe(0);
    });
  });

  describe('the record of operations', () => {
    it('holds one entry per operation naming the insurer as controller, and never a mandate subject as a client', async () => {
      const m = await createMandate({
        insurerId: insurers.c.id,
        reference: 'UP/C/2',
        validFrom: day(-1),
        validTo: day(30),
        fields: ['lastName'],
        endAction: 'return',
      });
      await addMember(m, t.staff.broker.id);
      const create = rid(member());
      const created = sent(
        create,
        await t.http.post(`/api/mandates/${m}/subjects`).set(create.headers).send({ lastName: 'Zapisany' }),
      );
      const list = rid(member());
      sent(list, await t.http.get(`/api/mandates/${m}/subjects`).set(list.headers));
      const read = rid(member());
      sent(read, await t.http.get(`/api/mandates/${m}/subjects/${created.body.id}`).set(read.headers));
      const refused = rid(member());
      sent(
        refused,
        await t.http
          .post(`/api/mandates/${m}/subjects`)
          .set(refused.headers)
          .send({ lastName: 'X', email: 'x@example.com' }),
      );
      const stranger = rid(otherBroker);
      sent(
        stranger,
        await t.http.get(`/api/mandates/${m}/subjects/${created.body.id}`).set(stranger.headers),
      );
      const end = rid(admin());
      sent(end, await t.http.post(`/api/mandates/${m}/end`).set(end.headers));

      const expected: Array<[{ id: string }, string, string, string, string[]]> = [
        [create, 'create', 'allowed', created.body.id, ['lastName']],
        [list, 'list', 'allowed', m, ['lastName']],
        [read, 'read', 'allowed', created.body.id, ['lastName']],
        [refused, 'create', 'denied', m, ['email']],
        [stranger, 'read', 'denied', created.body.id, []],
        [end, 'disclose', 'allowed', m, ['lastName']],
      ];
      for (const [request, action, outcome, resourceId, fields] of expected) {
        const entries = await auditEntriesOf(t, request.id);
        expect(entries).toHaveLength(1);
        expect(entries[0]).toMatchObject({
          action,
          outcome,
          resource: 'mandate_subject',
          resource_id: resourceId,
          fields,
          client_ids: [],
        });
        const [{ controller_id }] = await t.db.query(
          `SELECT controller_id::text FROM audit_entry WHERE id = $1`,
          [entries[0].id],
        );
        expect(controller_id).toBe(insurers.c.id);
      }

      const { rows } = await owner.query(
        `SELECT count(*) FILTER (WHERE controller_id IS NULL)::int AS unnamed, count(*) FILTER (WHERE cardinality(client_ids) > 0)::int AS with_clients,
                count(*)::int AS total
           FROM audit_entry
          WHERE resource IN ('mandate', 'mandate_member')
             OR (resource = 'mandate_subject' AND resource_id IS DISTINCT FROM $1
                 AND reason IS DISTINCT FROM 'PURPOSE_REQUIRED' AND reason IS DISTINCT FROM 'PURPOSE_NOT_ALLOWED'
                 AND reason IS DISTINCT FROM 'PURPOSE_NOT_ACCEPTED_HERE')`,
        [unknownMandate],
      );
      expect(rows[0].total).toBeGreaterThan(20);
      expect(rows[0]).toMatchObject({ unnamed: 0, with_clients: 0 });
      await t.sealNow();
    });
  });
});
