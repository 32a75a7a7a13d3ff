import { makePesel } from '@app/common/validation/pesel';
import { startTestApp, TestApp } from './support/test-app';

describe('application boots over HTTP on its own database', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(async () => {
    await t?.close();
  });

  it('answers health with database, Redis and the mandate connection up', async () => {
    const res = await t.http.get('/health');
    expect(res.status).toBe(200);
    expect(res.body.info).toEqual({
      database: { status: 'up' },
      redis: { status: 'up' },
      mandates: { status: 'up' },
    });
  });

  it('lets a broker create a client and read it back with every field', async () => {
    const pesel = makePesel('1985-03-14', 1234);
    const created = await t.http.post('/api/clients').set(t.as('broker', 'offer_preparation')).send({
      firstName: 'Jan',
      lastName: 'Kowalski',
      email: ' Jan@Example.com ',
      pesel,
      dateOfBirth: '1985-03-14',
    });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({
      firstName: 'Jan',
      email: 'jan@example.com',
      pesel,
      restricted: false,
    });
    const read = await t.http
      .get(`/api/clients/${created.body.id}`)
      .set(t.as('broker', 'contract_performance'));
    expect(read.status).toBe(200);
    expect(read.body.pesel).toBe(pesel);
  });

  it('serves the OpenAPI document', async () => {
    const res = await t.http.get('/docs/openapi.json');
    expect(res.status).toBe(200);
    expect(Object.keys(res.body.paths)).toContain('/api/clients/{id}');
  });
});
