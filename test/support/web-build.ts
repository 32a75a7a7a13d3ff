import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

const ROOT = join(__dirname, '..', '..');
const MANIFEST = join(ROOT, 'dist', 'web', '.vite', 'manifest.json');

function newestMtime(path: string): number {
  const stat = statSync(path);
  if (!stat.isDirectory()) return stat.mtimeMs;
  return readdirSync(path).reduce((max, name) => Math.max(max, newestMtime(join(path, name))), stat.mtimeMs);
}

/**
 * Builds the staff workplace into dist/web when it is missing or older than its sources, so a
 * fresh `npm ci && npm test` runs the browser tests without `npm run build`. The API serves what
 * it finds there when it starts, so call this before starting the app.
 */
export function ensureWebBuild(): void {
  const sources = ['web/src', 'web/index.html', 'web/vite.config.ts'].map((p) => join(ROOT, p));
  const newestSource = Math.max(...sources.map(newestMtime));
  if (existsSync(MANIFEST) && statSync(MANIFEST).mtimeMs >= newestSource) return;
  const result = spawnSync(
    process.execPath,
    [
      join(ROOT, 'node_modules', 'vite', 'bin', 'vite.js'),
      'build',
      '--config',
      'web/vite.config.ts',
      '--logLevel',
      'warn',
    ],
    { cwd: ROOT, encoding: 'utf8' },
  );
  if (result.status !== 0) throw new Error(`vite build failed:\n${result.stdout}\n${result.stderr}`);
}
