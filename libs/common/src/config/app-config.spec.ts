import { generateKeyPairSync } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DEVELOPMENT_SECRETS, SECRET_KEYS, loadAppConfig } from './app-config';
import { generateSecret } from './secrets';

/** Fresh random values for every secret key, as `secrets:generate` writes them. */
function freshSecrets(): Record<string, string> {
  return Object.fromEntries(
    Object.entries(SECRET_KEYS).map(([key, format]) => [key, generateSecret(format)]),
  );
}

describe('AppConfig', () => {
  it('has working defaults for a machine with local services', () => {
    const config = loadAppConfig({});
    expect(config.PORT).toBe(3000);
    expect(config.DATABASE_URL).toBe('postgres://postgres@127.0.0.1:5432/crm');
    expect(config.REDIS_URL).toBe('redis://127.0.0.1:6379');
    expect(config.SMTP_URL).toBe('smtp://127.0.0.1:1025');
    expect(config.DEMO_PASSWORD).toBe('demo-password');
    expect(config.PUBLIC_BASE_URL).toBe('http://localhost:3000');
  });

  it('points links in mail at the port the app listens on, unless a base URL is given', () => {
    expect(loadAppConfig({ PORT: '3100' }).PUBLIC_BASE_URL).toBe('http://localhost:3100');
    expect(loadAppConfig({ PORT: '3100', PUBLIC_BASE_URL: 'https://crm.example.pl' }).PUBLIC_BASE_URL).toBe(
      'https://crm.example.pl',
    );
  });

  it('refuses the development secrets in production, naming each', () => {
    expect(() => loadAppConfig({ NODE_ENV: 'production' })).toThrow(
      /JWT_SECRET.*FIELD_ENCRYPTION_KEY.*BLIND_INDEX_KEY.*UNSUBSCRIBE_SECRET/s,
    );
  });

  it('starts in production when every secret is set to a fresh random value', () => {
    const secrets = freshSecrets();
    const config = loadAppConfig({ NODE_ENV: 'production', ...secrets });
    expect(config.JWT_SECRET).toBe(secrets.JWT_SECRET);
    expect(config.JWT_SECRET).not.toBe(DEVELOPMENT_SECRETS.JWT_SECRET);
  });

  it('refuses, in production, a published value under any secret key, naming the key and never the value', () => {
    for (const key of Object.keys(SECRET_KEYS)) {
      for (const published of Object.values(DEVELOPMENT_SECRETS)) {
        const format = SECRET_KEYS[key as keyof typeof SECRET_KEYS];
        if (format === 'hex32' && !/^[0-9a-f]{64}$/i.test(published)) continue;
        if (format === 'ed25519' && published !== DEVELOPMENT_SECRETS.AUDIT_CHECKPOINT_SIGNING_KEY) continue;
        const attempt = () => loadAppConfig({ NODE_ENV: 'production', ...freshSecrets(), [key]: published });
        expect(attempt).toThrow(new RegExp(`${key} is a value published with the code`));
        expect(attempt).not.toThrow(published);
      }
    }
  });

  it('refuses a secret shorter than 32 bytes in every environment, and a uniform one in production', () => {
    expect(() => loadAppConfig({ JWT_SECRET: 'x'.repeat(31) })).toThrow(/JWT_SECRET/);
    expect(() => loadAppConfig({ UNSUBSCRIBE_SECRET: 'short-secret' })).toThrow(/UNSUBSCRIBE_SECRET/);
    expect(() =>
      loadAppConfig({ NODE_ENV: 'production', ...freshSecrets(), BLIND_INDEX_KEY: 'b'.repeat(40) }),
    ).toThrow(/BLIND_INDEX_KEY is too uniform/);
  });

  it('reads secrets missing from the environment from files named after their key in SECRETS_DIR', () => {
    const dir = mkdtempSync(join(tmpdir(), 'consentry-secrets-'));
    try {
      const secrets = freshSecrets();
      for (const [key, value] of Object.entries(secrets)) writeFileSync(join(dir, key), `${value}\n`);
      const fromFiles = loadAppConfig({ NODE_ENV: 'production', SECRETS_DIR: dir });
      expect(fromFiles.JWT_SECRET).toBe(secrets.JWT_SECRET);
      expect(fromFiles.FIELD_ENCRYPTION_KEY).toBe(secrets.FIELD_ENCRYPTION_KEY);
      // The environment wins over the file.
      const own = generateSecret('text');
      expect(loadAppConfig({ NODE_ENV: 'production', SECRETS_DIR: dir, JWT_SECRET: own }).JWT_SECRET).toBe(
        own,
      );
      // A directory without the files: production names each missing secret.
      expect(() => loadAppConfig({ NODE_ENV: 'production', SECRETS_DIR: join(dir, 'absent') })).toThrow(
        /JWT_SECRET must be set in production/,
      );
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('refuses the record chain key and checkpoint signing key when short, malformed or the development ones in production', () => {
    expect(() => loadAppConfig({ AUDIT_CHAIN_KEY: 'too-short' })).toThrow(/AUDIT_CHAIN_KEY/);
    expect(() => loadAppConfig({ AUDIT_CHECKPOINT_SIGNING_KEY: 'bm90IGEga2V5' })).toThrow(
      /AUDIT_CHECKPOINT_SIGNING_KEY must be an Ed25519 private key/,
    );
    expect(() => loadAppConfig({ NODE_ENV: 'production' })).toThrow(
      /AUDIT_CHAIN_KEY.*AUDIT_CHECKPOINT_SIGNING_KEY/s,
    );
  });

  it('takes the checkpoint signing key as PEM too, with its line breaks written as \\n in an env file', () => {
    const pem = generateKeyPairSync('ed25519').privateKey.export({ format: 'pem', type: 'pkcs8' }).toString();
    expect(loadAppConfig({ AUDIT_CHECKPOINT_SIGNING_KEY: pem }).AUDIT_CHECKPOINT_SIGNING_KEY).toBe(pem);
    expect(() => loadAppConfig({ AUDIT_CHECKPOINT_SIGNING_KEY: pem.replace(/\n/g, '\\n') })).not.toThrow();
    const rsa = generateKeyPairSync('rsa', { modulusLength: 1024 })
      .privateKey.export({ format: 'pem', type: 'pkcs8' })
      .toString();
    expect(() => loadAppConfig({ AUDIT_CHECKPOINT_SIGNING_KEY: rsa })).toThrow(
      /AUDIT_CHECKPOINT_SIGNING_KEY/,
    );
  });

  it('refuses malformed values with a clear message', () => {
    expect(() => loadAppConfig({ PORT: 'eighty' })).toThrow(/PORT/);
    expect(() => loadAppConfig({ DATABASE_URL: 'mysql://x' })).toThrow(/DATABASE_URL/);
    expect(() => loadAppConfig({ FIELD_ENCRYPTION_KEY: 'short' })).toThrow(/FIELD_ENCRYPTION_KEY/);
  });
});
