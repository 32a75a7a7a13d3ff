import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { AUDIT_ACTIONS, AUDIT_RESOURCES } from './audit-vocabulary';

const ROOT = join(__dirname, '..', '..', '..');

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sourceFiles(path);
    return path.endsWith('.ts') && !path.endsWith('.spec.ts') ? [path] : [];
  });
}

/** Every `resource: '…'` literal written in the application and the libraries. */
function writtenResources(): Set<string> {
  const found = new Set<string>();
  for (const file of [...sourceFiles(join(ROOT, 'src')), ...sourceFiles(join(ROOT, 'libs'))]) {
    for (const match of readFileSync(file, 'utf8').matchAll(
      /\bresource(?:: AuditResource)?\s*[:=]\s*'([^']+)'/g,
    )) {
      found.add(match[1]);
    }
  }
  return found;
}

describe('the vocabulary of the record of operations', () => {
  it('names each action and each resource once', () => {
    expect(new Set(AUDIT_ACTIONS).size).toBe(AUDIT_ACTIONS.length);
    expect(new Set(AUDIT_RESOURCES).size).toBe(AUDIT_RESOURCES.length);
  });

  it('holds every resource a caller writes as a literal', () => {
    const written = [...writtenResources()];
    expect(written.length).toBeGreaterThan(10);
    expect(written.filter((r) => !(AUDIT_RESOURCES as readonly string[]).includes(r))).toEqual([]);
  });
});
