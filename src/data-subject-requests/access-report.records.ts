import { Language } from '@app/common/locale/polish';
import { DOCUMENT_REGISTRY, DocumentCategory, Purpose, REGISTRY } from '@app/privacy';
import { COLUMNS, HEADINGS, KINDS, STATUSES, word } from './access-report.labels';
import type { Block, ReportSection } from './access-report.document';
import type { AccessReport } from './access-report.service';

type Words = Record<Language, string>;

/** How a report section is written: the formatting the whole document shares. */
export interface RecordFormat {
  language: Language;
  when: (value: string | null | undefined) => string;
  amount: (value: { amount: number | string } | null | undefined) => string;
  table: (headers: Words[], rows: string[][]) => Block;
}

/** Claims and tasks are spoken of in their own grammatical gender in Polish. */
const CLAIM_STATUSES: Record<string, Words> = {
  reported: { pl: 'zgłoszona', en: 'reported' },
  in_assessment: { pl: 'w likwidacji', en: 'being assessed' },
  paid: { pl: 'wypłacono odszkodowanie', en: 'paid' },
  refused: { pl: 'odmowa wypłaty', en: 'refused' },
  withdrawn: { pl: 'wycofana', en: 'withdrawn' },
};
const TASK_STATUSES: Record<string, Words> = {
  open: { pl: 'otwarte', en: 'open' },
  done: { pl: 'wykonane', en: 'done' },
  cancelled: { pl: 'anulowane', en: 'cancelled' },
};

function fileSize(bytes: number, l: Language): string {
  const kb = (bytes / 1024).toFixed(1);
  return `${l === 'pl' ? kb.replace('.', ',') : kb} kB`;
}

/**
 * The report's sections on what the claims, tasks, timeline, documents and commissions modules
 * keep about the person: of documents only what describes the file, never its content.
 */
export function newerRecordSections(r: AccessReport, f: RecordFormat): ReportSection[] {
  const l = f.language;
  const purposeName = (purpose: string) =>
    purpose in REGISTRY ? REGISTRY[purpose as Purpose][l] : word({}, purpose, l);
  const category = (code: string) =>
    code in DOCUMENT_REGISTRY ? DOCUMENT_REGISTRY[code as DocumentCategory][l] : word({}, code, l);
  return [
    {
      title: HEADINGS.claims[l],
      blocks: [
        f.table(
          [
            COLUMNS.dateOfLoss,
            COLUMNS.policyNumber,
            COLUMNS.claimNumber,
            COLUMNS.description,
            COLUMNS.claimed,
            COLUMNS.paid,
            COLUMNS.status,
          ],
          r.claims.map((c) => [
            f.when(c.dateOfLoss),
            c.policyNumber,
            c.insurerClaimNumber ?? '—',
            c.description,
            f.amount(c.amountClaimed),
            f.amount(c.amountPaid),
            word(CLAIM_STATUSES, c.status, l),
          ]),
        ),
      ],
    },
    {
      title: HEADINGS.tasks[l],
      blocks: [
        f.table(
          [COLUMNS.title, COLUMNS.kind, COLUMNS.purpose, COLUMNS.dueAt, COLUMNS.status, COLUMNS.completedAt],
          r.tasks.map((t) => [
            t.description ? `${t.title}: ${t.description}` : t.title,
            word(KINDS, t.kind, l),
            purposeName(t.purpose),
            f.when(t.dueDate),
            word(TASK_STATUSES, t.status, l),
            f.when(t.completedAt),
          ]),
        ),
      ],
    },
    {
      title: HEADINGS.activities[l],
      blocks: [
        f.table(
          [COLUMNS.at, COLUMNS.kind, COLUMNS.purpose, COLUMNS.summary],
          r.activities.map((a) => [f.when(a.at), word(KINDS, a.kind, l), purposeName(a.purpose), a.summary]),
        ),
      ],
    },
    {
      title: HEADINGS.documents[l],
      blocks: [
        f.table(
          [COLUMNS.category, COLUMNS.fileName, COLUMNS.contentType, COLUMNS.size, COLUMNS.uploadedAt],
          r.documents.map((d) => [
            category(d.category),
            d.fileName,
            d.contentType,
            fileSize(d.size, l),
            f.when(d.uploadedAt),
          ]),
        ),
      ],
    },
    {
      title: HEADINGS.commissionLines[l],
      blocks: [
        f.table(
          [
            COLUMNS.statementImportedAt,
            COLUMNS.policyNumber,
            COLUMNS.expected,
            COLUMNS.commissionPaid,
            COLUMNS.status,
          ],
          r.commissionLines.map((c) => [
            f.when(c.importedAt),
            c.policyNumber,
            f.amount(c.expected),
            f.amount(c.paid),
            word(STATUSES, c.status, l),
          ]),
        ),
      ],
    },
  ];
}
