import { makeNip } from '@app/common/validation/nip';
import { makeRegon } from '@app/common/validation/regon';
import { companyBody, createClient } from './support/fixtures';
import { TestApp, startTestApp } from './support/test-app';

/** Flips the last digit: the same number with a wrong check digit. */
const wrongCheckDigit = (valid: string) => valid.slice(0, -1) + String((Number(valid.slice(-1)) + 1) % 10);

/**
 * A company's register data is corrected as it is registered: the name, NIP, REGON and KRS are
 * checked (length and check digit) and a wrong one is refused naming the field, with nothing
 * changed; a person's record takes none of a company's fields.
 */
describe('company corrections', () => {
  let t: TestApp;
  const broker = () => t.as('broker', 'offer_preparation');
  const registerData = async (id: string) =>
    (
      await t.db.query(`SELECT company_name AS "companyName", nip, regon, krs FROM client WHERE id = $1`, [
        id,
      ])
    )[0] as Record<string, string | null>;

  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(async () => {
    await t?.close();
  });

  async function createCompany(): Promise<{ id: string; body: Record<string, unknown> }> {
    const body = companyBody();
    const res = await t.http.post('/api/clients').set(broker()).send(body);
    expect(res.status).toBe(201);
    return { id: res.body.id as string, body };
  }

  it('corrects a company’s name, NIP, REGON and KRS, normalised, and records the fields written', async () => {
    const company = await createCompany();
    const nip = makeNip(527_400_001);
    const regon = makeRegon(41_000_003, 7);
    const res = await t.http
      .patch(`/api/clients/${company.id}`)
      .set(broker())
      .send({
        companyName: '  Nowa Nazwa S.A. ',
        nip: `${nip.slice(0, 3)}-${nip.slice(3, 6)}-${nip.slice(6)}`,
        regon,
        krs: '0000 777 888',
      });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      kind: 'company',
      companyName: 'Nowa Nazwa S.A.',
      nip,
      regon,
      krs: '0000777888',
    });
    expect(await registerData(company.id)).toEqual({
      companyName: 'Nowa Nazwa S.A.',
      nip,
      regon,
      krs: '0000777888',
    });
    const [entry] = await t.db.query(
      `SELECT fields FROM audit_entry WHERE action = 'update' AND resource = 'client' AND resource_id = $1
          AND outcome = 'allowed' ORDER BY id DESC LIMIT 1`,
      [company.id],
    );
    expect([...entry.fields].sort()).toEqual(['companyName', 'krs', 'nip', 'regon']);

    // KRS is optional: null clears it; the name, NIP and REGON are required and null is refused.
    const cleared = await t.http.patch(`/api/clients/${company.id}`).set(broker()).send({ krs: null });
    expect(cleared.status).toBe(200);
    expect(cleared.body.krs).toBeNull();
    for (const field of ['companyName', 'nip', 'regon']) {
      const res = await t.http
        .patch(`/api/clients/${company.id}`)
        .set(broker())
        .send({ [field]: null });
      expect([field, res.status, res.body.fields]).toEqual([field, 400, [field]]);
    }
  });

  it('refuses a wrong check digit or length as creation does, naming the field, and changes nothing', async () => {
    const company = await createCompany();
    const before = await registerData(company.id);
    const cases: Array<[string, Record<string, unknown>, RegExp]> = [
      ['nip', { nip: wrongCheckDigit(makeNip(527_400_100)) }, /nip .*check digit/],
      ['regon', { regon: wrongCheckDigit(makeRegon(41_000_200)) }, /regon .*check digit/],
      ['regon', { regon: wrongCheckDigit(makeRegon(41_000_200, 12)) }, /regon .*check digit/],
      ['krs', { krs: '12345' }, /krs must be 10 digits/],
      ['companyName', { companyName: '' }, /companyName/],
    ];
    for (const [field, body, message] of cases) {
      const res = await t.http.patch(`/api/clients/${company.id}`).set(broker()).send(body);
      expect([field, res.status, res.body.code, res.body.fields]).toEqual([
        field,
        400,
        'VALIDATION_FAILED',
        [field],
      ]);
      expect(res.body.message).toMatch(message);
    }
    // A valid field beside a wrong one is not written either: the request is refused whole.
    const mixed = await t.http
      .patch(`/api/clients/${company.id}`)
      .set(broker())
      .send({ companyName: 'Inna Nazwa', nip: wrongCheckDigit(makeNip(527_400_300)) });
    expect(mixed.status).toBe(400);
    expect(await registerData(company.id)).toEqual(before);
  });

  it('refuses a company’s register data on a person, and register corrections under a purpose that may not write', async () => {
    const person = await createClient(t);
    const onPerson = await t.http
      .patch(`/api/clients/${person.id}`)
      .set(broker())
      .send({ nip: makeNip(527_400_400) });
    expect(onPerson.status).toBe(400);
    expect(onPerson.body).toMatchObject({ code: 'FIELDS_NOT_OF_CLIENT_KIND', fields: ['nip'] });
    const [row] = await t.db.query(`SELECT nip FROM client WHERE id = $1`, [person.id]);
    expect(row.nip).toBeNull();

    const company = await createCompany();
    const before = await registerData(company.id);
    const underClaims = await t.http
      .patch(`/api/clients/${company.id}`)
      .set(t.as('broker', 'claims'))
      .send({ companyName: 'Przejęta Nazwa' });
    expect(underClaims.status).toBe(403);
    expect(await registerData(company.id)).toEqual(before);
    // The purpose that registers companies corrects them.
    const allowed = await t.http
      .patch(`/api/clients/${company.id}`)
      .set(t.as('broker', 'contract_performance'))
      .send({ companyName: 'Poprawiona Nazwa' });
    expect(allowed.status).toBe(200);
    expect(allowed.body.companyName).toBe('Poprawiona Nazwa');
  });
});
