import { csvField, csvRow } from './csv';

describe('CSV (RFC 4180)', () => {
  it('leaves plain values bare and writes null as an empty field', () => {
    expect(csvRow(['a', 12, null, undefined, true])).toBe('a,12,,,true\r\n');
  });

  it('quotes fields holding commas, quotes, CR or LF, doubling quotes inside', () => {
    expect(csvField('Nowak, Jan')).toBe('"Nowak, Jan"');
    expect(csvField('say "hi"')).toBe('"say ""hi"""');
    expect(csvField('one\ntwo')).toBe('"one\ntwo"');
    expect(csvField('one\r\ntwo')).toBe('"one\r\ntwo"');
    expect(csvField('"')).toBe('""""');
  });

  it('keeps spreadsheets from running text as a formula', () => {
    expect(csvField('=1+1')).toBe(`'=1+1`);
    expect(csvField('+48')).toBe(`'+48`);
    expect(csvField('-2')).toBe(`'-2`);
    expect(csvField('@SUM(A1)')).toBe(`'@SUM(A1)`);
    expect(csvField('=HYPERLINK("x","y")')).toBe(`"'=HYPERLINK(""x"",""y"")"`);
    expect(csvField(-2)).toBe('-2');
  });
});
