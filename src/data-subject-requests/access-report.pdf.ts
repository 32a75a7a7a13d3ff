import PdfPrinter from 'pdfmake';
import type { Content, TDocumentDefinitions } from 'pdfmake/interfaces';
import type { Block, ReportDocument } from './access-report.document';

/**
 * The access report as a PDF to send to the person. The fonts are the Roboto faces pdfmake ships
 * (they carry the Polish letters ą, ć, ę, ł, ń, ó, ś, ź, ż), embedded in the file, so the document
 * reads the same wherever it is opened.
 */

// pdfmake's virtual file system: font files as base64, keyed by file name.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const vfs = require('pdfmake/build/vfs_fonts') as Record<string, string>;

function font(file: string): Buffer {
  return Buffer.from(vfs[file], 'base64');
}

const printer = new PdfPrinter({
  Roboto: {
    normal: font('Roboto-Regular.ttf'),
    bold: font('Roboto-Medium.ttf'),
    italics: font('Roboto-Italic.ttf'),
    bolditalics: font('Roboto-MediumItalic.ttf'),
  },
});

function content(b: Block): Content {
  switch (b.kind) {
    case 'paragraph':
      return { text: b.text, margin: [0, 0, 0, 4] };
    case 'list':
      return { ul: b.items, margin: [0, 0, 0, 4] };
    case 'table':
      return {
        table: {
          headerRows: 1,
          widths: b.headers.map(() => '*'),
          body: [b.headers.map((h) => ({ text: h, bold: true })), ...b.rows],
        },
        layout: 'lightHorizontalLines',
        fontSize: b.headers.length > 5 ? 7 : 9,
        margin: [0, 0, 0, 6],
      };
  }
}

export function renderAccessReportPdf(doc: ReportDocument): Promise<Buffer> {
  const definition: TDocumentDefinitions = {
    info: { title: doc.title },
    pageSize: 'A4',
    pageOrientation: 'landscape',
    pageMargins: [36, 36, 36, 36],
    defaultStyle: { font: 'Roboto', fontSize: 9 },
    content: [
      { text: doc.title, fontSize: 15, bold: true, margin: [0, 0, 0, 4] },
      { text: doc.subtitle, margin: [0, 0, 0, 8] },
      ...doc.sections.flatMap((s): Content[] => [
        { text: s.title, fontSize: 12, bold: true, margin: [0, 8, 0, 4] },
        ...s.blocks.map(content),
      ]),
    ],
  };
  return new Promise((resolve, reject) => {
    const pdf = printer.createPdfKitDocument(definition);
    const chunks: Buffer[] = [];
    pdf.on('data', (chunk: Buffer) => chunks.push(chunk));
    pdf.on('end', () => resolve(Buffer.concat(chunks)));
    pdf.on('error', reject);
    pdf.end();
  });
}
