#!/usr/bin/env node
/**
 * Summarises a V8 .cpuprofile: self time by function and by package (node_modules/<name>, the
 * project's own src/libs, or node's internals), as shares of the profile's samples.
 * Usage: node scripts/cpu-profile-top.js file.cpuprofile [top=25]
 */
const fs = require('node:fs');

const [file, topArg] = process.argv.slice(2);
if (!file) {
  console.error('usage: node scripts/cpu-profile-top.js file.cpuprofile [top]');
  process.exit(2);
}
const top = Number(topArg ?? 25);
const profile = JSON.parse(fs.readFileSync(file, 'utf8'));
const byId = new Map(profile.nodes.map((n) => [n.id, n]));
const selfSamples = new Map();
for (const id of profile.samples) selfSamples.set(id, (selfSamples.get(id) ?? 0) + 1);
const total = profile.samples.length;

function area(url) {
  if (!url) return '(native/idle)';
  const nm = url.lastIndexOf('node_modules/');
  if (nm >= 0) {
    const rest = url.slice(nm + 13).split('/');
    return rest[0].startsWith('@') ? `${rest[0]}/${rest[1]}` : rest[0];
  }
  if (url.startsWith('node:')) return 'node internals';
  const m = /\/(src|libs|bench)\/([^/]+)/.exec(url);
  return m ? `${m[1]}/${m[2]}` : url;
}

const functions = new Map();
const areas = new Map();
for (const [id, count] of selfSamples) {
  const { callFrame } = byId.get(id);
  const name = callFrame.functionName || '(anonymous)';
  if (name === '(idle)' || name === '(program)' || name === '(garbage collector)') {
    areas.set(name, (areas.get(name) ?? 0) + count);
    continue;
  }
  const key = `${name}  ${callFrame.url.replace(/^.*node_modules\//, '')}:${callFrame.lineNumber + 1}`;
  functions.set(key, (functions.get(key) ?? 0) + count);
  const a = area(callFrame.url);
  areas.set(a, (areas.get(a) ?? 0) + count);
}

const pct = (n) => `${((100 * n) / total).toFixed(1).padStart(5)}%`;
const print = (title, map) => {
  console.log(`\n${title}`);
  for (const [k, v] of [...map].sort((a, b) => b[1] - a[1]).slice(0, top)) console.log(`${pct(v)}  ${k}`);
};
console.log(`${file}: ${total} samples over ${((profile.endTime - profile.startTime) / 1e6).toFixed(1)} s`);
print('self time by area', areas);
print('self time by function', functions);
