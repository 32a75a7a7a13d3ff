import { calendarDate, citeArticle, dateTime, Language, money } from '@app/common/locale/polish';
import { LINE_OF_BUSINESS_NAMES, LineOfBusiness, Purpose, REGISTRY } from '@app/privacy';
import {
  ACTIONS,
  CHANNEL_NAMES,
  COLUMNS,
  FIELDS,
  HEADINGS,
  LANGUAGES,
  RECORD_STATUSES,
  REQUEST_TYPES,
  RESOURCES,
  ROLE_NAMES,
  STATUSES,
  word,
} from './access-report.labels';
import { newerRecordSections } from './access-report.records';
import type { AccessReport } from './access-report.service';

/**
 * The access report as a document the person reads: sections of paragraphs, lists and tables of
 * text, already in the person's language, with dates and times in the broker's time zone. The
 * HTML page and the PDF both render this one document, so they say the same thing.
 */
export type Block =
  | { kind: 'paragraph'; text: string }
  | { kind: 'list'; items: string[] }
  | { kind: 'table'; headers: string[]; rows: string[][] };

export interface ReportSection {
  title: string;
  blocks: Block[];
}

export interface ReportDocument {
  language: Language;
  title: string;
  subtitle: string;
  sections: ReportSection[];
}

/** Why a purpose applies to the person (the report's reasons, in the person's language). */
const WHY: Record<string, Record<Language, string>> = {
  'active consent': { pl: 'udzielona zgoda', en: 'active consent' },
  'no active consent': { pl: 'brak zgody', en: 'no active consent' },
  'contracts concluded': { pl: 'zawarte umowy', en: 'contracts concluded' },
  'no contract': { pl: 'brak umowy', en: 'no contract' },
  'legal hold for a claim': { pl: 'zatrzymanie w związku z roszczeniem', en: 'legal hold for a claim' },
  'no claim': { pl: 'brak roszczeń', en: 'no claim' },
  'operations on the data are recorded': {
    pl: 'operacje na danych są rejestrowane',
    en: 'operations on the data are recorded',
  },
  'nothing recorded': { pl: 'brak zarejestrowanych operacji', en: 'nothing recorded' },
  'client record held': { pl: 'przechowujemy dane klienta', en: 'client record held' },
  'this request': { pl: 'niniejszy wniosek', en: 'this request' },
};

const CONSENT_SOURCES: Record<string, Record<Language, string>> = {
  meeting: { pl: 'spotkanie', en: 'meeting' },
  paper_form: { pl: 'formularz papierowy', en: 'paper form' },
  phone_call: { pl: 'rozmowa telefoniczna', en: 'telephone call' },
  email: { pl: 'wiadomość e-mail', en: 'e-mail' },
  unsubscribe_link: { pl: 'link rezygnacji w wiadomości', en: 'unsubscribe link' },
};

/** Where the data came from, with the purpose it was recorded under named as the registry names it. */
function sourceText(from: string | null, language: Language): string {
  const purpose = from?.startsWith('staff:') ? from.slice(6) : null;
  const name = purpose && purpose in REGISTRY ? REGISTRY[purpose as Purpose][language] : purpose;
  if (language === 'en')
    return name
      ? `Collected from you by our staff and recorded for the purpose: ${name}`
      : 'Collected from you (imported into the client base)';
  return name
    ? `Zebrane od Pani/Pana przez naszych pracowników i zapisane w celu: ${name}`
    : 'Zebrane od Pani/Pana (zaimportowane do bazy klientów)';
}

interface Money {
  amount: number | string;
  currency?: string;
}

