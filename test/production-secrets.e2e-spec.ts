import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfigValidationError, SECRET_KEYS, loadAppConfig } from '@app/common/config/app-config';
import { PUBLISHED_SECRET_VALUES } from '@app/common/config/secrets';
import { generateSecrets } from '../src/cli/generate-secrets';
import { seedDemo } from '../src/cli/seed-demo';
import { testConfig } from './support/test-app';

const ROOT = join(__dirname, '..');

/** KEY=value lines of a dotenv file (comments and blank lines left out). */
function dotenv(file: string): Record<string, string> {
  const values: Record<string, string> = {};
  for (const line of readFileSync(join(ROOT, file), 'utf8').split('\n')) {
    const match = /^([A-Z0-9_]+)=(.*)$/.exec(line.trim());
    if (match) values[match[1]] = match[2];
  }
  return values;
}

/** Every `KEY: value` / `KEY=value` a secret key gets in docker-compose.yml. */
function composeSecretValues(): string[] {
  const text = readFileSync(join(ROOT, 'docker-compose.yml'), 'utf8');
  const values: string[] = [];
  for (const key of Object.keys(SECRET_KEYS)) {
    for (const match of text.matchAll(new RegExp(`${key}\\s*[:=]\\s*["']?([^"'\\s#]+)`, 'g')))
      values.push(match[1]);
  }
  return values;
}

describe('production refuses published secrets', () => {
  it('refuses to start with the values of .env.example under NODE_ENV=production', () => {
    const example = dotenv('.env.example');
    expect(example.NODE_ENV).toBe('production');
    const { config } = testConfig();
    const attempt = () =>
      loadAppConfig({ ...example, DATABASE_URL: config.DATABASE_URL, REDIS_URL: config.REDIS_URL });
    expect(attempt).toThrow(ConfigValidationError);
    for (const key of Object.keys(SECRET_KEYS)) expect(attempt).toThrow(new RegExp(key));
  });

  it('knows every secret value .env.example and docker-compose.yml carry as published, and refuses each in production', () => {
    const example = dotenv('.env.example');
    const found = [
      ...Object.keys(SECRET_KEYS)
        .map((key) => example[key])
        .filter((v) => v),
      ...composeSecretValues(),
    ];
    for (const value of found) expect([value, PUBLISHED_SECRET_VALUES.has(value)]).toEqual([value, true]);
    // The values .env.example carried before it left them empty, and the code's development defaults.
    for (const value of PUBLISHED_SECRET_VALUES) {
      const fresh = generateInto();
      const key = /^[0-9a-f]{64}$/i.test(value) ? 'FIELD_ENCRYPTION_KEY' : 'JWT_SECRET';
      expect(() => loadAppConfig({ NODE_ENV: 'production', SECRETS_DIR: fresh.dir, [key]: value })).toThrow(
        new RegExp(`${key} is a value published`),
      );
      fresh.remove();
    }
  });

  it('starts in production with secrets generated on first start, and a second start keeps them', () => {
    const { dir, remove } = generateInto();
    try {
      const first = loadAppConfig({ NODE_ENV: 'production', SECRETS_DIR: dir });
      expect(generateSecrets(dir, () => undefined)).toEqual([]);
      const second = loadAppConfig({ NODE_ENV: 'production', SECRETS_DIR: dir });
      for (const key of Object.keys(SECRET_KEYS) as Array<keyof typeof SECRET_KEYS>) {
        expect(second[key]).toBe(first[key]);
        expect(PUBLISHED_SECRET_VALUES.has(first[key])).toBe(false);
      }
    } finally {
      remove();
    }
  });

  it('never seeds the demo accounts in production', async () => {
    const { dir, remove } = generateInto();
    const saved = { ...process.env };
    try {
      const { config } = testConfig();
      Object.assign(process.env, {
        NODE_ENV: 'production',
        SECRETS_DIR: dir,
        DATABASE_URL: config.DATABASE_URL,
        REDIS_URL: config.REDIS_URL,
      });
      await expect(seedDemo(() => undefined)).rejects.toThrow(/never seeded with NODE_ENV=production/);
    } finally {
      process.env = saved;
      remove();
    }
  });
});

function generateInto(): { dir: string; remove: () => void } {
  const dir = mkdtempSync(join(tmpdir(), 'consentry-secrets-'));
  generateSecrets(dir, () => undefined);
  return { dir, remove: () => rmSync(dir, { recursive: true, force: true }) };
}
