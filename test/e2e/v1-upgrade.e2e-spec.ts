import { eventStoreMigrations } from '@app/event-store';
import { runMigrations } from '@app/platform';
import { readModelMigrations } from '@app/stances';
import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { promisify } from 'node:util';
import { createTestDatabase, queryRows, withConnection, type TestDatabase } from '../support/database.js';
import { START_HOOK_TIMEOUT_MS, startServerProcess, type ServerProcess } from '../support/server-process.js';

/**
 * A ledger written by release 6e814dd (schema version 1; test/fixtures/v1-ledger.json, made by
 * scripts/make-v1-ledger-fixture.mjs: its tables' rows, hashes included, and its answers),
 * loaded at its own schema version and started with today's code. It must upgrade by itself
 * and keep every v1 promise (CONTRACT.md, "Events recorded before v2").
 */

interface Fixture {
  migrations: string[];
  tables: Record<string, Record<string, unknown>[]>;
  idempotent: { key: string; body: unknown; answer: unknown };
  answers: {
    statements: { items: Record<string, unknown>[] };
    stances: { items: Record<string, unknown>[] };
    histories: { query: string; answer: { items: Record<string, unknown>[] } }[];
    events: { items: Record<string, unknown>[] };
  };
}

const fixture = JSON.parse(readFileSync(new URL('../fixtures/v1-ledger.json', import.meta.url), 'utf8')) as Fixture;
const run = promisify(execFile);
const TOKEN = 'alice-editor-token-0123456789';

let db: TestDatabase;
let server: ServerProcess | null = null;

