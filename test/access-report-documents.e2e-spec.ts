import { makeNip } from '@app/common/validation/nip';
import { concludeContract, createClient } from './support/fixtures';
import { pdfText } from './support/pdf-text';
import { startTestApp, TestApp } from './support/test-app';

/**
 * The access report (art. 15) as the person reads it: a printable page and a PDF, in Polish with
 * human labels, legal bases cited as Polish law cites them and times in Europe/Warsaw; English for
 * a client whose language is English. Only the data protection officer, under data_subject_rights,
 * gets it; nothing about the person is in a refusal.
 */
/** The page's text as a reader sees it: character references decoded ("&#47;" is "/"). */
function decoded(html: string): string {
  return html.replace(/&#(\d+);/g, (_, code: string) => String.fromCharCode(Number(code)));
}

describe('the access report as HTML and PDF', () => {
  let t: TestApp;
  const dpo = () => t.as('dpo', 'data_subject_rights');
  const ids = {} as Record<'polish' | 'english' | 'unverified', string>;

  /** An access request, identity verified, for a client created with the given body overrides. */
  async function accessRequest(overrides: Record<string, unknown>, verified = true) {
    const client = await createClient(t, overrides);
    // 22:15 UTC on 31 July is 00:15 on 1 August in Warsaw (summer time): the day and hour move.
    await t.db.query(`UPDATE client SET created_at = '2026-07-31T22:15:00Z' WHERE id = $1`, [client.id]);
    const req = await t.http
      .post('/api/data-subject-requests')
      .set(dpo())
      .send({ clientId: client.id, type: 'access', receivedAt: '2026-08-03' });
    expect(req.status).toBe(201);
    if (verified) {
      const verify = await t.http
        .post(`/api/data-subject-requests/${req.body.id}/verify-identity`)
        .set(dpo())
        .send({ method: 'id_document_in_person' });
      expect(verify.status).toBe(200);
    }
    return req.body.id as string;
  }

  beforeAll(async () => {
    t = await startTestApp();
    ids.polish = await accessRequest({ firstName: 'Małgorzata', lastName: 'Wiśniewska' });
    ids.english = await accessRequest({ firstName: 'Jane', lastName: 'Smith', language: 'en' });
    ids.unverified = await accessRequest({ lastName: 'Niezweryfikowana' }, false);
  });
  afterAll(async () => {
    await t?.close();
  });

  it('the page is in Polish: labels, the Polish citation of the legal bases, dates dd.mm.rrrr in Warsaw', async () => {
    const res = await t.http.get(`/api/data-subject-requests/${ids.polish}/report?format=html`).set(dpo());
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(res.headers['cache-control']).toBe('no-store');
    const html = decoded(res.text);
    expect(html).toContain('<html lang="pl">');
    expect(html).toContain('Informacja o przetwarzanych danych osobowych (art. 15 RODO)');
    for (const label of ['Imię', 'Nazwisko', 'Numer PESEL', 'Adres korespondencyjny', 'Podstawa prawna'])
      expect(html).toContain(`>${label}<`);
    expect(html).toContain('Wiśniewska');
    expect(html).toContain('art. 6 ust. 1 lit. b RODO');
    expect(html).toContain('Wyszukiwanie, przedstawianie i porównywanie ofert ubezpieczeń');
    expect(html).toContain('art. 15 RODO');
    expect(html).toContain('01.08.2026, 00:15');
    expect(html).toContain('03.08.2026');
    // Neither the English citation nor the registry's codes reach the person.
    expect(html).not.toContain('GDPR');
    expect(html).not.toContain('6(1)(b)');
    expect(html).not.toContain('offer_preparation');
    expect(html).not.toContain('firstName');
    expect(html).not.toContain('2026-07-31');
  });

  it('the PDF is a PDF with the same Polish text, diacritics included, as a download', async () => {
    const res = await t.http
      .get(`/api/data-subject-requests/${ids.polish}/report?format=pdf`)
      .set(dpo())
      .buffer(true)
      .parse((response, done) => {
        const chunks: Buffer[] = [];
        response.on('data', (c: Buffer) => chunks.push(c));
        response.on('end', () => done(null, Buffer.concat(chunks)));
      });
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toBe('application/pdf');
    expect(res.headers['content-disposition']).toBe(`attachment; filename="access-report-${ids.polish}.pdf"`);
    const pdf = res.body as Buffer;
    expect(pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    const text = pdfText(pdf);
    expect(text).toContain('Informacja o przetwarzanych danych osobowych');
    expect(text).toContain('Małgorzata');
    expect(text).toContain('Wiśniewska');
    expect(text).toContain('art. 6 ust. 1 lit. b RODO');
    expect(text).toContain('01.08.2026, 00:15');
    expect(text).toContain('Prezes Urzędu Ochrony Danych Osobowych');
    expect(text).not.toContain('GDPR');
  });

  it('a client whose language is English gets the report in English unless Polish is asked for', async () => {
    const english = await t.http
      .get(`/api/data-subject-requests/${ids.english}/report?format=html`)
      .set(dpo());
    expect(english.status).toBe(200);
    const page = decoded(english.text);
    expect(page).toContain('<html lang="en">');
    expect(english.text).toContain('Access report (art. 15 GDPR)');
    expect(page).toContain('>First name<');
    expect(page).toContain('art. 6(1)(b) GDPR');
    expect(page).toContain('01/08/2026, 00:15');
    expect(page).not.toContain('offer_preparation');
    const polish = await t.http
      .get(`/api/data-subject-requests/${ids.english}/report?format=html&lang=pl`)
      .set(dpo());
    expect(polish.text).toContain('<html lang="pl">');
    expect(polish.text).toContain('art. 6 ust. 1 lit. b RODO');
  });

  it('is refused to every role and purpose but the DPO under data_subject_rights, and before identity is verified', async () => {
    const url = `/api/data-subject-requests/${ids.polish}/report?format=pdf`;
    const refusals: Array<[Parameters<TestApp['as']>[0], string]> = [
      ['broker', 'offer_preparation'],
      ['broker', 'claims'],
      ['manager', 'security_audit'],
      ['marketing', 'marketing'],
      ['accountant', 'legal_obligation'],
      ['dpo', 'security_audit'],
    ];
    for (const [role, purpose] of refusals) {
      const res = await t.http.get(url).set(t.as(role, purpose));
      expect({ role, purpose, status: res.status }).toEqual({ role, purpose, status: 403 });
      expect(res.headers['content-type']).toMatch(/^application\/json/);
      expect(JSON.stringify(res.body)).not.toContain('Wiśniewska');
    }
    expect((await t.http.get(url).set(t.as('admin'))).status).toBe(403);
    expect((await t.http.get(url)).status).toBe(401);
    const unverified = await t.http
      .get(`/api/data-subject-requests/${ids.unverified}/report?format=pdf`)
      .set(dpo());
    expect(unverified.status).toBe(409);
    expect(unverified.body.code).toBe('IDENTITY_NOT_VERIFIED');
    const badFormat = await t.http.get(`${url.replace('pdf', 'docx')}`).set(dpo());
    expect(badFormat.status).toBe(400);
    const badLanguage = await t.http.get(`${url}&lang=de`).set(dpo());
    expect(badLanguage.status).toBe(400);
  });

  it('the inbox filters by type, with the state, and refuses a type it does not know', async () => {
    const client = await createClient(t);
    const erasure = await t.http
      .post('/api/data-subject-requests')
      .set(dpo())
      .send({ clientId: client.id, type: 'erasure' });
    expect(erasure.status).toBe(201);
    const list = async (query: string) => {
      const res = await t.http.get(`/api/data-subject-requests?${query}`).set(dpo());
      expect(res.status).toBe(200);
      return res.body.items as Array<{ id: string; type: string; status: string }>;
    };
    const erasures = await list('type=erasure');
    expect(erasures.map((r) => r.id)).toEqual([erasure.body.id]);
    const accessOpen = await list('type=access&status=open');
    expect(accessOpen.map((r) => r.id).sort()).toEqual([ids.polish, ids.english, ids.unverified].sort());
    expect(await list('type=portability')).toEqual([]);
    expect((await t.http.get('/api/data-subject-requests?type=deletion').set(dpo())).status).toBe(400);
  });

  it('lists the person’s claims, tasks, contacts, documents and commission lines in the report, the page and the export, and no one else’s', async () => {
    const insurer = await t.http
      .post('/api/insurers')
      .set(t.as('admin'))
      .send({ name: 'Raport TU', nip: makeNip(816_000_000), dsrContactEmail: 'iod@raport-tu.pl' });
    expect(insurer.status).toBe(201);
    /** A client with one record of each kind, every text marked with the client's tag. */
    async function clientWithRecords(tag: string) {
      const client = await createClient(t, { lastName: `Rekordowa-${tag}` });
      const policy = `POL/${tag}/1`;
      const contractId = await concludeContract(t, {
        clientId: client.id,
        insurerId: insurer.body.id,
        policyNumber: policy,
        endInDays: 300,
        startInDays: -30,
      });
      await t.db.query(
        `INSERT INTO claim (contract_id, client_id, date_of_loss, description, amount_claimed, insurer_claim_number)
         VALUES ($1, $2, $5::date - 5, $3, 250000, $4)`,
        [contractId, client.id, `Stłuczka ${tag}`, `SZK/${tag}`, new Date().toISOString().slice(0, 10)],
      );
      await t.db.query(
        `INSERT INTO task (client_id, contract_id, kind, purpose, title, due_date)
         VALUES ($1, $2, 'manual', 'client_contact', $3, $4::date + 3)`,
        [client.id, contractId, `Oddzwonić ${tag}`, new Date().toISOString().slice(0, 10)],
      );
      await t.db.query(
        `INSERT INTO client_activity (client_id, kind, purpose, at, summary)
         VALUES ($1, 'call', 'client_contact', now() - interval '1 day', $2)`,
        [client.id, `Rozmowa ${tag}`],
      );
      await t.db.query(
        `INSERT INTO document (id, client_id, contract_id, category, file_name, content_type, size_bytes, sha256, storage_key)
         VALUES (gen_random_uuid(), $1, $2, 'policy', $3, 'application/pdf', 20480, repeat('a', 64), $4)`,
        [client.id, contractId, `polisa-${tag}.pdf`, `clients/${client.id}/${tag}`],
      );
      const [statement] = await t.db.query(
        `INSERT INTO commission_statement (insurer_id, policy_number_column, commission_column)
         VALUES ($1, 'polisa', 'prowizja') RETURNING id`,
        [insurer.body.id],
      );
      await t.db.query(
        `INSERT INTO commission_statement_line (statement_id, row_number, policy_number, contract_id, client_id, expected, paid, status)
         VALUES ($1, 1, $2, $3, $4, 10000, 9000, 'differs')`,
        [statement.id, policy, contractId, client.id],
      );
      return client.id as string;
    }
    async function verifiedRequest(clientId: string, type: 'access' | 'portability') {
      const req = await t.http.post('/api/data-subject-requests').set(dpo()).send({ clientId, type });
      expect(req.status).toBe(201);
      const verify = await t.http
        .post(`/api/data-subject-requests/${req.body.id}/verify-identity`)
        .set(dpo())
        .send({ method: 'id_document_in_person' });
      expect(verify.status).toBe(200);
      return req.body.id as string;
    }
    const subject = await clientWithRecords('A');
    await clientWithRecords('B');
    const access = await verifiedRequest(subject, 'access');
    const portability = await verifiedRequest(subject, 'portability');

    const report = await t.http.get(`/api/data-subject-requests/${access}/report`).set(dpo());
    expect(report.status).toBe(200);
    const exported = await t.http.get(`/api/data-subject-requests/${portability}/export`).set(dpo());
    expect(exported.status).toBe(200);
    for (const body of [report.body, exported.body]) {
      expect(body.claims).toEqual([
        expect.objectContaining({
          policyNumber: 'POL/A/1',
          description: 'Stłuczka A',
          insurerClaimNumber: 'SZK/A',
          status: 'reported',
          amountClaimed: { amount: 250000, currency: 'PLN' },
        }),
      ]);
      expect(body.tasks).toEqual([
        expect.objectContaining({ title: 'Oddzwonić A', kind: 'manual', status: 'open' }),
      ]);
      expect(body.activities).toEqual([
        expect.objectContaining({ summary: 'Rozmowa A', kind: 'call', purpose: 'client_contact' }),
      ]);
      expect(body.documents).toEqual([
        expect.objectContaining({
          category: 'policy',
          fileName: 'polisa-A.pdf',
          contentType: 'application/pdf',
          size: 20480,
          uploadedAt: expect.any(String),
        }),
      ]);
      // What describes the file only: neither where it is stored nor its checksum.
      expect(body.documents[0]).not.toHaveProperty('storageKey');
      expect(body.documents[0]).not.toHaveProperty('checksum');
      expect(body.commissionLines).toEqual([
        expect.objectContaining({
          policyNumber: 'POL/A/1',
          expected: { amount: 10000, currency: 'PLN' },
          paid: { amount: 9000, currency: 'PLN' },
          status: 'differs',
        }),
      ]);
      expect(JSON.stringify(body)).not.toMatch(/POL\/B|Stłuczka B|Oddzwonić B|Rozmowa B|polisa-B/);
    }

    const page = await t.http.get(`/api/data-subject-requests/${access}/report?format=html`).set(dpo());
    expect(page.status).toBe(200);
    const html = decoded(page.text);
    for (const text of [
      '>Szkody<',
      'Stłuczka A',
      'SZK/A',
      '>Zadania dotyczące Pani/Pana<',
      'Oddzwonić A',
      '>Kontakty z Panią/Panem<',
      'Rozmowa A',
      'rozmowa telefoniczna',
      '>Dokumenty<',
      'polisa-A.pdf',
      '20,0 kB',
      '>Rozliczenia prowizji od Pani/Pana polis<',
      'rozbieżna',
      'zgłoszona',
    ])
      expect(html).toContain(text);
    expect(html).not.toMatch(/POL\/B|Stłuczka B|Oddzwonić B|Rozmowa B|polisa-B/);
    const english = await t.http
      .get(`/api/data-subject-requests/${access}/report?format=html&lang=en`)
      .set(dpo());
    expect(english.status).toBe(200);
    for (const text of ['>Claims<', '>Tasks about you<', '>Contacts with you<', '>Documents<'])
      expect(decoded(english.text)).toContain(text);
  });
});
