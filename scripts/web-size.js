#!/usr/bin/env node
// The size of what the browser loads before the first screen: the entry chunk and every chunk it
// imports statically (lazy routes excluded), gzip-compressed, from the Vite manifest of dist/web.
// Fails when it exceeds the budget, so a heavy import in the shell is noticed at build time.
'use strict';
const { readFileSync, existsSync } = require('node:fs');
const { join } = require('node:path');
const { gzipSync } = require('node:zlib');

const BUDGET_KB = Number(process.env.WEB_INITIAL_JS_BUDGET_KB ?? 250);
const dir = join(__dirname, '..', 'dist', 'web');
const manifestPath = join(dir, '.vite', 'manifest.json');
if (!existsSync(manifestPath)) {
  process.stderr.write('web-size: dist/web/.vite/manifest.json missing; run `npm run build:web` first\n');
  process.exit(1);
}
const manifest = JSON.parse(readFileSync(manifestPath, 'utf8'));
const entries = Object.keys(manifest).filter((key) => manifest[key].isEntry);

const seen = new Set();
const css = new Set();
function visit(key) {
  if (seen.has(key)) return;
  seen.add(key);
  for (const sheet of manifest[key].css ?? []) css.add(sheet);
  for (const next of manifest[key].imports ?? []) visit(next);
}
entries.forEach(visit);

const gzipKb = (file) => gzipSync(readFileSync(join(dir, file)), { level: 9 }).length / 1024;
let js = 0;
for (const key of seen) {
  const size = gzipKb(manifest[key].file);
  js += size;
  process.stdout.write(`  ${manifest[key].file}  ${size.toFixed(1)} kB gzip\n`);
}
const styles = [...css].reduce((sum, file) => sum + gzipKb(file), 0);
process.stdout.write(
  `web-size: initial JS ${js.toFixed(1)} kB gzip (budget ${BUDGET_KB} kB), initial CSS ${styles.toFixed(1)} kB gzip\n`,
);
if (js > BUDGET_KB) {
  process.stderr.write(`web-size: initial JS over budget by ${(js - BUDGET_KB).toFixed(1)} kB\n`);
  process.exit(1);
}
