import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { makeNip } from '@app/common/validation/nip';
import { DOCUMENT_STORE, LocalDirectoryStore } from '../src/documents';
import { concludeContract, createClient } from './support/fixtures';
import { TestApp, startTestApp } from './support/test-app';

const MAX_BYTES = 8192;
/** A small PDF naming the person, as a scanned policy would. */
const pdf = (text: string) =>
  Buffer.from(`%PDF-1.4\n% ${text}\n1 0 obj << /Type /Catalog >> endobj\n%%EOF\n`, 'latin1');
const png = Buffer.from('89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c489', 'hex');
const sha256 = (data: Buffer) => createHash('sha256').update(data).digest('hex');

/**
 * Documents over HTTP on PostgreSQL and the local directory store: uploads streamed with their
 * limits, read and downloaded under the purposes the category allows and refused under others,
 * every operation recorded, and the files gone from the disk after erasure and after retention.
 */
describe('documents', () => {
  let t: TestApp;
  let root: string;
  let insurerId: string;
  const performer = () => t.as('broker', 'contract_performance');

  function upload(
    headers: Record<string, string>,
    fields: Record<string, string>,
    file: { data: Buffer; name?: string; type?: string } | null,
  ) {
    let req = t.http.post('/api/documents').set(headers);
    for (const [name, value] of Object.entries(fields)) req = req.field(name, value);
    if (file)
      req = req.attach('file', file.data, {
        filename: file.name ?? 'polisa.pdf',
        contentType: file.type ?? 'application/pdf',
      });
    return req;
  }
  const filesOf = (clientId: string) =>
    existsSync(join(root, clientId)) ? readdirSync(join(root, clientId)) : [];
  async function rowsOf(clientId: string): Promise<number> {
    const [{ n }] = await t.db.query(`SELECT count(*)::int AS n FROM document WHERE client_id = $1`, [
      clientId,
    ]);
    return n;
  }

  beforeAll(async () => {
    t = await startTestApp({ DOCUMENTS_MAX_BYTES: String(MAX_BYTES) });
    root = (t.app.get(DOCUMENT_STORE) as LocalDirectoryStore).root;
    const insurer = await t.http
      .post('/api/insurers')
      .set(t.as('admin'))
      .send({
        name: 'Dokumenty TU S.A.',
        nip: makeNip(526_300_001),
        dsrContactEmail: 'iod@dokumenty.example',
      });
    expect(insurer.status).toBe(201);
    insurerId = insurer.body.id;
  });

  afterAll(async () => {
    await t?.close();
  });

  it('stores an upload with its checksum, reads it under an allowed purpose and refuses it under another', async () => {
    const client = await createClient(t);
    const contractId = await concludeContract(t, {
      clientId: client.id,
      insurerId,
      policyNumber: 'DOK/1',
      endInDays: 200,
    });
    const content = pdf(`Polisa ${client.body.lastName as string}`);
    const created = await upload(
      performer(),
      { clientId: client.id, contractId, category: 'policy' },
      { data: content, name: 'Polisa OC – Kowalski.pdf' },
    );
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({
      clientId: client.id,
      contractId,
      claimId: null,
      category: 'policy',
      fileName: 'Polisa OC – Kowalski.pdf',
      contentType: 'application/pdf',
      size: content.length,
      checksum: sha256(content),
    });
    const id = created.body.id as string;
    // The file is on disk under the client's prefix, byte for byte; the row names its checksum.
    expect(filesOf(client.id)).toEqual([id]);
    expect(readFileSync(join(root, client.id, id)).equals(content)).toBe(true);
    const [row] = await t.db.query(`SELECT sha256, size_bytes::int AS size FROM document WHERE id = $1`, [
      id,
    ]);
    expect(row).toEqual({ sha256: sha256(content), size: content.length });

    // Allowed: the policy category is read under claims and, amounts only aside, by the accountant.
    for (const headers of [
      t.as('broker', 'claims'),
      t.as('accountant', 'legal_obligation'),
      t.as('dpo', 'data_subject_rights'),
    ]) {
      const read = await t.http.get(`/api/documents/${id}`).set(headers);
      expect(read.status).toBe(200);
      expect(read.body).toMatchObject({ id, category: 'policy', checksum: sha256(content) });
    }
    const downloaded = await t.http
      .get(`/api/documents/${id}/content`)
      .set(t.as('broker', 'claims'))
      .buffer(true)
      .parse((res, done) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => done(null, Buffer.concat(chunks)));
      });
    expect(downloaded.status).toBe(200);
    expect(downloaded.headers['content-type']).toBe('application/pdf');
    expect(downloaded.headers['x-checksum-sha256']).toBe(sha256(content));
    expect(downloaded.headers['content-disposition']).toContain(
      "filename*=UTF-8''Polisa%20OC%20%E2%80%93%20Kowalski.pdf",
    );
    expect((downloaded.body as Buffer).equals(content)).toBe(true);

    // Refused: purposes the registry gives no document category are turned away at the door; a
    // purpose that reads documents, but not this category, does not learn it exists.
    expect((await t.http.get(`/api/documents/${id}`).set(t.as('marketing', 'marketing'))).status).toBe(403);
    expect(
      (await t.http.get(`/api/documents/${id}/content`).set(t.as('broker', 'client_contact'))).status,
    ).toBe(403);
    const identity = await upload(
      performer(),
      { clientId: client.id, category: 'identity' },
      { data: png, name: 'dowod.png', type: 'image/png' },
    );
    expect(identity.status).toBe(201);
    for (const path of [`/api/documents/${identity.body.id}`, `/api/documents/${identity.body.id}/content`]) {
      const refused = await t.http.get(path).set(t.as('broker', 'claims'));
      expect(refused.status).toBe(404);
      expect(refused.body.code).toBe('NOT_FOUND');
    }
    const listed = await t.http.get(`/api/clients/${client.id}/documents`).set(t.as('broker', 'claims'));
    expect(listed.status).toBe(200);
    expect(listed.body.items.map((d: { id: string }) => d.id)).toEqual([id]);
    const all = await t.http.get(`/api/clients/${client.id}/documents`).set(performer());
    expect(all.body.items.map((d: { id: string }) => d.id)).toEqual([identity.body.id, id]);

    // Recorded: the upload, the reads, the download and the refusals, by ids and field names only.
    await t.sealNow();
    const entries: Array<{
      action: string;
      resource: string;
      outcome: string;
      purpose: string;
      reason: string | null;
    }> = await t.db.query(
      `SELECT action, resource, outcome, purpose, reason FROM audit_entry WHERE resource_id = $1 ORDER BY id`,
      [id],
    );
    expect(entries).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          action: 'create',
          resource: 'document',
          outcome: 'allowed',
          purpose: 'contract_performance',
        }),
        expect.objectContaining({
          action: 'read',
          resource: 'document',
          outcome: 'allowed',
          purpose: 'claims',
        }),
        expect.objectContaining({
          action: 'read',
          resource: 'document_content',
          outcome: 'allowed',
          purpose: 'claims',
        }),
        expect.objectContaining({
          action: 'read',
          resource: 'document',
          outcome: 'denied',
          purpose: 'marketing',
        }),
      ]),
    );
    const denied = await t.db.query(
      `SELECT reason FROM audit_entry WHERE resource_id = $1 AND outcome = 'denied' AND purpose = 'claims'`,
      [identity.body.id],
    );
    expect(denied).toEqual([
      { reason: 'NOT_VISIBLE_UNDER_PURPOSE' },
      { reason: 'NOT_VISIBLE_UNDER_PURPOSE' },
    ]);
  });

  it('refuses bad uploads with a clear 4xx and keeps nothing of them', async () => {
    const client = await createClient(t);
    const other = await createClient(t);
    const contractOfOther = await concludeContract(t, {
      clientId: other.id,
      insurerId,
      policyNumber: 'DOK/2',
      endInDays: 200,
    });
    const cases: Array<[string, ReturnType<typeof upload>, number, string]> = [
      [
        'too large',
        upload(
          performer(),
          { clientId: client.id, category: 'other' },
          { data: Buffer.concat([pdf('x'), Buffer.alloc(MAX_BYTES)]) },
        ),
        413,
        'FILE_TOO_LARGE',
      ],
      [
        'type not allowed',
        upload(
          performer(),
          { clientId: client.id, category: 'other' },
          { data: Buffer.from('hello'), name: 'a.txt', type: 'text/plain' },
        ),
        415,
        'CONTENT_TYPE_NOT_ALLOWED',
      ],
      [
        'content not the declared type',
        upload(performer(), { clientId: client.id, category: 'other' }, { data: png }),
        415,
        'CONTENT_TYPE_MISMATCH',
      ],
      [
        'empty file',
        upload(performer(), { clientId: client.id, category: 'other' }, { data: Buffer.alloc(0) }),
        400,
        'FILE_EMPTY',
      ],
      ['no file', upload(performer(), { clientId: client.id, category: 'other' }, null), 400, 'FILE_MISSING'],
      [
        'unknown category',
        upload(performer(), { clientId: client.id, category: 'selfie' }, { data: pdf('x') }),
        400,
        'VALIDATION_FAILED',
      ],
      [
        'unknown field',
        upload(performer(), { clientId: client.id, category: 'other', note: 'x' }, { data: pdf('x') }),
        400,
        'VALIDATION_FAILED',
      ],
      [
        'category the purpose may not upload',
        upload(performer(), { clientId: client.id, category: 'claim' }, { data: pdf('x') }),
        403,
        'DOCUMENT_CATEGORY_NOT_ALLOWED',
      ],
      [
        'contract of another client',
        upload(
          performer(),
          { clientId: client.id, contractId: contractOfOther, category: 'policy' },
          { data: pdf('x') },
        ),
        400,
        'CONTRACT_OF_ANOTHER_CLIENT',
      ],
      [
        'unknown client',
        upload(
          performer(),
          { clientId: '00000000-0000-4000-8000-000000000000', category: 'other' },
          { data: pdf('x') },
        ),
        404,
        'NOT_FOUND',
      ],
    ];
    for (const [what, request, status, code] of cases) {
      const res = await request;
      expect({ what, status: res.status, code: res.body.code }).toEqual({ what, status, code });
    }
    const late = await t.http
      .post('/api/documents')
      .set(performer())
      .attach('file', pdf('x'), { filename: 'a.pdf', contentType: 'application/pdf' })
      .field('clientId', client.id)
      .field('category', 'other');
    expect([late.status, late.body.code]).toEqual([400, 'VALIDATION_FAILED']);
    const cut = await t.http
      .post('/api/documents')
      .set({ ...performer(), 'content-type': 'multipart/form-data; boundary=cut' })
      .send(`--cut\r\ncontent-disposition: form-data; name="clientId"\r\n\r\n${client.id}\r\n--other--\r\n`);
    expect([cut.status, cut.body.code]).toEqual([400, 'MALFORMED_MULTIPART']);
    const json = await t.http
      .post('/api/documents')
      .set(performer())
      .send({ clientId: client.id, category: 'other' });
    expect([json.status, json.body.code]).toEqual([400, 'NOT_MULTIPART']);
    expect(filesOf(client.id)).toEqual([]);
    expect(await rowsOf(client.id)).toBe(0);
    // The same upload, well formed, is taken.
    expect(
      (await upload(performer(), { clientId: client.id, category: 'other' }, { data: pdf('x') })).status,
    ).toBe(201);
  });

  it('removes a person’s files from the store and their rows when the person is erased', async () => {
    const client = await createClient(t);
    const dpo = t.as('dpo', 'data_subject_rights');
    for (const [category, headers] of [
      ['consent_form', t.as('broker', 'offer_preparation')],
      ['identity', performer()],
      ['consent_form', dpo],
    ] as const)
      expect(
        (await upload(headers, { clientId: client.id, category }, { data: pdf(client.body.email as string) }))
          .status,
      ).toBe(201);
    const bystander = await createClient(t);
    expect(
      (await upload(performer(), { clientId: bystander.id, category: 'other' }, { data: pdf('kept') }))
        .status,
    ).toBe(201);
    expect(filesOf(client.id)).toHaveLength(3);
    const ids = (await t.http.get(`/api/clients/${client.id}/documents`).set(dpo)).body.items.map(
      (d: { id: string }) => d.id,
    );
    expect(ids).toHaveLength(3);

    const request = await t.http
      .post('/api/data-subject-requests')
      .set(dpo)
      .send({ clientId: client.id, type: 'erasure' });
    expect(request.status).toBe(201);
    expect(
      (
        await t.http
          .post(`/api/data-subject-requests/${request.body.id}/verify-identity`)
          .set(dpo)
          .send({ method: 'id_document_in_person' })
      ).status,
    ).toBe(200);
    const executed = await t.http
      .post(`/api/data-subject-requests/${request.body.id}/execute`)
      .set(dpo)
      .send({});
    expect(executed.status).toBe(200);
    expect(executed.body.outcome).toMatchObject({ action: 'anonymised' });

    expect(existsSync(join(root, client.id))).toBe(false);
    expect(await rowsOf(client.id)).toBe(0);
    for (const id of ids) expect((await t.http.get(`/api/documents/${id}`).set(dpo)).status).toBe(404);
    // Another person's document is untouched.
    expect(filesOf(bystander.id)).toHaveLength(1);
    expect(await rowsOf(bystander.id)).toBe(1);
  });

  it('deletes the documents of a category whose term ended, and keeps those of longer terms', async () => {
    const client = await createClient(t);
    const dpo = t.as('dpo', 'data_subject_rights');
    const contractId = await concludeContract(t, {
      clientId: client.id,
      insurerId,
      policyNumber: 'DOK/3',
      endInDays: 200,
    });
    const identity = await upload(
      performer(),
      { clientId: client.id, category: 'identity' },
      { data: png, name: 'dowod.png', type: 'image/png' },
    );
    const policy = await upload(
      performer(),
      { clientId: client.id, contractId, category: 'policy' },
      { data: pdf('polisa') },
    );
    const fresh = await upload(
      performer(),
      { clientId: client.id, category: 'identity' },
      { data: png, name: 'nowy.png', type: 'image/png' },
    );
    expect([identity.status, policy.status, fresh.status]).toEqual([201, 201, 201]);
    // Uploaded 13 months ago: past the identity copy's 12 months, well within the policy's 84.
    await t.db.query(
      `UPDATE document SET created_at = now() - interval '13 months' WHERE id = ANY($1::uuid[])`,
      [[identity.body.id, policy.body.id]],
    );

    const dry = await t.http.post('/api/retention/sweep').set(dpo).send({ dryRun: true });
    expect(dry.status).toBe(200);
    const dryRecords = Object.fromEntries(
      dry.body.records.map((r: { name: string; count: number }) => [r.name, r.count]),
    );
    expect(dryRecords).toMatchObject({ 'document:identity': 1, 'document:policy': 0 });
    expect(filesOf(client.id)).toHaveLength(3);

    const sweep = await t.http.post('/api/retention/sweep').set(dpo).send({ dryRun: false });
    expect(sweep.status).toBe(200);
    const identityRecord = sweep.body.records.find((r: { name: string }) => r.name === 'document:identity');
    expect(identityRecord).toMatchObject({ count: 1, rule: { months: 12 } });
    expect(filesOf(client.id).sort()).toEqual([policy.body.id, fresh.body.id].sort());
    expect((await t.http.get(`/api/documents/${identity.body.id}`).set(performer())).status).toBe(404);
    expect((await t.http.get(`/api/documents/${policy.body.id}`).set(performer())).status).toBe(200);
    const recorded = await t.db.query(
      `SELECT action, reason FROM audit_entry WHERE resource = 'document' AND action = 'delete' AND $1::uuid = ANY(client_ids)`,
      [client.id],
    );
    expect(recorded).toEqual([{ action: 'delete', reason: 'RETENTION_ENDED' }]);
  });

  it('counts a policy document from the end of its contract, and keeps every document of a client under a legal hold', async () => {
    const dpo = t.as('dpo', 'data_subject_rights');
    const holder = await createClient(t);
    const monthsAgo = (id: string, months: number) =>
      t.db.query(`UPDATE document SET created_at = now() - make_interval(months => $2) WHERE id = $1`, [
        id,
        months,
      ]);
    /** A contract of `holder` that ended `months` ago, after running a year. */
    const endedContract = async (policyNumber: string, months: number) => {
      const id = await concludeContract(t, { clientId: holder.id, insurerId, policyNumber, endInDays: 200 });
      await t.db.query(
        `UPDATE contract SET end_date = (now() - make_interval(months => $2))::date,
                             start_date = (now() - make_interval(months => $2 + 12))::date WHERE id = $1`,
        [id, months],
      );
      return id;
    };
    const policyOf = async (contractId: string | null, name: string) => {
      const res = await upload(
        performer(),
        contractId
          ? { clientId: holder.id, contractId, category: 'policy' }
          : { clientId: holder.id, category: 'policy' },
        { data: pdf(name) },
      );
      expect(res.status).toBe(201);
      return res.body.id as string;
    };
    // Uploaded 100 months ago for a contract that ended a year ago: 84 months from the upload have
    // passed, 72 from the contract's end have not.
    const longContract = await policyOf(await endedContract('DOK/LONG', 12), 'dluga');
    await monthsAgo(longContract, 100);
    // The contract ended 73 months ago: its claims are time-barred.
    const barred = await policyOf(await endedContract('DOK/OLD', 73), 'stara');
    await monthsAgo(barred, 85);
    // No contract: 84 months from the upload.
    const loose = await policyOf(null, 'luzna');
    await monthsAgo(loose, 80);
    const looseOld = await policyOf(null, 'luzna-stara');
    await monthsAgo(looseOld, 85);

    const sweep = await t.http.post('/api/retention/sweep').set(dpo).send({ dryRun: false });
    expect(sweep.status).toBe(200);
    expect(sweep.body.records.find((r: { name: string }) => r.name === 'document:policy')).toMatchObject({
      rule: { from: 'contract_end', months: 72 },
    });
    expect(filesOf(holder.id).sort()).toEqual([longContract, loose].sort());

    // A legal hold keeps a document past its term; its release lets the next sweep delete it.
    const held = await createClient(t);
    const identity = await upload(
      performer(),
      { clientId: held.id, category: 'identity' },
      { data: png, name: 'dowod.png', type: 'image/png' },
    );
    expect(identity.status).toBe(201);
    await monthsAgo(identity.body.id as string, 13);
    const claims = t.as('dpo', 'claims');
    const hold = await t.http
      .post(`/api/clients/${held.id}/legal-holds`)
      .set(claims)
      .send({ reason: 'Spór sądowy o szkodę 2026/4' });
    expect(hold.status).toBe(201);
    expect((await t.http.post('/api/retention/sweep').set(dpo).send({ dryRun: false })).status).toBe(200);
    expect(filesOf(held.id)).toEqual([identity.body.id]);
    expect((await t.http.get(`/api/documents/${identity.body.id}`).set(performer())).status).toBe(200);

    const released = await t.http
      .delete(`/api/clients/${held.id}/legal-holds/${hold.body.id}`)
      .set(claims)
      .send({ reason: 'Prawomocny wyrok' });
    expect(released.status).toBe(200);
    expect((await t.http.post('/api/retention/sweep').set(dpo).send({ dryRun: false })).status).toBe(200);
    expect(filesOf(held.id)).toEqual([]);
    expect((await t.http.get(`/api/documents/${identity.body.id}`).set(performer())).status).toBe(404);
  });
});
