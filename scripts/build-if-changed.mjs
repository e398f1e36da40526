#!/usr/bin/env node
// Builds (`npm run build`) only when a source changed since the last build this script ran:
// the newest modification time of every file and directory under apps/ (the browser view's
// apps/web too), libs/ and bench/ (a directory's changes when a file in it is added, removed
// or renamed), of the tsconfig*.json / package*.json files and of the browser view's build
// script, against a stamp written after a successful build.
// The stamp holds the time the build *started*, so an edit made during a build is seen next
// time. Removing dist/ removes the stamp. `npm run cli` and `npm start` run this first.
// The build's own output goes to stderr: stdout is the CLI's results.
import { spawnSync } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const stampFile = join(root, 'dist', '.build-stamp');
const SOURCE_DIRS = ['apps', 'libs', 'bench'];
const ROOT_FILES = /^(tsconfig.*\.json|package(-lock)?\.json)$/;
const BUILD_SCRIPTS = ['scripts/build-web.mjs'];

function newestUnder(path) {
  const stats = statSync(path, { throwIfNoEntry: false });
  if (!stats) return 0;
  let newest = stats.mtimeMs;
  if (stats.isDirectory()) {
    for (const entry of readdirSync(path)) {
      if (entry !== 'node_modules') newest = Math.max(newest, newestUnder(join(path, entry)));
    }
  }
  return newest;
}

function newestSource() {
  let newest = 0;
  for (const dir of SOURCE_DIRS) newest = Math.max(newest, newestUnder(join(root, dir)));
  for (const file of readdirSync(root)) if (ROOT_FILES.test(file)) newest = Math.max(newest, statSync(join(root, file)).mtimeMs);
  for (const file of BUILD_SCRIPTS) newest = Math.max(newest, newestUnder(join(root, file)));
  return newest;
}

function stamp() {
  try {
    return Number(readFileSync(stampFile, 'utf8')) || 0;
  } catch {
    return 0;
  }
}

const built = stamp();
const newest = newestSource();
if (built > 0 && newest < built) process.exit(0);

process.stderr.write(built === 0 ? 'stance-ledger: building (first run)…\n' : 'stance-ledger: sources changed since the last build; building…\n');
const started = Date.now();
const npm = process.env.npm_execpath;
const build = npm
  ? spawnSync(process.execPath, [npm, 'run', 'build', '--silent'], { cwd: root, stdio: ['ignore', 2, 2] })
  : spawnSync('npm', ['run', 'build', '--silent'], { cwd: root, stdio: ['ignore', 2, 2], shell: process.platform === 'win32' });
if (build.status !== 0) {
  process.stderr.write(`stance-ledger: the build failed (exit ${build.status ?? build.signal}); nothing was run\n`);
  process.exit(build.status || 1);
}
mkdirSync(join(root, 'dist'), { recursive: true });
writeFileSync(stampFile, String(started));
