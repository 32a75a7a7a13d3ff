import { makeNip } from '@app/common/validation/nip';
import { concludeContract, createClient } from './support/fixtures';
import { startTestApp, TestApp } from './support/test-app';

/** A small PDF, as a scanned policy would be. */
const pdf = Buffer.from('%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\n%%EOF\n', 'latin1');

/**
 * Issue 17, item 4: the daily scan asks for the policy document of every running contract that has
 * none in the documents, once per contract however often it runs, and never for a contract that
 * has its policy.
 */
describe('the task scan and missing policy documents', () => {
  let t: TestApp;
  let insurerId: string;

  beforeAll(async () => {
    t = await startTestApp();
    const insurer = await t.http
      .post('/api/insurers')
      .set(t.as('admin'))
      .send({ name: 'Polisy TU', nip: makeNip(815_000_170), dsrContactEmail: 'iod@polisy-tu.pl' });
    expect(insurer.status).toBe(201);
    insurerId = insurer.body.id;
  });
  afterAll(async () => {
    await t?.close();
  });

  it('makes one document-missing task for a contract without its policy, however often the scan runs, and none for a contract with it', async () => {
    const client = await createClient(t);
    const without = await concludeContract(t, {
      clientId: client.id,
      insurerId,
      policyNumber: 'BRAK/1',
      endInDays: 300,
    });
    const withPolicy = await concludeContract(t, {
      clientId: client.id,
      insurerId,
      policyNumber: 'JEST/1',
      endInDays: 300,
    });
    const uploaded = await t.http
      .post('/api/documents')
      .set(t.as('broker', 'contract_performance'))
      .field('clientId', client.id)
      .field('contractId', withPolicy)
      .field('category', 'policy')
      .attach('file', pdf, { filename: 'polisa.pdf', contentType: 'application/pdf' });
    expect(uploaded.status).toBe(201);

    const scans = [];
    for (let i = 0; i < 3; i++) {
      const scan = await t.http.post('/api/tasks/scan').set(t.as('admin')).send({});
      expect(scan.status).toBe(200);
      scans.push(scan.body.missingDocuments);
    }
    expect(scans[0]).toBeGreaterThanOrEqual(1);
    expect(scans.slice(1)).toEqual([0, 0]);

    const rows: Array<{ contractId: string }> = await t.db.query(
      `SELECT contract_id::text AS "contractId" FROM task WHERE client_id = $1 AND kind = 'document_missing'`,
      [client.id],
    );
    expect(rows).toEqual([{ contractId: without }]);

    // Listed to brokers under the purpose it serves, with its kind.
    const listed = await t.http
      .get(`/api/tasks?clientId=${client.id}&kind=document_missing`)
      .set(t.as('broker', 'contract_performance'));
    expect(listed.status).toBe(200);
    expect(listed.body.items.map((x: { contractId: string }) => x.contractId)).toEqual([without]);
  });
});
