#!/usr/bin/env node
// Copies static files that tsc does not emit into the build, beside the compiled code that serves
// them (dist/<same path>). Part of `npm run build`.
'use strict';
const { cpSync, existsSync } = require('node:fs');
const { join } = require('node:path');

const root = join(__dirname, '..');
const ASSET_DIRS = ['src/auth/assets'];

for (const dir of ASSET_DIRS) {
  const from = join(root, dir);
  if (!existsSync(from)) {
    process.stderr.write(`copy-assets: missing ${dir}\n`);
    process.exit(1);
  }
  cpSync(from, join(root, 'dist', dir), { recursive: true });
}
