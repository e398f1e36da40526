// Writes test/fixtures/v1-ledger.json: a ledger as release 6e814dd (schema version 1) left it.
//
//   git worktree add --detach /work/wt/v1-build 6e814dd && (cd /work/wt/v1-build && ln -s <node_modules> . && npm run build)
//   node scripts/make-v1-ledger-fixture.mjs /work/wt/v1-build
//
// It starts that build's server on a scratch embedded PostgreSQL, records through its HTTP
// API (topics, statements, a batch, corrections — one moving actor.country —, a retraction,
// one POST with an Idempotency-Key), then exports every table's rows (events with their
// hashes, idempotency keys, the read models and their checkpoint), the migrations applied,
// and the v1 answers (statements, stances, histories) that must not change after upgrading.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import pg from 'pg';

const v1 = resolve(process.argv[2] ?? '/work/wt/v1-build');
const out = resolve(process.argv[3] ?? 'test/fixtures/v1-ledger.json');
const { startEmbeddedPostgres, freePort } = await import(join(v1, 'dist/libs/platform/src/embedded-postgres.js'));

const dataDir = mkdtempSync(join(tmpdir(), 'v1-ledger-pg-'));
const db = await startEmbeddedPostgres(dataDir);
const admin = new pg.Client({ connectionString: db.url });
await admin.connect();
await admin.query('CREATE DATABASE v1_ledger');
await admin.end();
const url = new URL(db.url);
url.pathname = '/v1_ledger';

const TOKEN = 'alice-editor-token-0123456789';
const port = await freePort();
const server = spawn(process.execPath, [join(v1, 'dist/apps/api/src/main.js')], {
  cwd: v1,
  env: { ...process.env, DATABASE_URL: url.toString(), PORT: String(port), HOST: '127.0.0.1', API_KEYS: `alice:editor:${TOKEN}`, LOG_LEVEL: 'warn' },
  stdio: ['ignore', 'inherit', 'inherit'],
});
process.on('exit', () => server.kill('SIGKILL'));
const base = `http://127.0.0.1:${port}`;
for (;;) {
  try {
    if ((await fetch(`${base}/health`)).status === 200) break;
  } catch {
    // not listening yet
  }
  await new Promise((done) => setTimeout(done, 200));
}

