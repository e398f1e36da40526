// The rebuild's rate on a ledger of N events (issue 18 point 3), as `npm run bench` measures
// it, without the rest of the bench: N events made by the bench's generator (LedgerGenerator,
// loadLedger; seed 42) in an embedded PostgreSQL kept under --dir (generating 1M takes minutes,
// so the ledger is reused by later runs and only topped up), then the raw scan and the CLI's
// `rebuild` as a child process, as bench/run.ts does: events/s by the CLI's own timing, the
// child's Node CPU and peak RSS, PostgreSQL's CPU over the child's life. Run after `npm run build`:
//   node scripts/measure-rebuild.mjs [events=200000] [--dir DIR] [--rounds N] [--dist A,B,…] [--profile] [--skip-scan]
// --dist: built trees to compare (each a directory holding `dist/`, with node_modules reachable
// above it), one rebuild of each per round, interleaved, so that the machine's load falls on
// every side alike; default this checkout. --profile: one more rebuild in this process, every
// SQL statement timed by stage (bench/lib/pg-timing).
import { existsSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { fileURLToPath } from 'node:url';

const here = fileURLToPath(new URL('..', import.meta.url));
const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    dir: { type: 'string' },
    rounds: { type: 'string', default: '1' },
    dist: { type: 'string' },
    profile: { type: 'boolean', default: false },
    'skip-scan': { type: 'boolean', default: false },
  },
});
const events = Number(positionals[0] ?? 200_000);
const dataDir = resolve(values.dir ?? `/tmp/measure-rebuild-${events}`);
const rounds = Number(values.rounds);
const trees = (values.dist ?? here).split(',').map((tree) => resolve(tree));
for (const tree of trees) if (!existsSync(join(tree, 'dist/apps/cli/src/main.js'))) throw new Error(`${tree}: no dist/ (npm run build there)`);

const dist = (path) => join(here, 'dist', path);
await import('reflect-metadata');
const { eventStoreMigrations, PostgresEventStore } = await import(dist('libs/event-store/src/index.js'));
const { loadCameoCodebook, runMigrations, startEmbeddedPostgres } = await import(dist('libs/platform/src/index.js'));
const { readModelMigrations } = await import(dist('libs/stances/src/index.js'));
const { LedgerGenerator, loadLedger } = await import(dist('libs/testing/src/index.js'));
const { postgresCpuSeconds, postmasterPid } = await import(dist('bench/lib/processes.js'));
const { rawScan } = await import(dist('bench/lib/scan.js'));
const { spawn } = await import('node:child_process');
const { memoryOf, cpuSecondsOf } = await import(dist('bench/lib/processes.js'));

const log = (message) => process.stderr.write(message + '\n');
const load = () =>
  loadavg()
    .map((value) => value.toFixed(2))
    .join(' ');

loadCameoCodebook();
const db = await startEmbeddedPostgres(dataDir, log);
const pgPid = postmasterPid(db.dataDir);
try {
  await runMigrations(db.url, [...eventStoreMigrations, ...readModelMigrations]);
  const store = await PostgresEventStore.create({ url: db.url });
  let head = (await store.head()).logPosition;
  if (head < events) {
    // The same ledger as the bench's: its generator sized for the whole run, topics first.
    const generator = new LedgerGenerator(42, Math.round(events * 0.88));
    if (head === 0) await store.append(generator.topicUnit());
    else log(`topping up a ledger of ${head} events: a fresh generator, so its statements differ from a bench run's`);
    const loaded = await loadLedger(store, generator, events, { unit: 1000, concurrency: 4, log });
    log(`loaded ${loaded.events} events in ${loaded.seconds} s`);
    head = (await store.head()).logPosition;
  }
  await store.close();
  log(`ledger: ${head} events in ${dataDir}; load ${load()}`);

  const scan = values['skip-scan'] ? { rows: 0, seconds: 0, rowsPerSec: NaN } : await rawScan(db.url);
  log(`raw scan: ${scan.rows} rows in ${scan.seconds} s = ${scan.rowsPerSec} rows/s (load ${load()})`);

  const results = trees.map(() => []);
  for (let round = 0; round < rounds; round++) {
    for (const [i, tree] of trees.entries()) {
      const run = await rebuildChild(tree);
      results[i].push(run);
      log(
        `round ${round + 1} ${tree}: ${run.events} events in ${run.seconds} s = ${run.eventsPerSec} events/s (${((run.eventsPerSec / scan.rowsPerSec) * 100).toFixed(1)}% of the scan); ` +
          `node ${run.nodeCpu} s, PostgreSQL ${run.pgCpu} s CPU; peak RSS ${run.peakRssMb} MB; load ${run.load}`,
      );
    }
  }
  if (trees.length > 1 || rounds > 1) {
    const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor((xs.length - 1) / 2)];
    const base = median(results[0].map((run) => run.eventsPerSec));
    for (const [i, tree] of trees.entries()) {
      const rate = median(results[i].map((run) => run.eventsPerSec));
      log(
        `median ${tree}: ${rate} events/s (${(rate / base).toFixed(2)}× the first), node ${median(results[i].map((run) => run.nodeCpu))} s, ` +
          `PostgreSQL ${median(results[i].map((run) => run.pgCpu))} s, peak RSS ${median(results[i].map((run) => run.peakRssMb))} MB`,
      );
    }
  }
  if (values.profile) await profileInProcess();
} finally {
  await db.stop();
}

