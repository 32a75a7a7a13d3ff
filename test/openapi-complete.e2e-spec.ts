import { offences } from './support/openapi-rules';
import { startTestApp, TestApp } from './support/test-app';

/** The document a generated client is built from: every operation named, typed and with its refusals. */
describe('OpenAPI document', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(async () => {
    await t?.close();
  });

  it('is served at /docs/openapi.json', async () => {
    const res = await t.http.get('/docs/openapi.json');
    expect(res.status).toBe(200);
    expect(res.body.openapi).toMatch(/^3\./);
    expect(Object.keys(res.body.paths).length).toBeGreaterThan(50);
    expect(res.body.components.schemas.ErrorResponseDto).toBeDefined();
  });

  it('describes every operation completely', async () => {
    const res = await t.http.get('/docs/openapi.json');
    expect(offences(res.body)).toEqual([]);
  });

  it('finds what the rules are about (a document missing them is refused)', () => {
    const broken = {
      paths: {
        '/api/things/{id}': {
          get: {
            operationId: 'ThingsController_get',
            parameters: [{ name: 'id', in: 'path', schema: { type: 'string' } }],
            security: [{ bearer: [] }],
            responses: {
              '200': { content: { 'application/json': { schema: { type: 'object' } } } },
              '404': {},
            },
          },
        },
      },
      components: {
        schemas: {
          Thing: {
            type: 'object',
            properties: {
              ownerId: { type: 'string' },
              count: { type: 'number' },
              owner: { $ref: '#/components/schemas/Owner' },
            },
          },
        },
      },
    };
    expect(offences(broken)).toEqual([
      'GET /api/things/{id}: no summary',
      'GET /api/things/{id}: operationId ThingsController_get is not controller_method',
      'GET /api/things/{id}: 200 application/json has no schema',
      'GET /api/things/{id}: 404 does not refer to the error body',
      'GET /api/things/{id}: no 500 response',
      'GET /api/things/{id}: no 400 response',
      'GET /api/things/{id}: no 401 response',
      'GET /api/things/{id}: no 403 response',
      'GET /api/things/{id}: path id without format uuid',
      'Thing.ownerId: id without format uuid',
      'Thing.count: number, not integer',
      '#/components/schemas/Owner: refers to no schema',
    ]);
  });
});