async function call(method: string, path: string, body?: unknown, headers: Record<string, string> = {}) {
  const response = await fetch(`${server!.url}${path}`, {
    method,
    headers: { Authorization: `Bearer ${TOKEN}`, 'Content-Type': 'application/json', ...headers },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  return { status: response.status, text, body: text ? JSON.parse(text) : null };
}

/** An answer as a v1 client reads it: the fields v2 added left out (CONTRACT.md: a v1 client ignores them). */
function asV1(item: Record<string, unknown>): Record<string, unknown> {
  const { holder: _h, holderKind: _k, attribution: _a, modality: _m, sources: _s, shift: _sh, orderUncertain: _o, ...rest } = item;
  if (rest.source && typeof rest.source === 'object') {
    const { title: _t, ...source } = rest.source as Record<string, unknown>;
    rest.source = source;
  }
  return rest;
}

const tablesSnapshot = async () => ({
  statements: await queryRows(db.url, 'SELECT * FROM statements ORDER BY statement_id'),
  versions: await queryRows(db.url, 'SELECT * FROM statement_versions ORDER BY statement_id, revision'),
  stances: await queryRows(db.url, 'SELECT * FROM current_stances ORDER BY holder, topic, target NULLS FIRST'),
  topics: await queryRows(db.url, 'SELECT * FROM topics ORDER BY slug'),
  actors: await queryRows(db.url, 'SELECT * FROM actors ORDER BY slug'),
});

beforeAll(async () => {
  db = await createTestDatabase('v1_upgrade');
  // The schema exactly as 6e814dd left it: its migrations, no later one.
  const known = [...eventStoreMigrations, ...readModelMigrations];
  const applied = await runMigrations(
    db.url,
    known.filter((migration) => fixture.migrations.includes(migration.name)),
  );
  expect(applied).toEqual(fixture.migrations);
  await withConnection(db.url, async (client) => {
    for (const [table, rows] of Object.entries(fixture.tables)) {
      if (table === 'projection_checkpoints') await client.query(`DELETE FROM ${table}`); // the row the migrations seeded
      await client.query(`INSERT INTO ${table} SELECT * FROM json_populate_recordset(NULL::${table}, $1::json)`, [JSON.stringify(rows)]);
    }
  });
  // No manual step: today's server is started on it as it is.
  server = await startServerProcess({ DATABASE_URL: db.url, API_KEYS: `alice:editor:${TOKEN}`, HOST: '127.0.0.1' });
}, START_HOOK_TIMEOUT_MS);

afterAll(async () => {
  await server?.kill();
  await db?.drop();
});

test('it upgrades by itself on start: the v2 migration ran in place, and the read models were not replayed', async () => {
  const migrations = await queryRows<{ name: string }>(db.url, 'SELECT name FROM schema_migrations ORDER BY id');
  expect(migrations.map((row) => row.name)).toContain('StatementV2Columns1764800000000');
  const [checkpoint] = await queryRows<{ log_position: string }>(db.url, 'SELECT log_position FROM projection_checkpoints');
  expect(Number(checkpoint.log_position)).toBe(fixture.tables.events.length);
  const rows = await queryRows(db.url, 'SELECT holder, country, attribution, modality FROM statements ORDER BY statement_id');
  expect(rows.length).toBe(fixture.tables.statements.length);
  for (const row of rows) expect(row).toEqual({ holder: row.country, country: row.country, attribution: 'on_record', modality: 'firm' });
});

test('the chain verifies, and the v1 events are served byte for byte as stored (schemaVersion 1, source, no holder)', async () => {
  const verified = await call('GET', '/v1/audit/verify');
  expect(verified.status).toBe(200);
  expect(verified.body).toMatchObject({ ok: true });
  const events = await call('GET', '/v1/events?limit=1000');
  expect(events.body.items).toEqual(fixture.answers.events.items);
  const recorded = events.body.items.find((event: { type: string }) => event.type === 'StatementRecorded');
  expect(recorded.metadata.schemaVersion).toBe(1);
  expect(Object.keys(recorded.data)).toContain('source');
  expect(Object.keys(recorded.data)).not.toContain('holder');
});

test('an Idempotency-Key first answered by v1 replays its first answer, and writes nothing', async () => {
  const before = await queryRows(db.url, 'SELECT count(*)::int AS n FROM events');
  const replay = await call('POST', '/v1/statements', fixture.idempotent.body, { 'Idempotency-Key': fixture.idempotent.key });
  expect(replay.status).toBe(201);
  expect(replay.body).toEqual(fixture.idempotent.answer);
  expect(await queryRows(db.url, 'SELECT count(*)::int AS n FROM events')).toEqual(before);
});

test('every v1 answer reads as before — statements, stances, histories — with the v2 fields added as the upcast says', async () => {
  const statements = await call('GET', '/v1/statements?limit=100');
  expect(statements.body.items.map(asV1)).toEqual(fixture.answers.statements.items);
  for (const statement of statements.body.items) {
    expect(statement).toMatchObject({ holder: statement.actor.country, attribution: 'on_record', modality: 'firm', sources: [statement.source] });
  }
  // The v1 correction that moved actor.country moved the holder with it (NZL → AUS).
  expect(statements.body.items.find((statement: { actor: { body: string } }) => statement.actor.body === 'MFAT')).toMatchObject({ holder: 'AUS' });
  const stances = await call('GET', '/v1/stances');
  expect(stances.body.items.map(asV1)).toEqual(fixture.answers.stances.items);
  for (const { query, answer } of fixture.answers.histories) {
    const history = await call('GET', `/v1/stances/history?${query}`);
    expect({ query, items: history.body.items.map(asV1) }).toEqual({ query, items: answer.items });
  }
});

test("the change log still names a v1 source correction's field as v1 did (/source/publisher)", async () => {
  const changes = await call('GET', '/v1/audit/changes?limit=100');
  const publisher = changes.body.items.find((item: { reason: string | null }) => item.reason === 'Publisher name');
  expect(publisher.changes).toContainEqual({ field: '/source/publisher', old: 'Korea Pro', new: 'Korea Pro (paywalled)' });
});

test('the publisher filter finds v1 statements by their corrected source, now and as known before the correction', async () => {
  const corrected = (await call('GET', '/v1/audit/changes?limit=100')).body.items.find((item: { reason: string | null }) => item.reason === 'Publisher name');
  const now = await call('GET', `/v1/statements?publisher=${encodeURIComponent('korea pro (PAYWALLED)')}`);
  expect(now.body.items.map((statement: { statementId: string }) => statement.statementId)).toEqual([corrected.statementId]);
  const old = await call('GET', `/v1/statements?publisher=${encodeURIComponent('Korea Pro')}`);
  expect(old.body.items.map((statement: { statementId: string }) => statement.statementId)).not.toContain(corrected.statementId);
  const before = new Date(Date.parse(corrected.recordedAt) - 1).toISOString();
  const then = await call('GET', `/v1/statements?publisher=${encodeURIComponent('Korea Pro')}&knownAt=${before}`);
  expect(then.body.items.map((statement: { statementId: string }) => statement.statementId)).toContain(corrected.statementId);
});

test('a v1 statement still active holds its duplicate key after the upgrade: the same statement again → 409 naming it', async () => {
  const v1 = fixture.answers.statements.items.find((item) => item.status === 'active') as Record<string, unknown> & { statementId: string };
  const { statementId, revision: _r, status: _s, recordedAt: _a, recordedBy: _b, revisedAt: _c, revisedBy: _d, ...content } = v1;
  const again = await call('POST', '/v1/statements', content);
  expect([again.status, again.body.type, again.body.duplicateOf]).toEqual([409, 'urn:stance-ledger:duplicate', statementId]);
});

test(
  'after v2 events join the log, a rebuild over the mixed v1/v2 log equals the live projection',
  async () => {
    expect((await call('POST', '/v1/actors', { slug: 'aukus', name: 'AUKUS', kind: 'organization', members: ['AUS', 'GBR', 'USA'] })).status).toBe(201);
    const reported = await call('POST', '/v1/statements', {
      holder: 'aukus',
      attribution: 'reported',
      modality: 'hedged',
      actor: { country: 'KOR', person: 'Kim Tae-hyo' },
      topic: 'aukus-pillar-ii',
      target: 'KOR',
      position: 'considering',
      statedAt: '2024-11/2024-12',
      sources: [
        { url: null, publisher: 'Korea Pro', title: 'Seoul weighs Pillar II', publishedAt: '2024-11' },
        { url: 'https://example.org/yonhap/1', publisher: 'Yonhap', title: null, publishedAt: null },
      ],
    });
    expect(reported.status).toBe(201);
    expect(reported.body).toMatchObject({
      holder: 'aukus',
      source: { publisher: 'Korea Pro' },
      sources: [{ publisher: 'Korea Pro' }, { publisher: 'Yonhap' }],
    });
    const v1Statement = fixture.answers.statements.items[0] as { statementId: string; revision: number };
    const corrected = await call('POST', `/v1/statements/${v1Statement.statementId}/corrections`, {
      changes: { attribution: 'unnamed_official', source: { title: 'A v1 source, titled by a v2 correction' } },
      reason: 'v2 fields on a v1 statement',
    });
    expect(corrected.status).toBe(200);
    expect(corrected.body).toMatchObject({ attribution: 'unnamed_official', source: { title: 'A v1 source, titled by a v2 correction' } });
    const stored = await queryRows<{ schema_version: string }>(db.url, `SELECT DISTINCT metadata->>'schemaVersion' AS schema_version FROM events ORDER BY 1`);
    expect(stored.map((row) => row.schema_version)).toEqual(['1', '2']);

    const live = await tablesSnapshot();
    await server!.kill();
    server = null;
    const rebuilt = await run(process.execPath, ['dist/apps/cli/src/main.js', 'rebuild'], { env: { ...process.env, DATABASE_URL: db.url, LOG_LEVEL: 'warn' } });
    expect(JSON.parse(rebuilt.stdout)).toMatchObject({ rebuilt: true });
    expect(await tablesSnapshot()).toEqual(live);
  },
  START_HOOK_TIMEOUT_MS,
);
