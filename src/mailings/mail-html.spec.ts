import { htmlToText, sanitizeStaffHtml } from './mail-html';

describe('htmlToText', () => {
  it('leaves out style and script text and decodes entities', () => {
    const text = htmlToText(
      '<html><head><style>p { color: red; }</style></head><body><script>track()</script>' +
        '<p>Dzie&#324; dobry, &#380;&oacute;&#322;ta oferta &amp; rabat&nbsp;10%</p></body></html>',
    );
    expect(text).toBe('Dzień dobry, żółta oferta & rabat\u00a010%');
  });

  it('keeps the structure readable: paragraphs, lists, headings as written, links with their address', () => {
    expect(
      htmlToText(
        '<h2>Nowa oferta</h2><p>Dla {{firstName}}:</p><ul><li>OC</li><li>AC</li></ul><a href="https://b.pl/o">Szczegóły</a>',
      ),
    ).toBe('Nowa oferta\n\nDla {{firstName}}:\n\n * OC\n * AC\n\nSzczegóły (https://b.pl/o)');
  });
});

describe('sanitizeStaffHtml', () => {
  it('keeps the safe list: paragraphs, breaks, emphasis, links, lists, h2 and h3', () => {
    const safe =
      '<h2>A</h2><h3>B</h3><p>x<br /><strong>s</strong> <em>e</em> <a href="https://b.pl/">l</a> <a href="mailto:biuro@b.pl">m</a></p><ul><li>1</li></ul><ol><li>2</li></ol>';
    expect(sanitizeStaffHtml(safe)).toBe(safe);
  });

  it('strips scripts and styles with their content, event handlers, inline styles and unsafe links', () => {
    const out = sanitizeStaffHtml(
      '<p onclick="steal()" style="color:red">Hi {{firstName}}</p><script>alert(1)</script><style>p{}</style>' +
        '<a href="javascript:alert(1)" onmouseover="x()">x</a><img src="https://t.example/p.gif" onerror="y()"><iframe src="https://e.example"></iframe><h1>Big</h1>',
    );
    expect(out).toBe('<p>Hi {{firstName}}</p><a>x</a>Big');
    for (const gone of [
      'script',
      'alert',
      'style',
      'onclick',
      'onmouseover',
      'onerror',
      'javascript:',
      'img',
      'iframe',
      'h1',
    ])
      expect(out).not.toContain(gone);
  });
});
