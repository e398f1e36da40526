#!/usr/bin/env node
// Some platform-specific optional packages (other OSes' @swc/core and @unrs/resolver
// bindings) are not served by this workplace's npm registry, so `npm install` leaves them
// out of package-lock.json and `npm ci` then refuses the lock as out of sync. This adds a
// lock entry for each such optional dependency, marked with its os/cpu, so `npm ci` skips
// it on other platforms exactly as it would with a complete lock. Run after `npm install`:
//   node scripts/lock-optional-stubs.mjs
import { readFileSync, writeFileSync } from 'node:fs';

const lockFile = new URL('../package-lock.json', import.meta.url);
const lock = JSON.parse(readFileSync(lockFile, 'utf8'));
const packages = lock.packages;
const OS = ['darwin', 'win32', 'linux', 'freebsd', 'android', 'openharmony', 'sunos', 'aix'];
const CPU = ['arm64', 'x64', 'ia32', 'arm', 'ppc64', 's390x', 'loong64', 'riscv64', 'wasm32'];
let added = 0;
for (const [path, entry] of Object.entries(packages)) {
  for (const [name, spec] of Object.entries(entry.optionalDependencies ?? {})) {
    const where = `node_modules/${name}`;
    if (packages[where] || packages[`${path}/${where}`]) continue;
    const parts = name.split('/').pop().split('-');
    const os = parts.find((part) => OS.includes(part));
    const cpu = parts.find((part) => CPU.includes(part));
    if (!os || !cpu) continue;
    const stub = { version: spec.replace(/^[\^~=]/, ''), optional: true, os: [os], cpu: [cpu] };
    if (entry.dev) stub.dev = true;
    if (/musl/.test(name)) stub.libc = ['musl'];
    else if (/gnu/.test(name) && os === 'linux') stub.libc = ['glibc'];
    packages[where] = stub;
    added++;
  }
}
const sorted = Object.fromEntries(Object.entries(packages).sort(([a], [b]) => (a === '' ? -1 : b === '' ? 1 : a.localeCompare(b))));
lock.packages = sorted;
writeFileSync(lockFile, JSON.stringify(lock, null, 2) + '\n');
console.error(`lock-optional-stubs: ${added} optional platform package(s) added to package-lock.json`);
