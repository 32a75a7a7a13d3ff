import { pdfText } from '../../test/support/pdf-text';
import { renderAccessReportPdf } from './access-report.pdf';

describe('the access report as a PDF', () => {
  it('embeds fonts with the Polish letters: the text reads back as written, bold headings included', async () => {
    const pdf = await renderAccessReportPdf({
      language: 'pl',
      title: 'Informacja o przetwarzanych danych osobowych',
      subtitle: 'Sporządzono: 01.08.2026, 00:15',
      sections: [
        {
          title: 'Pani/Pana dane',
          blocks: [
            { kind: 'table', headers: ['Dane', 'Wartość'], rows: [['Nazwisko', 'Źdźbło-Wiśniewska']] },
            {
              kind: 'list',
              items: ['zażółć gęślą jaźń ZAŻÓŁĆ GĘŚLĄ JAŹŃ', 'identyfikator RODO art. 7 ust. 3'],
            },
          ],
        },
      ],
    });
    expect(pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    const text = pdfText(pdf);
    for (const expected of [
      'Informacja o przetwarzanych danych osobowych',
      'Sporządzono: 01.08.2026, 00:15',
      'Pani/Pana dane',
      'Wartość',
      'Źdźbło-Wiśniewska',
      'zażółć gęślą jaźń ZAŻÓŁĆ GĘŚLĄ JAŹŃ',
      // "fi" is set as a ligature: its one glyph reads back as two letters.
      'identyfikator RODO art. 7 ust. 3',
    ])
      expect(text).toContain(expected);
  });
});
