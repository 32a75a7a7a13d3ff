import {
  DOCUMENT_CATEGORIES,
  DOCUMENT_REGISTRY,
  DocumentCategory,
  ENTITIES,
  PURPOSES,
  Purpose,
  REGISTRY,
  ROLES,
  Role,
  allFieldsOf,
  roleMayUse,
} from '@app/privacy';
import { createClient } from '../support/fixtures';
import { startTestApp, TestApp } from '../support/test-app';

/**
 * The authorization matrix of documents, generated from the registry: every role x purpose x
 * client state x document category, for reading one document, downloading it, listing the
 * client's documents and uploading one. The oracle reads the registry's declarations directly
 * (roles, the client rules of restriction and refused erasure, each category's purposes), not
 * the CASL rules under test.
 */
type State = 'none' | 'email' | 'restricted' | 'erasure_refused';
const STATES: State[] = ['none', 'email', 'restricted', 'erasure_refused'];

/** Fields known to the matrix; a field added to the registry must be added here too. */
const DOCUMENT_FIELDS = [
  'id',
  'clientId',
  'contractId',
  'claimId',
  'category',
  'createdAt',
  'fileName',
  'contentType',
  'size',
  'checksum',
  'content',
];
/** `content` leaves only through the download, never as a field of the description. */
const DESCRIBED = DOCUMENT_FIELDS.filter((f) => f !== 'content');

/** Who uploads each category in the set-up (a purpose the registry lets upload it). */
const UPLOADER: Record<DocumentCategory, Purpose> = {
  policy: 'contract_performance',
  consent_form: 'offer_preparation',
  claim: 'claims',
  identity: 'contract_performance',
  other: 'offer_preparation',
};

const PDF = Buffer.from('%PDF-1.4\n% matrix\n%%EOF\n', 'latin1');

function multipart(fields: Record<string, string>): { body: Buffer; type: string } {
  const boundary = `----matrix${Math.random().toString(16).slice(2)}`;
  const parts = Object.entries(fields).map(
    ([name, value]) => `--${boundary}\r\ncontent-disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`,
  );
  const body = Buffer.concat([
    Buffer.from(parts.join('')),
    Buffer.from(
      `--${boundary}\r\ncontent-disposition: form-data; name="file"; filename="m.pdf"\r\ncontent-type: application/pdf\r\n\r\n`,
    ),
    PDF,
    Buffer.from(`\r\n--${boundary}--\r\n`),
  ]);
  return { body, type: `multipart/form-data; boundary=${boundary}` };
}

/** Whether the client (in this state) is visible to the role under the purpose, as the registry says. */
function clientVisible(role: Role, purpose: Purpose, state: State): boolean {
  const def = REGISTRY[purpose];
  if (!roleMayUse(role, purpose) || !def.access.Client || def.consentGate) return false;
  if (state === 'restricted' && !def.seesRestricted) return false;
  if (state === 'erasure_refused' && !def.seesErasureRefused) return false;
  return true;
}
const readsSome = (purpose: Purpose) =>
  DOCUMENT_CATEGORIES.some((c) => DOCUMENT_REGISTRY[c].read.includes(purpose));
const uploadsSome = (purpose: Purpose) =>
  DOCUMENT_CATEGORIES.some((c) => DOCUMENT_REGISTRY[c].upload.includes(purpose));

