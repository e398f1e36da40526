// The server's cost per request, A/B: several builds of the server (each a copy of dist/,
// optionally with node flags), each a child process on its own copy of the same kept ledger
// (CREATE DATABASE … TEMPLATE), all running at once and driven in turn with autocannon in
// short interleaved rounds — so that the load other processes put on the machine falls on
// every variant alike:
//   - POST /v1/statements at 32 clients (read-your-writes: each answer waits for the projector),
//   - GET /v1/stances?topic=, GET /v1/stances/history and GET /health/live on one connection.
// Each figure is printed with the server child's CPU per request (/proc utime+stime) and
// its RSS, and the load average beside it. Run after `npm run build`:
//   node scripts/measure-requests.mjs --variant base=.ab/base --variant new=dist \
//        [--variant semi32=dist@--max-semi-space-size=32] [--events 100000] [--rounds 2]
//        [--seconds 10] [--what post,reads] [--dir /tmp/measure-requests] [--cpu-prof DIR]
// The ledger (an embedded PostgreSQL under --dir, fsync and synchronous_commit at their
// durable defaults) is loaded once with the bench's generator and kept for later runs.
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { closeSync, existsSync, mkdirSync, openSync, readFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import autocannon from 'autocannon';
import pg from 'pg';
import { freePort, loadCameoCodebook, runMigrations, startEmbeddedPostgres } from '../dist/libs/platform/src/index.js';
import { eventStoreMigrations, PostgresEventStore } from '../dist/libs/event-store/src/index.js';
import { readModelMigrations } from '../dist/libs/stances/src/index.js';
import { LedgerGenerator, loadLedger } from '../dist/libs/testing/src/index.js';

const { values } = parseArgs({
  options: {
    variant: { type: 'string', multiple: true, default: ['current=dist'] },
    events: { type: 'string', default: '100000' },
    rounds: { type: 'string', default: '2' },
    seconds: { type: 'string', default: '10' },
    clients: { type: 'string', default: '32' },
    what: { type: 'string', default: 'post,reads' },
    dir: { type: 'string', default: '/tmp/measure-requests' },
    'cpu-prof': { type: 'string' },
    'log-level': { type: 'string', default: 'info' },
  },
});
const events = Number(values.events);
const seconds = Number(values.seconds);
const clients = Number(values.clients);
const what = new Set(values.what.split(','));
const dir = resolve(values.dir);
const variants = values.variant.map((spec) => {
  const [name, rest] = spec.split(/=(.*)/s);
  const [dist, ...flags] = rest.split('@');
  return { name, dist: resolve(dist), flags };
});
mkdirSync(dir, { recursive: true });
loadCameoCodebook();

const load = () =>
  `load ${loadavg()
    .map((l) => l.toFixed(2))
    .join(' ')}`;
const log = (line) => process.stdout.write(line + '\n');

const TICKS = 100;
function cpuSecondsOf(pid) {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[11]) + Number(fields[12])) / TICKS;
}
/** The same for the main thread alone: the event loop, without GC helpers and libuv's pool. */
function mainThreadCpuSecondsOf(pid) {
  const stat = readFileSync(`/proc/${pid}/task/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[11]) + Number(fields[12])) / TICKS;
}
function rssMbOf(pid) {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  return Number(/^VmRSS:\s+(\d+)/m.exec(status)[1]) / 1024;
}

// The ledger: loaded once, kept under --dir.
const db = await startEmbeddedPostgres(join(dir, 'db'));
const marker = join(dir, `loaded-${events}`);
const generator = new LedgerGenerator(42, Math.round(events * 0.88));
if (!existsSync(marker)) {
  await runMigrations(db.url, [...eventStoreMigrations, ...readModelMigrations]);
  const store = await PostgresEventStore.create({ url: db.url });
  if ((await store.head()).logPosition === 0) await store.append(generator.topicUnit());
  const loaded = await loadLedger(store, generator, events, { unit: 1000, concurrency: 4, log });
  log(`loaded ${loaded.events} events in ${loaded.seconds} s`);
  await store.close();
  closeSync(openSync(marker, 'w'));
}
/** A fresh copy of the ledger (read models included) for each variant. */
const urlOf = (name) => Object.assign(new URL(db.url), { pathname: `/${name}` }).toString();
const admin = new pg.Client({ connectionString: urlOf('postgres') });
await admin.connect();
for (const variant of variants) {
  variant.database = `measure_${variant.name.replace(/\W/g, '_')}`;
  await admin.query(`DROP DATABASE IF EXISTS ${variant.database} WITH (FORCE)`);
  await admin.query(`CREATE DATABASE ${variant.database} TEMPLATE stance_ledger`);
}
await admin.end();
const pool = new pg.Pool({ connectionString: urlOf(variants[0].database), max: 1 });
/** Stance keys for the history reads: known once a server's projector has caught up. */
let keys = [];
async function loadKeys() {
  if (keys.length > 0) return;
  ({ rows: keys } = await pool.query("SELECT holder, topic, target FROM current_stances ORDER BY md5(holder || topic || coalesce(target, '')) LIMIT 500"));
}

const readerToken = randomBytes(18).toString('base64url');
const editorToken = randomBytes(18).toString('base64url');

async function startServer(variant) {
  const port = await freePort();
  const logFile = join(dir, `server-${variant.name}.log`);
  const out = openSync(logFile, 'a');
  const profile = values['cpu-prof'] ? ['--cpu-prof', `--cpu-prof-dir=${resolve(values['cpu-prof'])}`, `--cpu-prof-name=${variant.name}.cpuprofile`] : [];
  const child = spawn(process.execPath, [...variant.flags, ...profile, join(variant.dist, 'apps/api/src/main.js')], {
    env: {
      ...process.env,
      DATABASE_URL: urlOf(variant.database),
      DATA_DIR: join(dir, 'server'),
      API_KEYS: `m-reader:reader:${readerToken},m-editor:editor:${editorToken}`,
      RATE_LIMIT_PER_MIN: '0',
      LOG_LEVEL: values['log-level'],
      PROJECTOR: 'embedded',
      PORT: String(port),
    },
    stdio: ['ignore', out, out],
  });
  closeSync(out);
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 300_000;
  for (;;) {
    const ok = await fetch(`${url}/health`).then(
      (answer) => answer.status === 200,
      () => false,
    );
    if (ok) break;
    if (child.exitCode !== null || Date.now() > deadline) throw new Error(`server ${variant.name} did not start; see ${logFile}`);
    await new Promise((r) => setTimeout(r, 200));
  }
  return {
    url,
    pid: child.pid,
    stop: () =>
      new Promise((r) => {
        child.once('exit', r);
        child.kill('SIGTERM');
      }),
  };
}

function cannon(url, { method, token, next }, connections, duration) {
  const latencies = [];
  let firstFailure = null;
  return new Promise((resolvePromise, reject) => {
    const instance = autocannon(
      {
        url,
        connections,
        duration,
        timeout: 30,
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        requests: [
          {
            method,
            setupRequest: (request) => ({ ...request, ...next() }),
            onResponse: (status, body) => {
              if ((status < 200 || status > 299) && firstFailure === null) firstFailure = `${status} ${body.slice(0, 300)}`;
            },
          },
        ],
      },
      (error, result) => {
        if (error) return reject(error);
        if (firstFailure) log(`  first non-2xx: ${firstFailure}`);
        latencies.sort((a, b) => a - b);
        const at = (p) => latencies[Math.min(latencies.length - 1, Math.ceil((p / 100) * latencies.length) - 1)] ?? NaN;
        resolvePromise({ ok: result['2xx'], perSec: result['2xx'] / result.duration, p50: at(50), p99: at(99), non2xx: result.non2xx, errors: result.errors });
      },
    );
    instance.on('response', (_client, status, _bytes, time) => {
      if (status >= 200 && status < 300) latencies.push(time);
    });
  });
}

/** One measured run (after a 2 s warm-up) with the child's CPU and RSS around it. */
async function measured(server, spec, connections) {
  await cannon(server.url, spec, connections, 1);
  const cpuBefore = cpuSecondsOf(server.pid);
  const mainBefore = mainThreadCpuSecondsOf(server.pid);
  const loadBefore = load();
  const run = await cannon(server.url, spec, connections, seconds);
  const cpu = cpuSecondsOf(server.pid) - cpuBefore;
  const main = mainThreadCpuSecondsOf(server.pid) - mainBefore;
  const perRequest = (s) => (s / Math.max(1, run.ok)) * 1e6;
  return { ...run, cpuUsPerRequest: perRequest(cpu), mainUsPerRequest: perRequest(main), rssMb: rssMbOf(server.pid), loadBefore, loadAfter: load() };
}

// POST bodies from a generator of their own, seeded afresh: the ledger's generator would repeat
// statements an earlier run already recorded (409 duplicates, not the path being measured).
const bodies = new LedgerGenerator(Date.now() % 2 ** 31, 1_000_000);
const yesterday = new Date(Date.now() - 86_400_000).toISOString().slice(0, 10);
let topicIndex = 0;
let keyIndex = 0;
const specs = {
  post: {
    method: 'POST',
    token: editorToken,
    connections: clients,
    next: () => ({ path: '/v1/statements', body: JSON.stringify(bodies.statementBody({ statedAt: yesterday })) }),
  },
  stances: {
    method: 'GET',
    token: readerToken,
    connections: 1,
    next: () => ({ path: `/v1/stances?topic=${generator.topics[topicIndex++ % generator.topics.length].slug}` }),
  },
  history: {
    method: 'GET',
    token: readerToken,
    connections: 1,
    next: () => {
      const key = keys[keyIndex++ % keys.length];
      return { path: `/v1/stances/history?holder=${key.holder}&topic=${key.topic}&target=${key.target ?? 'none'}` };
    },
  },
  live: { method: 'GET', token: readerToken, connections: 1, next: () => ({ path: '/health/live' }) },
};
const runs = [...what].flatMap((name) => (name === 'reads' ? ['stances', 'history', 'live'] : [name])).filter((name) => specs[name]);

const results = new Map();
const fmt = (n, d = 2) => (Number.isFinite(n) ? n.toFixed(d) : '-');
const servers = new Map();
try {
  for (const variant of variants) servers.set(variant, await startServer(variant));
  await loadKeys();
  for (let round = 1; round <= Number(values.rounds); round++) {
    for (const name of runs) {
      for (const variant of round % 2 === 1 ? variants : [...variants].reverse()) {
        const r = await measured(servers.get(variant), specs[name], specs[name].connections);
        const key = `${name} ${variant.name}`;
        results.set(key, [...(results.get(key) ?? []), r]);
        if (r.non2xx > 0) log(`  ${r.non2xx} non-2xx answers: the figures below are not of the path meant`);
        log(
          `round ${round} ${name.padEnd(8)} ${variant.name.padEnd(10)} ${fmt(r.perSec, 0)}/s p50 ${fmt(r.p50)} p99 ${fmt(r.p99)} ms, ` +
            `${fmt(r.cpuUsPerRequest, 0)} µs CPU/request (main thread ${fmt(r.mainUsPerRequest, 0)}), RSS ${fmt(r.rssMb, 0)} MB, non-2xx ${r.non2xx} | ${r.loadBefore} → ${r.loadAfter}`,
        );
      }
    }
  }
} finally {
  for (const server of servers.values()) await server.stop();
}
// Medians over the rounds, and each variant's ratio to the first variant in the same round
// (paired: both saw the same moment's load), as the median of those ratios.
const median = (list) => {
  const sorted = [...list].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
};
const FIELDS = ['perSec', 'p50', 'p99', 'cpuUsPerRequest', 'mainUsPerRequest', 'rssMb'];
log(`\nsummary: medians of ${values.rounds} rounds; in brackets the median of the per-round ratios to ${variants[0].name}`);
for (const name of runs) {
  const first = results.get(`${name} ${variants[0].name}`);
  for (const variant of variants) {
    const list = results.get(`${name} ${variant.name}`);
    const part = (field, digits) => {
      const value = fmt(median(list.map((r) => r[field])), digits);
      if (variant === variants[0]) return value;
      return `${value} [${fmt(median(list.map((r, i) => r[field] / first[i][field])), 2)}×]`;
    };
    const [perSec, p50, p99, cpu, main, rss] = FIELDS.map((field) => part(field, ['p50', 'p99'].includes(field) ? 2 : 0));
    log(`${name.padEnd(8)} ${variant.name.padEnd(10)} ${perSec}/s p50 ${p50} p99 ${p99} ms, CPU/request ${cpu} µs (main thread ${main}), RSS ${rss} MB`);
  }
}
await pool.end();
await db.stop();
