import type { Block, ReportDocument } from './access-report.document';

/**
 * The printable page of an access report. Every value passes through `esc`, so nothing held about
 * the person (a name with markup in it) can turn into markup; the page loads no scripts.
 */

export function esc(value: unknown): string {
  const text = value === null || value === undefined ? '—' : String(value);
  return text.replace(/[&<>"'`=/]/g, (c) => `&#${c.charCodeAt(0)};`);
}

function block(b: Block): string {
  switch (b.kind) {
    case 'paragraph':
      return `<p>${esc(b.text)}</p>`;
    case 'list':
      return `<ul>${b.items.map((item) => `<li>${esc(item)}</li>`).join('')}</ul>`;
    case 'table': {
      const head = b.headers.map((h) => `<th scope="col">${esc(h)}</th>`).join('');
      const body = b.rows
        .map((row) => `<tr>${row.map((cell) => `<td>${esc(cell)}</td>`).join('')}</tr>`)
        .join('');
      return `<table><thead><tr>${head}</tr></thead><tbody>${body}</tbody></table>`;
    }
  }
}

export function renderAccessReportHtml(doc: ReportDocument): string {
  const sections = doc.sections
    .map((s) => `<section><h2>${esc(s.title)}</h2>${s.blocks.map(block).join('')}</section>`)
    .join('\n');
  return `<!doctype html>
<html lang="${doc.language}"><head><meta charset="utf-8"><title>${esc(doc.title)}</title>
<style>body{font:13px/1.4 sans-serif;margin:2em}table{border-collapse:collapse;margin:.5em 0;width:100%}
th,td{border:1px solid #999;padding:.25em .5em;text-align:left;vertical-align:top}h2{margin-top:1.5em}
@media print{section{break-inside:avoid}}</style></head>
<body><main><h1>${esc(doc.title)}</h1><p>${esc(doc.subtitle)}</p>
${sections}
</main></body></html>`;
}
