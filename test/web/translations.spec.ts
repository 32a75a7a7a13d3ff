import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

const DIR = join(__dirname, '..', '..', 'web', 'src', 'i18n');
type Messages = { [key: string]: string | Messages };

/** Every leaf of a translation file, by its dotted key; a branch is recorded as such. */
function leaves(messages: Messages, prefix = '', out = new Map<string, string>()): Map<string, string> {
  for (const [key, value] of Object.entries(messages)) {
    const path = prefix ? `${prefix}.${key}` : key;
    if (typeof value === 'object') {
      out.set(path, '(branch)');
      leaves(value, path, out);
    } else out.set(path, value);
  }
  return out;
}

/**
 * The app merges the common translation with each area's `<area>.<lang>.json` key by key, a later
 * file winning: an area that reuses a key of another (a word where the other has a group of words)
 * silently takes that other screen's text away. Each key must come from one file only.
 */
describe('translations of the web app', () => {
  for (const language of ['pl', 'en']) {
    it(`${language}: no two files define the same key`, () => {
      const files = [
        `${language}.json`,
        ...readdirSync(DIR)
          .filter((f) => f.endsWith(`.${language}.json`))
          .sort(),
      ];
      const owner = new Map<string, string>();
      const clashes: string[] = [];
      for (const file of files) {
        const messages = JSON.parse(readFileSync(join(DIR, file), 'utf8')) as Messages;
        for (const [key, value] of leaves(messages)) {
          const first = owner.get(key);
          if (first && value !== '(branch)') clashes.push(`${key}: ${first} and ${file}`);
          else if (first && value === '(branch)' && !owner.get(`${key}.__branch`))
            clashes.push(`${key}: ${first} and ${file}`);
          if (!first) owner.set(key, file);
          if (value === '(branch)') owner.set(`${key}.__branch`, file);
        }
      }
      expect(files.length).toBeGreaterThan(1);
      expect(clashes).toEqual([]);
    });
  }
});
