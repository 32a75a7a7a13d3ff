import { Client as PgClient } from 'pg';
import { createClient } from './support/fixtures';
import { startTestApp, TestApp } from './support/test-app';

/**
 * A rectification changes the client and closes the request in one transaction, under the
 * request's lock: a completion that fails leaves the client as it was, a second execution racing
 * the first finds the request closed and changes nothing, and a PESEL another client holds opens
 * a duplicate review and leaves both the client and the request untouched.
 */
describe('rectification is atomic', () => {
  let t: TestApp;
  const dpo = () => t.as('dpo', 'data_subject_rights');

  async function verifiedRectification(clientId: string, notes?: string): Promise<string> {
    const created = await t.http
      .post('/api/data-subject-requests')
      .set(dpo())
      .send({ clientId, type: 'rectification', ...(notes ? { notes } : {}) });
    expect(created.status).toBe(201);
    const verified = await t.http
      .post(`/api/data-subject-requests/${created.body.id}/verify-identity`)
      .set(dpo())
      .send({ method: 'id_document_in_person' });
    expect(verified.status).toBe(200);
    return created.body.id as string;
  }

  async function lastNameOf(clientId: string): Promise<string> {
    const [row] = await t.db.query(`SELECT last_name FROM client WHERE id = $1`, [clientId]);
    return row.last_name as string;
  }

  async function requestStatus(id: string): Promise<string> {
    const [row] = await t.db.query(`SELECT status FROM data_subject_request WHERE id = $1`, [id]);
    return row.status as string;
  }

  async function clientUpdatesRecorded(clientId: string): Promise<number> {
    const [{ n }] = await t.db.query(
      `SELECT count(*)::int AS n FROM audit_entry
        WHERE action = 'update' AND resource = 'client' AND outcome = 'allowed' AND client_ids @> ARRAY[$1]::uuid[]`,
      [clientId],
    );
    return n as number;
  }

  /** Runs SQL as the database owner (only the owner may create a trigger). */
  async function asOwner(sql: string): Promise<void> {
    const owner = new PgClient({ connectionString: t.databaseUrl });
    await owner.connect();
    try {
      await owner.query(sql);
    } finally {
      await owner.end();
    }
  }

  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(async () => {
    await t?.close();
  });

  it('leaves the client unchanged and the request open when closing the request fails', async () => {
    const { id: clientId, body } = await createClient(t);
    const id = await verifiedRectification(clientId, 'completion fails');
    // Closing this request fails, as a lost connection or a constraint would at that point.
    await asOwner(`
      CREATE FUNCTION test_fail_completion() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN RAISE EXCEPTION 'completion fails'; END $$;
      CREATE TRIGGER test_fail_completion BEFORE UPDATE ON data_subject_request FOR EACH ROW
        WHEN (NEW.status = 'done' AND OLD.notes = 'completion fails') EXECUTE FUNCTION test_fail_completion();`);
    try {
      const res = await t.http
        .post(`/api/data-subject-requests/${id}/execute`)
        .set(dpo())
        .send({ changes: { lastName: 'Niezapisana' } });
      expect(res.status).toBe(500);
    } finally {
      await asOwner(`DROP TRIGGER test_fail_completion ON data_subject_request;
                     DROP FUNCTION test_fail_completion();`);
    }
    expect(await lastNameOf(clientId)).toBe(body.lastName);
    expect(await requestStatus(id)).toBe('open');
    expect(await clientUpdatesRecorded(clientId)).toBe(0);
  });

  it('carries out one of two concurrent executions; the other finds the request closed and changes nothing', async () => {
    const { id: clientId } = await createClient(t);
    const id = await verifiedRectification(clientId);
    const names = ['Pierwsza', 'Druga'];
    const answers = await Promise.all(
      names.map((lastName) =>
        t.http.post(`/api/data-subject-requests/${id}/execute`).set(dpo()).send({ changes: { lastName } }),
      ),
    );
    const done = answers.filter((a) => a.status === 200);
    const refused = answers.filter((a) => a.status !== 200);
    expect(done).toHaveLength(1);
    expect(refused.map((a) => [a.status, a.body.code])).toEqual([[409, 'REQUEST_CLOSED']]);
    expect(await lastNameOf(clientId)).toBe(names[answers.indexOf(done[0])]);
    expect(await clientUpdatesRecorded(clientId)).toBe(1);
    expect(await requestStatus(id)).toBe('done');
  });

  it('answers a PESEL another client holds with a duplicate review; the client and the request stay as they were', async () => {
    const holder = await createClient(t);
    const { id: clientId, body } = await createClient(t);
    const id = await verifiedRectification(clientId);
    const res = await t.http
      .post(`/api/data-subject-requests/${id}/execute`)
      .set(dpo())
      .send({
        changes: { lastName: 'Zduplikowana', pesel: holder.body.pesel, dateOfBirth: holder.body.dateOfBirth },
      });
    expect({ status: res.status, code: res.body.code }).toEqual({ status: 409, code: 'DUPLICATE_REVIEW' });
    expect(await lastNameOf(clientId)).toBe(body.lastName);
    expect(await requestStatus(id)).toBe('open');
    const reviews = await t.db.query(
      `SELECT status FROM client_duplicate_review WHERE client_id = $1 AND attempted_on = $2`,
      [holder.id, clientId],
    );
    expect(reviews).toEqual([{ status: 'open' }]);
  });
});
