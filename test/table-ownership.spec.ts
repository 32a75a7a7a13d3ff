import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';

/**
 * Each table has one owner: a repository (`*.repository.ts`) in the module that owns it is the
 * only code whose SQL names the table. Other modules go through the owner's exported service.
 * Migrations are exempt (they are the schema), and so are specs.
 */
const OWNERS: Record<string, string> = {
  audit_entry: 'libs/audit/',
  audit_seal: 'libs/audit/',
  audit_record_term: 'libs/audit/',
  // The record's partitions: the default one, and the table the partitioning migration copied from.
  audit_entry_default: 'libs/audit/',
  audit_entry_unpartitioned: 'libs/audit/',
  audit_sealer_state: 'libs/audit/',
  campaign: 'src/mailings/',
  campaign_recipient: 'src/mailings/',
  client: 'src/clients/',
  client_duplicate_review: 'src/clients/',
  client_representative: 'src/clients/',
  household: 'src/clients/',
  household_member: 'src/clients/',
  consent: 'src/consents/',
  contract: 'src/contracts/',
  contract_annex: 'src/contracts/',
  contract_reminder: 'src/reminders/',
  reminder_scan: 'src/reminders/',
  data_subject_request: 'src/data-subject-requests/',
  erasure_pending: 'src/retention/',
  legal_hold: 'src/retention/',
  instalment: 'src/instalments/',
  claim: 'src/claims/',
  task: 'src/tasks/',
  client_activity: 'src/activities/',
  instalment_reminder: 'src/instalments/',
  document: 'src/documents/',
  insurer: 'src/insurers/',
  mandate: 'src/mandates/',
  mandate_member: 'src/mandates/',
  'mandate.contract': 'src/mandates/',
  'mandate.scope': 'src/mandates/',
  'mandate.subject': 'src/mandates/',
  offer_request: 'src/offers/',
  quote: 'src/offers/',
  staff: 'src/auth/',
  staff_refresh_token: 'src/auth/',
  staff_session: 'src/auth/',
  team: 'src/portfolios/',
  staff_team: 'src/portfolios/',
  break_glass_grant: 'src/portfolios/',
  client_transfer: 'src/portfolios/',
  book_import: 'src/imports/',
  commission_agreement: 'src/commissions/',
  commission_statement: 'src/commissions/',
  commission_statement_line: 'src/commissions/',
  commission_statement_mapping: 'src/commissions/',
};

const ROOT = join(__dirname, '..');
const TABLE_REFERENCE =
  /\b(?:FROM|JOIN|INTO|UPDATE|TABLE|TRUNCATE|COPY)\s+(?:ONLY\s+)?([a-z_]+(?:\.[a-z_]+)?)\b/g;

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sourceFiles(path);
    return name.endsWith('.ts') && !name.endsWith('.spec.ts') ? [path] : [];
  });
}

function withoutComments(text: string): string {
  return text.replace(/\/\*[\s\S]*?\*\//g, '').replace(/(^|[^:'"`])\/\/.*$/gm, '$1');
}

/** Every `file: table` where a file names a table in SQL without being that table's repository. */
function violations(): string[] {
  const found = new Set<string>();
  for (const file of [...sourceFiles(join(ROOT, 'src')), ...sourceFiles(join(ROOT, 'libs'))]) {
    const path = relative(ROOT, file);
    const text = withoutComments(readFileSync(file, 'utf8'));
    for (const match of text.matchAll(TABLE_REFERENCE)) {
      const table = match[1];
      const owner = OWNERS[table];
      if (!owner) continue;
      if (path.startsWith(owner) && path.endsWith('.repository.ts')) continue;
      found.add(`${path}: ${table}`);
    }
  }
  return [...found].sort();
}

describe('table ownership', () => {
  it('names each table in SQL only in its owner module’s repository', () => {
    expect(violations()).toEqual([]);
  });

  it('knows the owner of every table the migrations create', () => {
    const created = new Set<string>();
    for (const file of sourceFiles(join(ROOT, 'migrations'))) {
      for (const m of readFileSync(file, 'utf8').matchAll(/CREATE TABLE (?:IF NOT EXISTS )?([a-z_.]+)/g)) {
        created.add(m[1]);
      }
    }
    expect([...created].filter((t) => !OWNERS[t]).sort()).toEqual([]);
  });

  it('would notice a table named outside its owner', () => {
    const text = withoutComments(
      'const sql = `SELECT id FROM client c JOIN consent k ON k.client_id = c.id`;',
    );
    expect([...text.matchAll(TABLE_REFERENCE)].map((m) => m[1])).toEqual(['client', 'consent']);
  });
});
