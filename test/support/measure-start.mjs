#!/usr/bin/env node
// How long the server process takes to start on this machine: from spawn to the first
// `GET /health` 200, as the e2e tests wait for it (docs/reliability.md, "Start deadlines").
//   npm run build && node test/support/measure-start.mjs [runs=5] [--embedded]
// Default: each run against a fresh database of one PostgreSQL started here (as the e2e
// tests do, with DATABASE_URL). --embedded: each run in a fresh DATA_DIR with no
// DATABASE_URL — a newcomer's first `npm start` (initdb, PostgreSQL start, migrations).
// Prints one line per run (ms, the server's CPU ms, the 1-minute load average) and a summary.
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { freePort, startEmbeddedPostgres } from '../../dist/libs/platform/src/embedded-postgres.js';

const runs = Number(process.argv.find((a) => /^\d+$/.test(a)) ?? 5);
const embedded = process.argv.includes('--embedded');
const main = join(process.cwd(), 'dist', 'apps', 'api', 'src', 'main.js');
const ticksPerSecond = 100; // USER_HZ on Linux

function cpuMs(pid) {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return ((Number(f[11]) + Number(f[12]) + Number(f[13]) + Number(f[14])) * 1000) / ticksPerSecond;
  } catch {
    return NaN;
  }
}

let shared;
if (!embedded) shared = await startEmbeddedPostgres(mkdtempSync(join(tmpdir(), 'stance-ledger-measure-pg-')));

const results = [];
for (let run = 1; run <= runs; run++) {
  const dataDir = mkdtempSync(join(tmpdir(), 'stance-ledger-measure-'));
  const env = { ...process.env, LOG_LEVEL: 'warn', DATA_DIR: dataDir, API_KEYS: 'm:admin:measure-token-0123456789', PORT: String(await freePort()) };
  delete env.DATABASE_URL;
  if (!embedded) {
    const name = `measure_${process.pid}_${run}`;
    const admin = new pg.Client({ connectionString: shared.url });
    await admin.connect();
    await admin.query(`CREATE DATABASE ${name}`);
    await admin.end();
    const url = new URL(shared.url);
    url.pathname = `/${name}`;
    env.DATABASE_URL = url.toString();
  }
  const load = loadavg()[0];
  const started = Date.now();
  const child = spawn(process.execPath, [main], { env, stdio: ['ignore', 'ignore', 'pipe'] });
  let log = '';
  child.stderr.on('data', (chunk) => (log += chunk));
  let cpu = NaN;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`the server exited with ${child.exitCode}:\n${log}`);
    const ok = await fetch(`http://127.0.0.1:${env.PORT}/health`, { signal: AbortSignal.timeout(5000) }).then(
      (r) => r.status === 200,
      () => false,
    );
    if (ok) break;
    cpu = cpuMs(child.pid);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  const ms = Date.now() - started;
  cpu = Math.max(cpu || 0, cpuMs(child.pid) || 0);
  await new Promise((resolve) => {
    child.once('exit', resolve);
    child.kill('SIGTERM');
  });
  rmSync(dataDir, { recursive: true, force: true });
  results.push(ms);
  console.log(`run ${run}: ready in ${ms} ms (server CPU ${Math.round(cpu)} ms), load average ${load.toFixed(2)}`);
}
if (shared) await shared.stop();
const sorted = [...results].sort((a, b) => a - b);
console.log(
  `${embedded ? 'embedded (fresh DATA_DIR)' : 'DATABASE_URL (fresh database)'}: ${runs} runs, median ${sorted[Math.floor(runs / 2)]} ms, max ${sorted.at(-1)} ms`,
);
