import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { SECRET_KEYS, generateSecret } from '@app/common/config/secrets';

/**
 * Writes a fresh random value for every secret key that has no file yet in the directory (first
 * argument, or SECRETS_DIR), readable by its owner only. Existing files are kept, so running it
 * on every start changes nothing once the secrets exist (the encrypted data depends on them).
 * docker-compose's `secrets` service runs it before the API, the worker and the migrations.
 */
export function generateSecrets(dir: string, log: (message: string) => void): string[] {
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const created: string[] = [];
  for (const [key, format] of Object.entries(SECRET_KEYS)) {
    const file = join(dir, key);
    if (existsSync(file)) continue;
    writeFileSync(file, `${generateSecret(format)}\n`, { mode: 0o600, flag: 'wx' });
    created.push(key);
  }
  log(created.length ? `secrets generated: ${created.join(', ')}` : 'secrets: all present, none changed');
  return created;
}

if (require.main === module) {
  const dir = process.argv[2] ?? process.env.SECRETS_DIR;
  if (!dir) {
    process.stderr.write('Usage: generate-secrets <directory> (or set SECRETS_DIR)\n');
    process.exit(2);
  }
  try {
    generateSecrets(dir, (m) => process.stdout.write(`${m}\n`));
  } catch (error) {
    process.stderr.write(`Could not write the secrets: ${(error as Error).message}\n`);
    process.exit(1);
  }
}