/** `node <tree>/dist/apps/cli/src/main.js rebuild`, its memory and CPU sampled every 50 ms (as bench/lib/processes.ts). */
function rebuildChild(tree) {
  const pgBefore = pgPid ? postgresCpuSeconds(pgPid) : 0;
  const env = { ...process.env, DATABASE_URL: db.url, DATA_DIR: join(dataDir, 'cli'), LOG_LEVEL: 'warn' };
  return new Promise((resolvePromise, reject) => {
    const child = spawn(process.execPath, [join(tree, 'dist/apps/cli/src/main.js'), 'rebuild'], { env, stdio: ['ignore', 'pipe', 'inherit'] });
    let stdout = '';
    child.stdout.on('data', (chunk) => (stdout += chunk));
    let peak = 0;
    let cpu = null;
    const timer = setInterval(() => {
      const memory = memoryOf(child.pid);
      if (!memory) return;
      peak = Math.max(peak, memory.hwmMb, memory.rssMb);
      cpu = cpuSecondsOf(child.pid) ?? cpu;
    }, 50);
    child.on('error', reject);
    child.on('exit', (code) => {
      clearInterval(timer);
      if (code !== 0) return reject(new Error(`rebuild exited with ${code}`));
      const answer = JSON.parse(stdout.trim().split('\n').pop());
      resolvePromise({
        events: answer.eventsApplied,
        seconds: answer.seconds,
        eventsPerSec: Math.round(answer.eventsApplied / answer.seconds),
        nodeCpu: cpu === null ? null : Math.round(cpu * 10) / 10,
        pgCpu: pgPid ? Math.round((postgresCpuSeconds(pgPid) - pgBefore) * 10) / 10 : null,
        peakRssMb: Math.round(peak * 10) / 10,
        load: load(),
      });
    });
  });
}

/**
 * One more rebuild in this process: PostgreSQL's and Node's CPU per phase (the replay, the
 * deferred indexes, VACUUM, the stances' recompute and the swap) and every SQL statement
 * timed by kind (bench/lib/pg-timing; a COPY is not timed there: it falls in the remainder).
 */
async function profileInProcess() {
  const { default: pg } = await import('pg');
  const { rebuildReadModels } = await import(dist('libs/stances/src/index.js'));
  const { PgTiming, formatStages } = await import(dist('bench/lib/pg-timing.js'));
  const pool = new pg.Pool({ connectionString: db.url, max: 4 });
  const store = await PostgresEventStore.create({ url: db.url });
  const marks = [];
  const mark = (name) => {
    if (!marks.some((m) => m.name === name)) marks.push({ name, wall: performance.now(), node: process.cpuUsage(), pg: postgresCpuSeconds(pgPid) });
  };
  const timing = new PgTiming().start();
  const prototype = pg.Client.prototype;
  const timed = prototype.query;
  // The phases' edges, seen in the statements the rebuild sends.
  prototype.query = function phaseQuery(...args) {
    const sql = typeof args[0] === 'string' ? args[0] : '';
    const indexes = sql.startsWith('SET LOCAL maintenance_work_mem');
    const upkeep = sql.startsWith('VACUUM') || sql.startsWith('ANALYZE');
    if (indexes || upkeep) {
      const seen = (name) => marks.some((m) => m.name === name);
      if (indexes && seen('replay')) mark('VACUUM');
      if (upkeep && seen('replay') && (seen('VACUUM') || sql.startsWith('VACUUM (ANALYZE)'))) mark('deferred indexes');
      mark('replay');
    }
    return timed.apply(this, args);
  };
  mark('start');
  let result;
  try {
    result = await rebuildReadModels(pool, store, (progress) => {
      if (progress.stage === 'stances') mark('(VACUUM) ANALYZE + first stance chunk');
      if (progress.stage === 'done') mark('stances recompute + catch-up + swap');
    });
  } finally {
    prototype.query = timed;
    await store.close();
    await pool.end();
  }
  const { wallSeconds, stages } = timing.stop('JavaScript between queries, and COPY');
  log(`in-process rebuild: ${result.eventsApplied} events in ${wallSeconds} s (load ${load()}); by phase:`);
  for (let i = 1; i < marks.length; i++) {
    const [a, b] = [marks[i - 1], marks[i]];
    const node = (b.node.user + b.node.system - a.node.user - a.node.system) / 1e6;
    log(
      `  ${b.name.padEnd(40)} ${((b.wall - a.wall) / 1000).toFixed(1).padStart(6)} s wall, node ${node.toFixed(1).padStart(5)} s, PostgreSQL ${(b.pg - a.pg).toFixed(1).padStart(5)} s CPU`,
    );
  }
  // Statements of one kind together: generation suffixes, literals and arrays left out.
  const kinds = new Map();
  for (const stage of stages) {
    const kind = stage.stage.replace(/_r\d+/g, '').replace(/(ANY\(|'|\().*$/, '$1…');
    const entry = kinds.get(kind) ?? { stage: kind, calls: 0, seconds: 0, share: 0 };
    entry.calls += stage.calls;
    entry.seconds += stage.seconds;
    entry.share += stage.share;
    kinds.set(kind, entry);
  }
  const grouped = [...kinds.values()].sort((a, b) => b.seconds - a.seconds).slice(0, 25);
  log(formatStages(grouped, { count: result.eventsApplied / 1000, name: '1000 events' }));
}
