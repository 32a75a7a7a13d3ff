import { generateKeyPairSync } from 'node:crypto';
import { DEVELOPMENT_SECRETS, loadAppConfig } from './app-config';

describe('AppConfig', () => {
  it('has working defaults for a machine with local services', () => {
    const config = loadAppConfig({});
    expect(config.PORT).toBe(3000);
    expect(config.DATABASE_URL).toBe('postgres://postgres@127.0.0.1:5432/crm');
    expect(config.REDIS_URL).toBe('redis://127.0.0.1:6379');
    expect(config.SMTP_URL).toBe('smtp://127.0.0.1:1025');
    expect(config.DEMO_PASSWORD).toBe('demo-password');
  });

  it('refuses the development secrets in production, naming each', () => {
    expect(() => loadAppConfig({ NODE_ENV: 'production' })).toThrow(/JWT_SECRET.*FIELD_ENCRYPTION_KEY.*BLIND_INDEX_KEY.*UNSUBSCRIBE_SECRET/s);
  });

  it('starts in production when every secret is set', () => {
    const config = loadAppConfig({
      NODE_ENV: 'production',
      JWT_SECRET: 'j'.repeat(40),
      FIELD_ENCRYPTION_KEY: 'ab'.repeat(32),
      BLIND_INDEX_KEY: 'b'.repeat(40),
      UNSUBSCRIBE_SECRET: 'u'.repeat(40),
      AUDIT_CHAIN_KEY: 'a'.repeat(40),
      AUDIT_CHECKPOINT_SIGNING_KEY: 'MC4CAQAwBQYDK2VwBCIEIHm2Ggqe4nXDo3jNnrmBSmczEyzM7Gm6V8cCqkwAjEFj',
    });
    expect(config.JWT_SECRET).not.toBe(DEVELOPMENT_SECRETS.JWT_SECRET);
  });

  it('refuses the record chain key and checkpoint signing key when short, malformed or the development ones in production', () => {
    expect(() => loadAppConfig({ AUDIT_CHAIN_KEY: 'too-short' })).toThrow(/AUDIT_CHAIN_KEY/);
    expect(() => loadAppConfig({ AUDIT_CHECKPOINT_SIGNING_KEY: 'bm90IGEga2V5' })).toThrow(/AUDIT_CHECKPOINT_SIGNING_KEY must be an Ed25519 private key/);
    expect(() => loadAppConfig({ NODE_ENV: 'production' })).toThrow(/AUDIT_CHAIN_KEY.*AUDIT_CHECKPOINT_SIGNING_KEY/s);
  });

  it('takes the checkpoint signing key as PEM too, with its line breaks written as \\n in an env file', () => {
    const pem = generateKeyPairSync('ed25519').privateKey.export({ format: 'pem', type: 'pkcs8' }).toString();
    expect(loadAppConfig({ AUDIT_CHECKPOINT_SIGNING_KEY: pem }).AUDIT_CHECKPOINT_SIGNING_KEY).toBe(pem);
    expect(() => loadAppConfig({ AUDIT_CHECKPOINT_SIGNING_KEY: pem.replace(/\n/g, '\\n') })).not.toThrow();
    const rsa = generateKeyPairSync('rsa', { modulusLength: 1024 }).privateKey.export({ format: 'pem', type: 'pkcs8' }).toString();
    expect(() => loadAppConfig({ AUDIT_CHECKPOINT_SIGNING_KEY: rsa })).toThrow(/AUDIT_CHECKPOINT_SIGNING_KEY/);
  });

  it('refuses malformed values with a clear message', () => {
    expect(() => loadAppConfig({ PORT: 'eighty' })).toThrow(/PORT/);
    expect(() => loadAppConfig({ DATABASE_URL: 'mysql://x' })).toThrow(/DATABASE_URL/);
    expect(() => loadAppConfig({ FIELD_ENCRYPTION_KEY: 'short' })).toThrow(/FIELD_ENCRYPTION_KEY/);
  });
});
