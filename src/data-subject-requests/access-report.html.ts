import type { AccessReport } from './access-report.service';

/**
 * The printable rendering of an access report. Every value passes through `esc`, so nothing held
 * about the person (a name with markup in it) can turn into markup; the page loads no scripts.
 */

export function esc(value: unknown): string {
  const text =
    value === null || value === undefined
      ? '—'
      : typeof value === 'object'
        ? JSON.stringify(value)
        : String(value);
  return text.replace(/[&<>"'`=/]/g, (c) => `&#${c.charCodeAt(0)};`);
}

function table(rows: ReadonlyArray<object>, columns: Array<[string, string]>): string {
  if (rows.length === 0) return '<p class="none">—</p>';
  const head = columns.map(([, label]) => `<th>${esc(label)}</th>`).join('');
  const body = rows
    .map(
      (row) =>
        `<tr>${columns.map(([key]) => `<td>${esc(format((row as Record<string, unknown>)[key]))}</td>`).join('')}</tr>`,
    )
    .join('');
  return `<table><thead><tr>${head}</tr></thead><tbody>${body}</tbody></table>`;
}

function format(value: unknown): unknown {
  if (Array.isArray(value))
    return value.map((v) => (typeof v === 'object' && v !== null ? JSON.stringify(v) : String(v))).join(', ');
  if (value && typeof value === 'object') {
    const o = value as Record<string, unknown>;
    if ('amount' in o && 'currency' in o)
      return `${(Number(o.amount) / 100).toFixed(2)} ${String(o.currency)}`;
    if ('en' in o && typeof o.en === 'string') return o.en;
    return Object.entries(o)
      .map(([k, v]) => `${k}: ${v === null ? '—' : typeof v === 'object' ? JSON.stringify(v) : String(v)}`)
      .join('; ');
  }
  return value;
}

function section(title: string, content: string): string {
  return `<section><h2>${esc(title)}</h2>${content}</section>`;
}

export function renderAccessReportHtml(r: AccessReport): string {
  const subject = r.subject;
  const data = subject.data;
  const controller = r.controller;
  const parts = [
    section(
      'Controller',
      `<p>${esc(controller.name)}, ${esc(controller.address)}, NIP ${esc(controller.nip)}, KRS ${esc(controller.krs)}; ${esc(controller.contact.en)}.</p>`,
    ),
    section(
      'Request',
      table(
        [r.request],
        [
          ['id', 'Request'],
          ['type', 'Type'],
          ['receivedAt', 'Received'],
          ['dueAt', 'Due'],
        ],
      ),
    ),
    section(
      'Your data',
      table(
        Object.entries(data).map(([field, value]) => ({ field, value })),
        [
          ['field', 'Field'],
          ['value', 'Value'],
        ],
      ) +
        table(
          [subject],
          [
            ['clientId', 'Client id'],
            ['status', 'Status'],
            ['restricted', 'Restricted (art. 18)'],
            ['objectedToMarketing', 'Objected to marketing (art. 21)'],
            ['createdAt', 'Recorded'],
            ['lastActivityAt', 'Last activity'],
          ],
        ),
    ),
    section('Source of the data', `<p>${esc(r.source.en)} (${esc(r.source.collectedAt)}).</p>`),
    section(
      'Purposes, legal bases and retention',
      table(
        r.purposes.map((p) => ({
          purpose: p.description.en,
          applies: p.applies ? `yes (${p.why})` : `no (${p.why})`,
          basis: `${p.legalBasis.article}: ${p.legalBasis.en}`,
          fields: p.fields,
          retention: p.retention.rule.en,
          until: p.retention.until ?? (p.applies ? 'while the basis lasts' : '—'),
          recipients: p.recipients.en,
        })),
        [
          ['purpose', 'Purpose'],
          ['applies', 'Applies to you'],
          ['basis', 'Legal basis'],
          ['fields', 'Data used'],
          ['retention', 'Retention'],
          ['until', 'Kept until'],
          ['recipients', 'Recipients'],
        ],
      ),
    ),
    section(
      'Consents',
      table(r.consents.history, [
        ['at', 'When'],
        ['event', 'Event'],
        ['purpose', 'Purpose'],
        ['channel', 'Channel'],
        ['source', 'Source'],
        ['noticeVersion', 'Notice version'],
      ]),
    ),
    section(
      'Offers',
      table(r.offers, [
        ['createdAt', 'Requested'],
        ['lineOfBusiness', 'Line'],
        ['status', 'Status'],
        ['needs', 'Needs'],
        ['quotes', 'Quotes'],
      ]),
    ),
    section(
      'Contracts',
      table(r.contracts, [
        ['policyNumber', 'Policy'],
        ['insurerName', 'Insurer'],
        ['lineOfBusiness', 'Line'],
        ['startDate', 'Start'],
        ['endDate', 'End'],
        ['status', 'Status'],
        ['premium', 'Premium'],
        ['role', 'You are'],
        ['insuredObject', 'Insured object'],
      ]),
    ),
    section(
      'Instalments',
      table(r.instalments, [
        ['policyNumber', 'Policy'],
        ['number', 'Instalment'],
        ['count', 'Of'],
        ['dueDate', 'Due'],
        ['amount', 'Amount'],
        ['paidAmount', 'Paid'],
        ['paidAt', 'Paid on'],
        ['status', 'Status'],
      ]),
    ),
    section(
      'Mailings',
      table(r.campaignRecipients, [
        ['campaignId', 'Campaign'],
        ['status', 'Status'],
        ['reason', 'Reason'],
        ['queuedAt', 'Queued'],
        ['finishedAt', 'Finished'],
      ]),
    ),
    section(
      `Who accessed your data (${esc(r.accessLog.total)} operations${r.accessLog.truncated ? ', newest listed' : ''})`,
      table(r.accessLog.entries, [
        ['at', 'When'],
        ['actorRole', 'Role'],
        ['actorId', 'Staff id'],
        ['purpose', 'Purpose'],
        ['action', 'Operation'],
        ['resource', 'On'],
        ['fields', 'Fields'],
        ['outcome', 'Outcome'],
      ]),
    ),
    section('Recipients', `<ul>${r.recipients.map((x) => `<li>${esc(x.en)}</li>`).join('')}</ul>`),
    section(
      'Transfers and automated decisions',
      `<p>${esc(r.transfers.en)}.</p><p>${esc(r.automatedDecisions.en)}.</p>`,
    ),
    section(
      'Your rights',
      `<ul>${r.rights.map((x) => `<li>${esc(x.en)} (${esc(x.article)})</li>`).join('')}</ul>` +
        `<p>Complaint: ${esc(r.supervisoryAuthority.name.en)}, ${esc(r.supervisoryAuthority.address)}.</p>`,
    ),
  ];
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Access report ${esc(r.request.id)}</title>
<style>body{font:13px/1.4 sans-serif;margin:2em}table{border-collapse:collapse;margin:.5em 0;width:100%}
th,td{border:1px solid #999;padding:.25em .5em;text-align:left;vertical-align:top}h2{margin-top:1.5em}
@media print{section{break-inside:avoid}}</style></head>
<body><h1>Access report (art. 15 GDPR)</h1><p>Generated ${esc(r.generatedAt)}, schema ${esc(r.schemaVersion)}.</p>
${parts.join('\n')}
</body></html>`;
}