export function accessReportDocument(r: AccessReport, language: Language, timeZone: string): ReportDocument {
  const l = language;
  const t = (words: Record<Language, string>) => words[l];
  const when = (value: string | Date | null | undefined): string => {
    if (value === null || value === undefined || value === '') return '—';
    const text = value instanceof Date ? value.toISOString() : value;
    return /^\d{4}-\d{2}-\d{2}$/.test(text) ? calendarDate(text, l) : dateTime(text, timeZone, l);
  };
  const amount = (value: Money | null | undefined): string =>
    value === null || value === undefined ? '—' : money(String(value.amount), l);
  const yesNo = (value: boolean) => t(value ? HEADINGS.yes : HEADINGS.no);
  const purposeName = (purpose: string | null | undefined) =>
    purpose && purpose in REGISTRY ? REGISTRY[purpose as Purpose][l] : word({}, purpose, l);
  const line = (code: string) =>
    code in LINE_OF_BUSINESS_NAMES ? LINE_OF_BUSINESS_NAMES[code as LineOfBusiness][l] : code;
  const table = (headers: Array<Record<Language, string>>, rows: string[][]): Block =>
    rows.length === 0
      ? { kind: 'paragraph', text: t(HEADINGS.none) }
      : { kind: 'table', headers: headers.map(t), rows };

  const data = r.subject.data;
  const address = data.address
    ? `${data.address.street}, ${data.address.postalCode} ${data.address.city}, ${data.address.country}`
    : null;
  const personal: Array<[string, string | null]> = [
    ['firstName', data.firstName],
    ['lastName', data.lastName],
    ['email', data.email],
    ['phone', data.phone],
    ['address', address],
    ['dateOfBirth', data.dateOfBirth ? calendarDate(data.dateOfBirth, l) : null],
    ['pesel', data.pesel],
    ['language', word(LANGUAGES, data.language, l)],
  ];
  const c = r.controller;

  const sections: ReportSection[] = [
    {
      title: t(HEADINGS.controller),
      blocks: [
        { kind: 'paragraph', text: `${c.name}, ${c.address}, NIP ${c.nip}, KRS ${c.krs}.` },
        { kind: 'paragraph', text: `${t(HEADINGS.controller)}: ${c.contact[l]}.` },
      ],
    },
    {
      title: t(HEADINGS.request),
      blocks: [
        table(
          [COLUMNS.requestType, COLUMNS.receivedAt, COLUMNS.dueAt],
          [[word(REQUEST_TYPES, r.request.type, l), when(r.request.receivedAt), when(r.request.dueAt)]],
        ),
      ],
    },
    {
      title: t(HEADINGS.yourData),
      blocks: [
        table(
          [COLUMNS.field, COLUMNS.value],
          personal.map(([field, value]) => [word(FIELDS, field, l), value ?? '—']),
        ),
      ],
    },
    {
      title: t(HEADINGS.record),
      blocks: [
        table(
          [COLUMNS.field, COLUMNS.value],
          [
            [word(FIELDS, 'status', l), word(RECORD_STATUSES, r.subject.status, l)],
            [word(FIELDS, 'restricted', l), yesNo(r.subject.restricted)],
            [word(FIELDS, 'objectedToMarketing', l), yesNo(r.subject.objectedToMarketing)],
            [word(FIELDS, 'createdAt', l), when(r.subject.createdAt)],
            [word(FIELDS, 'lastActivityAt', l), when(r.subject.lastActivityAt)],
          ],
        ),
      ],
    },
    {
      title: t(HEADINGS.source),
      blocks: [
        { kind: 'paragraph', text: `${sourceText(r.source.from, l)} (${when(r.source.collectedAt)}).` },
      ],
    },
    {
      title: t(HEADINGS.purposes),
      blocks: [
        table(
          [
            COLUMNS.purpose,
            COLUMNS.applies,
            COLUMNS.legalBasis,
            COLUMNS.dataUsed,
            COLUMNS.retention,
            COLUMNS.keptUntil,
            COLUMNS.recipients,
          ],
          r.purposes.map((p) => [
            p.description[l],
            `${yesNo(p.applies)} (${WHY[p.why]?.[l] ?? p.why})`,
            `${l === 'pl' ? p.legalBasis.articlePl : p.legalBasis.article}: ${p.legalBasis[l]}`,
            p.dataCategories.map((d) => d[l]).join(', ') || t(HEADINGS.none),
            p.retention.rule[l],
            p.retention.until ? when(p.retention.until) : p.applies ? t(HEADINGS.whileBasisLasts) : '—',
            p.recipients[l],
          ]),
        ),
      ],
    },
    {
      title: t(HEADINGS.consents),
      blocks: [
        table(
          [
            COLUMNS.at,
            COLUMNS.event,
            COLUMNS.purpose,
            COLUMNS.channel,
            COLUMNS.source,
            COLUMNS.noticeVersion,
          ],
          r.consents.history.map((e) => [
            when(e.at),
            word(STATUSES, e.event, l),
            purposeName(e.purpose),
            word(CHANNEL_NAMES, e.channel, l),
            CONSENT_SOURCES[e.source]?.[l] ?? e.source,
            e.noticeVersion ?? '—',
          ]),
        ),
      ],
    },
    {
      title: t(HEADINGS.offers),
      blocks: [
        table(
          [COLUMNS.requested, COLUMNS.line, COLUMNS.status, COLUMNS.quotes],
          r.offers.map((o) => [
            when(o.createdAt),
            line(o.lineOfBusiness),
            word(STATUSES, o.status, l),
            o.quotes.map((q) => `${q.insurerName}: ${q.productName}, ${amount(q.premium)}`).join('; ') || '—',
          ]),
        ),
      ],
    },
    {
      title: t(HEADINGS.contracts),
      blocks: [
        table(
          [
            COLUMNS.policyNumber,
            COLUMNS.insurer,
            COLUMNS.line,
            COLUMNS.period,
            COLUMNS.status,
            COLUMNS.premium,
            COLUMNS.role,
          ],
          r.contracts.map((k) => [
            k.policyNumber,
            k.insurerName,
            line(k.lineOfBusiness),
            `${when(k.startDate)} – ${when(k.endDate)}`,
            word(STATUSES, k.status, l),
            amount(k.premium as Money),
            word(STATUSES, k.role, l),
          ]),
        ),
      ],
    },
    {
      title: t(HEADINGS.instalments),
      blocks: [
        table(
          [
            COLUMNS.policyNumber,
            COLUMNS.instalment,
            COLUMNS.dueAt,
            COLUMNS.amount,
            COLUMNS.paid,
            COLUMNS.status,
          ],
          r.instalments.map((i) => [
            i.policyNumber,
            `${i.number}/${i.count}`,
            when(i.dueDate),
            amount(i.amount),
            i.paidAt ? `${amount(i.paidAmount)} (${when(i.paidAt)})` : '—',
            word(STATUSES, i.status, l),
          ]),
        ),
      ],
    },
    {
      title: t(HEADINGS.mailings),
      blocks: [
        table(
          [COLUMNS.at, COLUMNS.status, COLUMNS.reason],
          r.campaignRecipients.map((m) => [
            when(m.finishedAt ?? m.queuedAt),
            word(STATUSES, m.status, l),
            m.reason ?? '—',
          ]),
        ),
      ],
    },
    ...newerRecordSections(r, { language: l, when, amount, table }),
    {
      title: `${t(HEADINGS.accessLog)} (${r.accessLog.total}${r.accessLog.truncated ? `, ${t(HEADINGS.newestListed)}` : ''})`,
      blocks: [
        table(
          [
            COLUMNS.at,
            COLUMNS.staffRole,
            COLUMNS.purpose,
            COLUMNS.operation,
            COLUMNS.on,
            COLUMNS.fields,
            COLUMNS.outcome,
          ],
          r.accessLog.entries.map((e) => [
            when(e.at),
            word(ROLE_NAMES, e.actorRole, l),
            e.purposeDescription ? e.purposeDescription[l] : '—',
            word(ACTIONS, e.action, l),
            word(RESOURCES, e.resource, l),
            (e.fields ?? []).map((f) => word(FIELDS, f, l)).join(', ') || '—',
            word(STATUSES, e.outcome, l),
          ]),
        ),
      ],
    },
    {
      title: t(HEADINGS.recipients),
      blocks: [
        r.recipients.length
          ? { kind: 'list', items: r.recipients.map((x) => x[l]) }
          : { kind: 'paragraph', text: t(HEADINGS.none) },
      ],
    },
    {
      title: t(HEADINGS.transfers),
      blocks: [
        { kind: 'paragraph', text: `${r.transfers[l]}.` },
        { kind: 'paragraph', text: `${r.automatedDecisions[l]}.` },
      ],
    },
    {
      title: t(HEADINGS.rights),
      blocks: [
        { kind: 'list', items: r.rights.map((x) => `${x[l]} (${citeArticle(x.article, l)})`) },
        {
          kind: 'paragraph',
          text: `${t(HEADINGS.complaint)}: ${r.supervisoryAuthority.name[l]}, ${r.supervisoryAuthority.address}.`,
        },
      ],
    },
  ];
  return {
    language: l,
    title: t(HEADINGS.title),
    subtitle: `${t(HEADINGS.generated)}: ${when(r.generatedAt)}`,
    sections,
  };
}
