import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { AUDIT_ACTIONS, AUDIT_REASONS, AUDIT_RESOURCES, AuditReason } from './audit-vocabulary';

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

/** The registry's entities, where `reason` names a personal field and its value is the field's data category. */
const ENTITY_REGISTRY = join(ROOT, 'libs', 'privacy', 'src', 'registry', 'entities.ts');

/** Every code-shaped `reason: '…'` property literal written in the application and the libraries. */
function writtenReasons(): Set<string> {
  const found = new Set<string>();
  for (const file of [...sourceFiles(join(ROOT, 'src')), ...sourceFiles(join(ROOT, 'libs'))]) {
    if (file === ENTITY_REGISTRY) continue;
    for (const match of readFileSync(file, 'utf8').matchAll(/(?:^|[{,])\s*reason\??\s*:\s*'([^']+)'/gm)) {
      // Human sentences (a PESEL's validation message) are no codes and never recorded.
      if (/^[A-Za-z_]+$/.test(match[1])) found.add(match[1]);
    }
  }
  return found;
}

/** The reasons the audience's SQL gives for not sending to a client, recorded as they come. */
function skipReasonsInSql(): string[] {
  const text = readFileSync(join(ROOT, 'src', 'mailings', 'messaging-audience.service.ts'), 'utf8');
  return [...text.matchAll(/THEN '([a-z_]+)'/g)].map((m) => m[1]);
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

  it('names each reason once', () => {
    expect(new Set(AUDIT_REASONS).size).toBe(AUDIT_REASONS.length);
  });

  it('holds every reason a caller writes as a literal, and every skip reason the audience SQL gives', () => {
    const known = AUDIT_REASONS as readonly string[];
    const written = [...writtenReasons()];
    expect(written.length).toBeGreaterThan(20);
    expect(written.filter((r) => !known.includes(r))).toEqual([]);
    const skips = skipReasonsInSql();
    expect(skips.length).toBeGreaterThan(3);
    expect(skips.filter((r) => !known.includes(r))).toEqual([]);
  });

  it('types the reasons built from a value, and nothing else', () => {
    const built: AuditReason[] = [
      'smtp_550',
      'uncertain_smtp_etimedout',
      'contract_cancelled',
      'POST unknown',
      'broker',
      'role_changed:dpo',
    ];
    expect(built).toHaveLength(6);
    // @ts-expect-error a reason outside the vocabulary does not compile
    const invented: AuditReason = 'SOMETHING_ELSE';
    expect(invented).toBeDefined();
  });
});
