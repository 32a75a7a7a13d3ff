import { inflateSync } from 'node:zlib';

/**
 * The text a PDF shows, read the way a viewer reads it: each font's ToUnicode map turns the glyph
 * codes of the page's text operators back into characters. Enough for the PDFs pdfmake (pdfkit)
 * writes: fonts embedded as subsets, two-byte hex glyph codes, Flate-compressed streams. Lines
 * are joined with a space, so a test can look for a sentence.
 */
export function pdfText(pdf: Buffer): string {
  const source = pdf.toString('latin1');
  const objects = new Map<string, { dict: string; stream: string | null }>();
  const objectPattern = /(\d+) 0 obj\s*([\s\S]*?)endobj/g;
  for (let m = objectPattern.exec(source); m; m = objectPattern.exec(source)) {
    const body = m[2];
    const streamAt = body.indexOf('stream');
    if (streamAt < 0) {
      objects.set(m[1], { dict: body, stream: null });
      continue;
    }
    const dict = body.slice(0, streamAt);
    let start = streamAt + 'stream'.length;
    if (body[start] === '\r') start += 1;
    if (body[start] === '\n') start += 1;
    const end = body.lastIndexOf('endstream');
    const raw = Buffer.from(body.slice(start, end), 'latin1');
    const stream = /\/FlateDecode/.test(dict) ? inflateSync(raw).toString('latin1') : raw.toString('latin1');
    objects.set(m[1], { dict, stream });
  }

  const cmaps = new Map<string, Map<string, string>>();
  const cmapOf = (fontRef: string): Map<string, string> => {
    const cached = cmaps.get(fontRef);
    if (cached) return cached;
    const map = new Map<string, string>();
    const toUnicode = /\/ToUnicode (\d+) 0 R/.exec(objects.get(fontRef)?.dict ?? '');
    const cmap = toUnicode ? (objects.get(toUnicode[1])?.stream ?? '') : '';
    for (const block of cmap.matchAll(/beginbfrange([\s\S]*?)endbfrange/g)) {
      // One range a line: `<from> <to> [<target> ...]` or `<from> <to> <first target>`.
      for (const entry of block[1].split('\n')) {
        const r = /<([0-9a-fA-F]+)>\s*<([0-9a-fA-F]+)>\s*(\[[^\]]*\]|<[0-9a-fA-F\s]+>)/.exec(entry);
        if (!r) continue;
        const from = parseInt(r[1], 16);
        // A ligature's target holds several code units, written with spaces ("<0066 0069>").
        const targets = [...r[3].matchAll(/<([0-9a-fA-F\s]+)>/g)].map((x) => x[1].replace(/\s/g, ''));
        if (r[3].startsWith('[')) targets.forEach((target, i) => map.set(hex4(from + i), unicode(target)));
        else
          for (let code = from; code <= parseInt(r[2], 16); code += 1)
            map.set(hex4(code), String.fromCodePoint(parseInt(targets[0], 16) + code - from));
      }
    }
    for (const block of cmap.matchAll(/beginbfchar([\s\S]*?)endbfchar/g)) {
      for (const r of block[1].matchAll(/<([0-9a-fA-F]+)>\s*<([0-9a-fA-F]+)>/g))
        map.set(hex4(parseInt(r[1], 16)), unicode(r[2]));
    }
    cmaps.set(fontRef, map);
    return map;
  };

  const lines: string[] = [];
  for (const { dict } of objects.values()) {
    if (!/\/Type\s*\/Page\b/.test(dict)) continue;
    const fonts = new Map<string, string>();
    const fontDict = /\/Font\s*<<([\s\S]*?)>>/.exec(resourcesOf(dict, objects));
    for (const f of (fontDict?.[1] ?? '').matchAll(/\/(\S+?)\s+(\d+) 0 R/g)) fonts.set(f[1], f[2]);
    const contents = /\/Contents (\d+) 0 R/.exec(dict);
    const content = contents ? (objects.get(contents[1])?.stream ?? '') : '';
    let font = new Map<string, string>();
    // Runs on one line (the same vertical position) join as they are: pdfmake keeps the spaces
    // inside its runs and splits words only where a line may break ("Pani/", "Pana").
    let y: string | null = null;
    let line = '';
    for (const op of content.matchAll(
      /\/(\S+)\s+[\d.]+\s+Tf|[-\d.]+\s+[-\d.]+\s+[-\d.]+\s+[-\d.]+\s+[-\d.]+\s+([-\d.]+)\s+Tm|\[([^\]]*)\]\s*TJ|<([0-9a-fA-F]*)>\s*Tj/g,
    )) {
      if (op[1]) font = cmapOf(fonts.get(op[1]) ?? '');
      else if (op[2] !== undefined) {
        if (op[2] !== y && line) {
          lines.push(line);
          line = '';
        }
        y = op[2];
      } else {
        const hexes =
          op[3] !== undefined ? [...op[3].matchAll(/<([0-9a-fA-F]*)>/g)].map((h) => h[1]) : [op[4]];
        for (const h of hexes)
          for (let i = 0; i + 4 <= h.length; i += 4) line += font.get(h.slice(i, i + 4).toLowerCase()) ?? '';
      }
    }
    if (line) lines.push(line);
  }
  return lines.join(' ').replace(/\s+/g, ' ');
}

function resourcesOf(pageDict: string, objects: Map<string, { dict: string }>): string {
  const ref = /\/Resources (\d+) 0 R/.exec(pageDict);
  return ref ? (objects.get(ref[1])?.dict ?? '') : pageDict;
}

function hex4(code: number): string {
  return code.toString(16).padStart(4, '0');
}

/** A UTF-16BE hex string as text. */
function unicode(hex: string): string {
  const units: number[] = [];
  for (let i = 0; i + 4 <= hex.length; i += 4) units.push(parseInt(hex.slice(i, i + 4), 16));
  return String.fromCharCode(...units);
}