async function call(method, path, body, headers = {}) {
  const response = await fetch(`${base}${path}`, {
    method,
    headers: { Authorization: `Bearer ${TOKEN}`, 'Content-Type': 'application/json', ...headers },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  if (response.status >= 300) throw new Error(`${method} ${path} → ${response.status}: ${text}`);
  return text ? JSON.parse(text) : null;
}

const source = (publisher, n, publishedAt = null) => ({
  url: `https://example.org/${publisher.toLowerCase().replace(/\W+/g, '-')}/${n}`,
  publisher,
  publishedAt,
});
await call('POST', '/v1/topics', { slug: 'aukus-pillar-ii', title: 'AUKUS Pillar II partnership', description: null });
await call('POST', '/v1/topics', { slug: 'nuclear-submarines', title: 'Nuclear-powered submarines' });
const kim = await call('POST', '/v1/statements', {
  actor: { country: 'KOR', body: 'National Security Office', person: 'Kim Tae-hyo', role: 'First Deputy Director' },
  topic: 'aukus-pillar-ii',
  target: 'KOR',
  position: 'considering',
  statedAt: '2024-11',
  summary: 'Seoul is positively considering joining Pillar II as a cooperating partner.',
  quote: '적극 검토',
  quoteLanguage: 'ko',
  source: source('Korea Pro', 1, '2024-11-05'),
  cameoCode: '0312',
});
const china = await call('POST', '/v1/statements', {
  actor: { country: 'CHN', body: 'Ministry of Foreign Affairs' },
  topic: 'aukus-pillar-ii',
  target: 'JPN',
  position: 'opposes',
  statedAt: '2024-04-09',
  source: source('MFA', 2, '2024-04-09T08:00:00Z'),
});
const batch = await call('POST', '/v1/statements/batch', {
  statements: [
    {
      actor: { country: 'AUS', person: 'Richard Marles' },
      topic: 'aukus-pillar-ii',
      target: 'JPN',
      position: 'supports',
      statedAt: '2024-04-08',
      source: source('ABC', 3),
    },
    { actor: { country: 'GBR' }, topic: 'aukus-pillar-ii', target: 'JPN', position: 'supports', statedAt: '2024-04-08', source: source('BBC', 4) },
    {
      actor: { country: 'USA' },
      topic: 'aukus-pillar-ii',
      target: 'JPN',
      position: 'supports',
      statedAt: '2024-04-08T14:00:00-04:00',
      source: source('DoD', 5),
    },
  ],
});
const misplaced = await call('POST', '/v1/statements', {
  actor: { country: 'NZL', body: 'MFAT' },
  topic: 'nuclear-submarines',
  target: null,
  position: 'concerned',
  statedAt: '2023-03',
  source: source('RNZ', 6),
});
// A correction that moves actor.country (the stance key follows it), one of the source, one of the position.
await call('POST', `/v1/statements/${misplaced.statementId}/corrections`, { changes: { actor: { country: 'AUS' } }, reason: 'Wrong country' });
await call('POST', `/v1/statements/${kim.statementId}/corrections`, { changes: { source: { publisher: 'Korea Pro (paywalled)' } }, reason: 'Publisher name' });
await call('POST', `/v1/statements/${china.statementId}/corrections`, { changes: { position: 'concerned', summary: 'Voices concern.' }, reason: 'Misread' });
await call('POST', `/v1/statements/${batch.items[2].statementId}/retraction`, { reason: 'Duplicate of the DoD release' });
const keyed = { actor: { country: 'JPN' }, topic: 'aukus-pillar-ii', target: 'JPN', position: 'considering', statedAt: '2024-04-10', source: source('NHK', 7) };
const idempotent = await call('POST', '/v1/statements', keyed, { 'Idempotency-Key': 'v1-fixture-key-1' });

// The v1 answers that must read the same after the upgrade.
const statements = await call('GET', '/v1/statements?limit=100');
const stances = await call('GET', '/v1/stances');
const histories = [];
for (const stance of stances.items) {
  const query = new URLSearchParams({ country: stance.country, topic: stance.topic, target: stance.target ?? 'none' });
  histories.push({ query: query.toString(), answer: await call('GET', `/v1/stances/history?${query}`) });
}
const events = await call('GET', '/v1/events?limit=1000');

server.kill('SIGTERM');
await new Promise((done) => server.once('exit', done));

const client = new pg.Client({ connectionString: url.toString() });
await client.connect();
const tables = {};
const { rows: names } = await client.query(
  `SELECT tablename FROM pg_tables WHERE schemaname = 'public' AND tablename <> 'schema_migrations' ORDER BY tablename`,
);
for (const { tablename } of names) {
  const { rows } = await client.query(`SELECT coalesce(json_agg(t), '[]') AS rows FROM (SELECT * FROM ${tablename}) t`);
  tables[tablename] = rows[0].rows;
}
const { rows: migrations } = await client.query('SELECT name FROM schema_migrations ORDER BY id');
await client.end();
await db.stop?.();
rmSync(dataDir, { recursive: true, force: true });

const fixture = {
  madeBy: 'scripts/make-v1-ledger-fixture.mjs against release 6e814dd (schemaVersion 1)',
  migrations: migrations.map((row) => row.name),
  tables,
  idempotent: { key: 'v1-fixture-key-1', body: keyed, answer: idempotent },
  answers: { statements, stances, histories, events },
};
writeFileSync(out, JSON.stringify(fixture, null, 1) + '\n');
console.log(`wrote ${out}: ${tables.events.length} events, ${Object.keys(tables).join(', ')}`);