describe('authorization matrix (documents)', () => {
  let t: TestApp;
  const clientOf = {} as Record<State, string>;
  const documentOf = {} as Record<State, Record<DocumentCategory, string>>;
  let checks = 0;
  const leaks: string[] = [];
  const check = (ok: boolean, what: string) => {
    checks += 1;
    if (!ok) leaks.push(what);
  };

  async function call(
    method: 'GET' | 'POST',
    url: string,
    role: Role,
    purpose: Purpose,
    form?: Record<string, string>,
  ) {
    const payload = form ? multipart(form) : undefined;
    const res = await t.app
      .getHttpAdapter()
      .getInstance()
      .inject({
        method,
        url,
        headers: { ...t.as(role, purpose), ...(payload ? { 'content-type': payload.type } : {}) },
        payload: payload?.body,
      });
    const json = (res.headers['content-type'] ?? '').toString().startsWith('application/json');
    return {
      status: res.statusCode,
      body: (json ? res.json() : {}) as Record<string, unknown>,
      raw: res.rawPayload,
    };
  }

  beforeAll(async () => {
    t = await startTestApp();
    for (const state of STATES) {
      clientOf[state] = (await createClient(t)).id;
      documentOf[state] = {} as Record<DocumentCategory, string>;
      for (const category of DOCUMENT_CATEGORIES) {
        const res = await call('POST', '/api/documents', 'broker', UPLOADER[category], {
          clientId: clientOf[state],
          category,
        });
        expect(res.status).toBe(201);
        documentOf[state][category] = res.body.id as string;
      }
      if (state === 'email')
        await t.db.query(
          `INSERT INTO consent (client_id, purpose, channel, source, notice_version)
           SELECT $1, p, 'email', 'matrix', '1' FROM unnest(ARRAY['marketing','renewal_reminders','client_contact']) p`,
          [clientOf[state]],
        );
      if (state === 'restricted')
        await t.db.query(`UPDATE client SET restricted = true WHERE id = $1`, [clientOf[state]]);
      if (state === 'erasure_refused')
        await t.db.query(`UPDATE client SET erasure_refused = true WHERE id = $1`, [clientOf[state]]);
    }
  });
  afterAll(async () => {
    await t?.close();
  });

  it('knows every field of the registry’s documents and every category', () => {
    expect([...allFieldsOf('Document')].sort()).toEqual([...DOCUMENT_FIELDS].sort());
    expect(Object.keys(ENTITIES.Document.personal)).toContain('content');
    expect(Object.keys(DOCUMENT_REGISTRY).sort()).toEqual([...DOCUMENT_CATEGORIES].sort());
  });

  it('reads, downloads, lists and uploads documents exactly as the registry says, for every combination', async () => {
    for (const role of ROLES) {
      for (const purpose of PURPOSES) {
        const readDoor = roleMayUse(role, purpose) && readsSome(purpose);
        const uploadDoor = roleMayUse(role, purpose) && uploadsSome(purpose);
        for (const state of STATES) {
          const label = `${role}/${purpose}/${state}`;
          const seen = clientVisible(role, purpose, state);
          const list = await call('GET', `/api/clients/${clientOf[state]}/documents`, role, purpose);
          check(list.status === (!readDoor ? 403 : seen ? 200 : 404), `${label} list -> ${list.status}`);
          const listed = new Map(
            ((list.body.items as Array<Record<string, unknown>> | undefined) ?? []).map((d) => [d.id, d]),
          );
          for (const category of DOCUMENT_CATEGORIES) {
            const id = documentOf[state][category];
            const allowed = readDoor && seen && DOCUMENT_REGISTRY[category].read.includes(purpose);
            const want = !readDoor ? 403 : allowed ? 200 : 404;
            const one = await call('GET', `/api/documents/${id}`, role, purpose);
            check(one.status === want, `${label}/${category} GET -> ${one.status} (want ${want})`);
            for (const field of DOCUMENT_FIELDS) {
              const shouldSee = allowed && DESCRIBED.includes(field);
              check(
                (one.status === 200 && field in one.body) === shouldSee,
                `${label}/${category} field ${field}`,
              );
              const item = listed.get(id);
              check(
                (item !== undefined && field in item) === shouldSee,
                `${label}/${category} list field ${field}`,
              );
            }
            const content = await call('GET', `/api/documents/${id}/content`, role, purpose);
            check(
              content.status === want && (want !== 200 || content.raw.equals(PDF)),
              `${label}/${category} content -> ${content.status} (want ${want})`,
            );

            const before = await t.db.query(`SELECT count(*)::int AS n FROM document WHERE client_id = $1`, [
              clientOf[state],
            ]);
            const upload = await call('POST', '/api/documents', role, purpose, {
              clientId: clientOf[state],
              category,
            });
            const uploadWant = !uploadDoor
              ? 403
              : !seen
                ? 404
                : DOCUMENT_REGISTRY[category].upload.includes(purpose)
                  ? 201
                  : 403;
            const after = await t.db.query(`SELECT count(*)::int AS n FROM document WHERE client_id = $1`, [
              clientOf[state],
            ]);
            check(
              upload.status === uploadWant && after[0].n - before[0].n === (uploadWant === 201 ? 1 : 0),
              `${label}/${category} upload -> ${upload.status} (want ${uploadWant})`,
            );
          }
        }
      }
    }
    expect(leaks).toEqual([]);
    expect(checks).toBeGreaterThan(
      ROLES.length * PURPOSES.length * STATES.length * DOCUMENT_CATEGORIES.length * 20,
    );
  });
});
