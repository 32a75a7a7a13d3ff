import { makeNip } from '@app/common/validation/nip';
import { makeRegon } from '@app/common/validation/regon';
import { PURPOSES, REGISTRY, ROLES, roleMayUse } from '@app/privacy';
import { clientBody, companyBody, createClient } from './support/fixtures';
import { brokerOfAnotherTeam } from './support/other-team';
import { TestApp, startTestApp } from './support/test-app';

type Body = Record<string, unknown>;

/** Flips the last digit: the same number with a wrong check digit. */
const wrongCheckDigit = (valid: string) => valid.slice(0, -1) + String((Number(valid.slice(-1)) + 1) % 10);

/**
 * A client is a person or a company. A company's register data (name, NIP, REGON, KRS) is not
 * personal data and is refused with a wrong check digit; its representatives are persons, read
 * under their own rules; households group persons; all of it stays inside the team's portfolio.
 */
describe('companies, representatives and households', () => {
  let t: TestApp;
  let as2: (purpose: string) => Record<string, string>;
  const broker = (purpose: string) => t.as('broker', purpose);
  const countCompanies = async (): Promise<number> =>
    (await t.db.query(`SELECT count(*)::int AS n FROM client WHERE kind = 'company'`))[0].n;

  beforeAll(async () => {
    t = await startTestApp();
    as2 = (await brokerOfAnotherTeam(t)).as;
  });
  afterAll(async () => {
    await t?.close();
  });

  async function createCompany(overrides: Body = {}): Promise<{ id: string; body: Body }> {
    const body = companyBody(overrides);
    const res = await t.http.post('/api/clients').set(broker('offer_preparation')).send(body);
    expect(res.status).toBe(201);
    return { id: res.body.id, body };
  }

  it('registers a company with its register data and reads it back, with no person’s fields', async () => {
    const body = companyBody({ regon: makeRegon(23_511_332, 1) });
    const created = await t.http.post('/api/clients').set(broker('offer_preparation')).send(body);
    expect(created.status).toBe(201);
    const read = await t.http.get(`/api/clients/${created.body.id}`).set(broker('contract_performance'));
    expect(read.status).toBe(200);
    expect(read.body).toMatchObject({
      kind: 'company',
      companyName: body.companyName,
      nip: body.nip,
      regon: body.regon,
      krs: body.krs,
      address: body.address,
      email: body.email,
    });
    expect(String(read.body.regon)).toHaveLength(14);
    for (const field of ['firstName', 'lastName', 'pesel', 'dateOfBirth'])
      expect(read.body).not.toHaveProperty(field);
    // A person reads as before, with none of a company's fields.
    const person = await createClient(t);
    const personRead = await t.http.get(`/api/clients/${person.id}`).set(broker('offer_preparation'));
    expect(personRead.body).toMatchObject({ kind: 'person', pesel: person.body.pesel });
    for (const field of ['companyName', 'nip', 'regon', 'krs'])
      expect(personRead.body).not.toHaveProperty(field);
  });

  it('finds a company by the start of its name, ignoring case and Polish diacritics', async () => {
    const company = await createCompany({ companyName: 'Żółta Łąka Sp. z o.o.', nip: makeNip(527_300_011) });
    const found = await t.http.get('/api/clients?q=%C5%BB%C3%B3%C5%82T').set(broker('offer_preparation'));
    expect(found.status).toBe(200);
    const ids = (found.body.items as Array<{ id: string }>).map((c) => c.id);
    expect(ids).toContain(company.id);
    const notFound = await t.http.get('/api/clients?q=laka').set(broker('offer_preparation'));
    expect((notFound.body.items as Array<{ id: string }>).map((c) => c.id)).not.toContain(company.id);
  });

  it('refuses a wrong REGON or NIP check digit, naming the field, and stores nothing', async () => {
    const before = await countCompanies();
    const regon = await t.http
      .post('/api/clients')
      .set(broker('offer_preparation'))
      .send(companyBody({ regon: wrongCheckDigit(makeRegon(31_000_017)) }));
    expect(regon.status).toBe(400);
    expect(regon.body.fields).toEqual(['regon']);
    expect(regon.body.message).toMatch(/regon .*check digit/);
    const nip = await t.http
      .post('/api/clients')
      .set(broker('offer_preparation'))
      .send(companyBody({ nip: wrongCheckDigit(makeNip(527_100_000)) }));
    expect(nip.status).toBe(400);
    expect(nip.body.fields).toEqual(['nip']);
    expect(nip.body.message).toMatch(/nip .*check digit/);
    const longRegon = await t.http
      .post('/api/clients')
      .set(broker('offer_preparation'))
      .send(companyBody({ regon: wrongCheckDigit(makeRegon(31_000_017, 42)) }));
    expect(longRegon.status).toBe(400);
    expect(longRegon.body.fields).toEqual(['regon']);
    expect(await countCompanies()).toBe(before);
  });

  it('refuses a company with a PESEL or a person’s name, and a person with a NIP', async () => {
    const before = await countCompanies();
    const { pesel, firstName } = clientBody();
    const withPesel = await t.http
      .post('/api/clients')
      .set(broker('offer_preparation'))
      .send(companyBody({ pesel }));
    expect(withPesel.status).toBe(400);
    expect(withPesel.body).toMatchObject({ code: 'FIELDS_NOT_OF_CLIENT_KIND', fields: ['pesel'] });
    const withName = await t.http
      .post('/api/clients')
      .set(broker('offer_preparation'))
      .send(companyBody({ firstName }));
    expect(withName.status).toBe(400);
    expect(await countCompanies()).toBe(before);
    const personWithNip = await t.http
      .post('/api/clients')
      .set(broker('offer_preparation'))
      .send(clientBody({ nip: makeNip(527_200_000) }));
    expect(personWithNip.status).toBe(400);
    expect(personWithNip.body).toMatchObject({ code: 'FIELDS_NOT_OF_CLIENT_KIND', fields: ['nip'] });
    // Nor is a PESEL added to a company afterwards.
    const company = await createCompany();
    const patched = await t.http
      .patch(`/api/clients/${company.id}`)
      .set(broker('offer_preparation'))
      .send({ pesel });
    expect(patched.status).toBe(400);
    const [row] = await t.db.query(`SELECT pesel_cipher FROM client WHERE id = $1`, [company.id]);
    expect(row.pesel_cipher).toBeNull();
  });

  it('names representatives and lists them with the person’s fields only under a purpose that may see them', async () => {
    const company = await createCompany();
    const prezes = await createClient(t, { lastName: 'Prezesowa' });
    const pelnomocnik = await createClient(t, { lastName: 'Pełnomocny' });
    for (const [person, role] of [
      [prezes, 'prezes zarządu'],
      [pelnomocnik, 'pełnomocnik'],
    ] as const) {
      const added = await t.http
        .post(`/api/clients/${company.id}/representatives`)
        .set(broker('offer_preparation'))
        .send({ personId: person.id, role });
      expect(added.status).toBe(201);
      expect(added.body).toMatchObject({ companyId: company.id, personId: person.id, role });
    }
    const again = await t.http
      .post(`/api/clients/${company.id}/representatives`)
      .set(broker('offer_preparation'))
      .send({ personId: prezes.id, role: 'członek zarządu' });
    expect(again.status).toBe(409);
    // A company does not represent a company; claims reads but does not write.
    const other = await createCompany();
    const companyAsPerson = await t.http
      .post(`/api/clients/${company.id}/representatives`)
      .set(broker('offer_preparation'))
      .send({ personId: other.id, role: 'wspólnik' });
    expect(companyAsPerson.status).toBe(400);
    expect(companyAsPerson.body.code).toBe('NOT_A_PERSON');
    const underClaims = await t.http
      .post(`/api/clients/${company.id}/representatives`)
      .set(broker('claims'))
      .send({ personId: pelnomocnik.id, role: 'prokurent' });
    expect(underClaims.status).toBe(403);

    const listed = await t.http
      .get(`/api/clients/${company.id}/representatives`)
      .set(broker('contract_performance'));
    expect(listed.status).toBe(200);
    expect(listed.body.items.map((i: Body) => [i.personId, i.role])).toEqual([
      [prezes.id, 'prezes zarządu'],
      [pelnomocnik.id, 'pełnomocnik'],
    ]);
    expect(listed.body.items[0].person).toMatchObject({
      lastName: 'Prezesowa',
      pesel: prezes.body.pesel,
      email: prezes.body.email,
    });

    // The representative's processing is restricted (art. 18): offers and contracts no longer see
    // them, or their role; claims, which may process a restricted person, still does.
    await t.db.query(`UPDATE client SET restricted = true WHERE id = $1`, [prezes.id]);
    const hidden = await t.http
      .get(`/api/clients/${company.id}/representatives`)
      .set(broker('offer_preparation'));
    expect(hidden.status).toBe(200);
    expect(hidden.body.items.map((i: Body) => i.personId)).toEqual([pelnomocnik.id]);
    expect(JSON.stringify(hidden.body)).not.toContain('Prezesowa');
    expect(JSON.stringify(hidden.body)).not.toContain(String(prezes.body.pesel));
    const claims = await t.http.get(`/api/clients/${company.id}/representatives`).set(broker('claims'));
    expect(claims.status).toBe(200);
    expect(claims.body.items[0]).toMatchObject({
      personId: prezes.id,
      role: 'prezes zarządu',
      person: { lastName: 'Prezesowa', pesel: prezes.body.pesel, restricted: true },
    });

    // A purpose without rules for representatives sees the company's register data (not personal
    // data) but no representative; the accountant reads the company, never the persons behind it.
    const accountant = await t.http
      .get(`/api/clients/${company.id}/representatives`)
      .set(t.as('accountant', 'legal_obligation'));
    expect(accountant.status).toBe(200);
    expect(accountant.body.items).toEqual([]);
    const accountantCompany = await t.http
      .get(`/api/clients/${company.id}`)
      .set(t.as('accountant', 'legal_obligation'));
    expect(accountantCompany.body).toMatchObject({
      companyName: company.body.companyName,
      nip: company.body.nip,
    });
    expect(accountantCompany.body).not.toHaveProperty('email');
  });

  it('groups persons in a household and refuses a company as a member', async () => {
    const anna = await createClient(t, { lastName: 'Domowa' });
    const jan = await createClient(t, { lastName: 'Domowy' });
    const piotr = await createClient(t, { lastName: 'Domowy-Młodszy' });
    const created = await t.http
      .post('/api/households')
      .set(broker('offer_preparation'))
      .send({ name: 'Domowi', memberIds: [anna.id, jan.id] });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ name: 'Domowi', memberIds: [anna.id, jan.id] });
    const added = await t.http
      .post(`/api/households/${created.body.id}/members`)
      .set(broker('contract_performance'))
      .send({ clientId: piotr.id });
    expect(added.status).toBe(201);
    const read = await t.http.get(`/api/households/${created.body.id}`).set(broker('offer_preparation'));
    expect(read.status).toBe(200);
    expect(read.body.memberIds).toEqual([anna.id, jan.id, piotr.id]);
    expect(read.body.members.map((m: Body) => m.lastName)).toEqual(['Domowa', 'Domowy', 'Domowy-Młodszy']);
    // One household per person.
    const twice = await t.http
      .post('/api/households')
      .set(broker('offer_preparation'))
      .send({ name: 'Inni', memberIds: [jan.id] });
    expect(twice.status).toBe(409);

    const company = await createCompany();
    const before = (await t.db.query(`SELECT count(*)::int AS n FROM household`))[0].n;
    const withCompany = await t.http
      .post('/api/households')
      .set(broker('offer_preparation'))
      .send({ name: 'Firma', memberIds: [company.id] });
    expect(withCompany.status).toBe(400);
    expect(withCompany.body).toMatchObject({ code: 'NOT_A_PERSON', fields: ['memberIds'] });
    expect((await t.db.query(`SELECT count(*)::int AS n FROM household`))[0].n).toBe(before);
    const companyMember = await t.http
      .post(`/api/households/${created.body.id}/members`)
      .set(broker('offer_preparation'))
      .send({ clientId: company.id });
    expect(companyMember.status).toBe(400);
    expect(companyMember.body.code).toBe('NOT_A_PERSON');
  });

  it('answers each role and purpose as the registry says', async () => {
    const company = await createCompany();
    const person = await createClient(t);
    await t.http
      .post(`/api/clients/${company.id}/representatives`)
      .set(broker('offer_preparation'))
      .send({ personId: person.id, role: 'prokurent' });
    const household = await t.http
      .post('/api/households')
      .set(broker('offer_preparation'))
      .send({ name: 'Macierzowi', memberIds: [person.id] });
    for (const role of ROLES) {
      for (const purpose of PURPOSES) {
        const label = `${role}/${purpose}`;
        const def = REGISTRY[purpose];
        const may = roleMayUse(role, purpose);
        // Every client here is restriction-free and holds no consent: a consent-gated purpose sees none.
        const seesClients = may && !!def.access.Client && !def.consentGate;
        const reps = await t.http.get(`/api/clients/${company.id}/representatives`).set(t.as(role, purpose));
        expect([label, reps.status]).toEqual([label, !may ? 403 : seesClients ? 200 : 404]);
        if (reps.status === 200) {
          expect([label, reps.body.items.length]).toEqual([label, def.access.ClientRepresentative ? 1 : 0]);
        }
        const home = await t.http.get(`/api/households/${household.body.id}`).set(t.as(role, purpose));
        expect([label, home.status]).toEqual([label, !may ? 403 : def.access.Household ? 200 : 404]);
        if (home.status === 200) expect([label, home.body.name]).toEqual([label, 'Macierzowi']);
      }
    }
  });

  it('gives a broker of another team the same 404 as for a record that does not exist', async () => {
    const company = await createCompany();
    const person = await createClient(t);
    await t.http
      .post(`/api/clients/${company.id}/representatives`)
      .set(broker('offer_preparation'))
      .send({ personId: person.id, role: 'prezes zarządu' });
    const household = await t.http
      .post('/api/households')
      .set(broker('offer_preparation'))
      .send({ name: 'Cudzy', memberIds: [person.id] });
    const ghost = '00000000-0000-4000-8000-000000000000';
    const theirs = await t.http.post('/api/clients').set(as2('offer_preparation')).send(clientBody());
    expect(theirs.status).toBe(201);
    const pairs: Array<[string, string, string, Body | undefined]> = [
      [
        'GET',
        `/api/clients/${company.id}/representatives`,
        `/api/clients/${ghost}/representatives`,
        undefined,
      ],
      [
        'POST',
        `/api/clients/${company.id}/representatives`,
        `/api/clients/${ghost}/representatives`,
        { personId: theirs.body.id, role: 'pełnomocnik' },
      ],
      ['GET', `/api/households/${household.body.id}`, `/api/households/${ghost}`, undefined],
      [
        'POST',
        `/api/households/${household.body.id}/members`,
        `/api/households/${ghost}/members`,
        { clientId: theirs.body.id },
      ],
    ];
    for (const [method, real, absent, body] of pairs) {
      const call = (url: string) =>
        method === 'GET'
          ? t.http.get(url).set(as2('offer_preparation'))
          : t.http.post(url).set(as2('offer_preparation')).send(body!);
      const [a, b] = [await call(real), await call(absent)];
      expect([real, a.status, a.body]).toEqual([real, 404, b.body]);
      expect(JSON.stringify(a.body)).not.toContain(String(company.body.companyName));
    }
    // Nor may they put our person into a household of theirs.
    const foreign = await t.http
      .post('/api/households')
      .set(as2('offer_preparation'))
      .send({ name: 'Obcy', memberIds: [person.id] });
    expect(foreign.status).toBe(404);
    const [{ n }] = await t.db.query(
      `SELECT count(*)::int AS n FROM client_representative WHERE person_id = $1`,
      [theirs.body.id],
    );
    expect(n).toBe(0);
  });
});
