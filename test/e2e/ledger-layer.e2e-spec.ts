import { requestHash } from '@app/ledger';
import { CURRENT_SCHEMA_VERSION } from '@app/statements';
import { execFile } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { createTestDatabase, queryRows, withConnection } from '../support/database.js';
import { demo, statementBody } from '../support/demo.js';
import { startTestServer, type CallResult, type TestServer } from '../support/server.js';

/** The application layer seen from outside: what it stores and stamps, and answers kept across an upgrade. */
let api: TestServer;

beforeAll(async () => {
  api = await startTestServer();
  for (const topic of demo.topics) expect((await api.call('POST', '/v1/topics', { body: topic })).status).toBe(201);
});
afterAll(async () => {
  await api?.stop();
});

const ANSWER_HEADERS = ['location', 'etag', 'ledger-position', 'idempotent-replayed'];

function answerOf(result: CallResult) {
  return { status: result.status, headers: Object.fromEntries(ANSWER_HEADERS.map((name) => [name, result.headers.get(name)])), text: result.text };
}

/** An idempotency record as the code before the HTTP-free store port kept it: the HTTP answer itself. */
async function storeLegacyRecord(route: string, key: string, body: unknown, first: CallResult, headerNames: string[]): Promise<void> {
  const headers = Object.fromEntries(headerNames.map((name) => [name, first.headers.get(name)]));
  const response = { status: first.status, body: first.body, headers };
  await withConnection(api.db.url, (client) =>
    client.query(`INSERT INTO idempotency_keys (scope, key, request_hash, response, log_position, created_at) VALUES ($1, $2, $3, $4, $5, now())`, [
      `alice ${route}`,
      key,
      requestHash(body),
      JSON.stringify(response),
      Number(first.headers.get('ledger-position')),
    ]),
  );
}

describe('Idempotency-Key records kept in the old shape ({ status, body, headers }) before an upgrade', () => {
  test('a statement: the retry gets the same answer as a record kept by this code', async () => {
    const body = statementBody({ summary: 'kept across an upgrade' });
    const first = await api.call('POST', '/v1/statements', { body, headers: { 'idempotency-key': 'today-1' } });
    expect(first.status).toBe(201);
    // The same request as it was stored by the old code under another key.
    await storeLegacyRecord('POST /v1/statements', 'legacy-1', body, first, ['Location', 'ETag', 'Ledger-Position']);

    const legacy = await api.call('POST', '/v1/statements', { body, headers: { 'idempotency-key': 'legacy-1' } });
    const today = await api.call('POST', '/v1/statements', { body, headers: { 'idempotency-key': 'today-1' } });
    expect(answerOf(legacy)).toEqual(answerOf(today));
    expect(legacy.status).toBe(201);
    expect(legacy.headers.get('idempotent-replayed')).toBe('true');
    expect(legacy.headers.get('location')).toBe(first.headers.get('location'));
    expect(legacy.headers.get('etag')).toBe('"0"');
    expect(legacy.body).toEqual(first.body);
    // Another body under the old key is still refused.
    expect((await api.call('POST', '/v1/statements', { body: { ...body, summary: 'other' }, headers: { 'idempotency-key': 'legacy-1' } })).status).toBe(422);
  });

  test('a batch: the same answer too', async () => {
    const body = { statements: [statementBody({ summary: 'batch kept across an upgrade' })] };
    const first = await api.call('POST', '/v1/statements/batch', { body, headers: { 'idempotency-key': 'today-2' } });
    expect(first.status).toBe(201);
    await storeLegacyRecord('POST /v1/statements/batch', 'legacy-2', body, first, ['Ledger-Position']);

    const legacy = await api.call('POST', '/v1/statements/batch', { body, headers: { 'idempotency-key': 'legacy-2' } });
    const today = await api.call('POST', '/v1/statements/batch', { body, headers: { 'idempotency-key': 'today-2' } });
    expect(answerOf(legacy)).toEqual(answerOf(today));
    expect(legacy.status).toBe(201);
    expect(legacy.body).toEqual(first.body);
    expect(legacy.headers.get('ledger-position')).toBe(first.headers.get('ledger-position'));
  });
});

test('the store keeps a write result, not an HTTP answer', async () => {
  const body = statementBody({ summary: 'what is kept' });
  const first = await api.call('POST', '/v1/statements', { body, headers: { 'idempotency-key': 'kept-1' } });
  const [row] = await queryRows(api.db.url, `SELECT response FROM idempotency_keys WHERE key = 'kept-1'`);
  expect(Object.keys(row.response).sort()).toEqual(['created', 'logPosition', 'revision', 'statement']);
  expect(row.response).toMatchObject({ created: true, revision: 0, logPosition: Number(first.headers.get('ledger-position')) });
});

const run = promisify(execFile);

test('every write path stamps the current schema version: record, batch, correction, retraction, topic and actor register and revise, CLI seed and import', async () => {
  const position = (result: CallResult) => Number(result.headers.get('ledger-position'));
  const writes: Record<string, number> = {};
  writes.topicRegister = position(await api.call('POST', '/v1/topics', { body: { slug: 'schema-check', title: 'Schema check' } }));
  writes.topicRevise = position(await api.call('PATCH', '/v1/topics/schema-check', { body: { title: 'Schema check, revised' } }));
  writes.actorRegister = position(
    await api.call('POST', '/v1/actors', { body: { slug: 'schema-check', name: 'Schema check', kind: 'legislature', country: 'GBR' } }),
  );
  writes.actorRevise = position(await api.call('PATCH', '/v1/actors/schema-check', { body: { name: 'Schema check, revised' } }));
  const recorded = await api.call('POST', '/v1/statements', { body: statementBody({ summary: 'schema: record' }) });
  writes.record = position(recorded);
  writes.batch = position(await api.call('POST', '/v1/statements/batch', { body: { statements: [statementBody({ summary: 'schema: batch' })] } }));
  const id = recorded.body.statementId;
  writes.correction = position(
    await api.call('POST', `/v1/statements/${id}/corrections`, { body: { changes: { summary: 'schema: corrected' }, reason: 'typo' } }),
  );
  writes.retraction = position(await api.call('POST', `/v1/statements/${id}/retraction`, { body: { reason: 'withdrawn' } }));
  const rows = await queryRows<{ log_position: string; type: string; metadata: { schemaVersion: unknown } }>(
    api.db.url,
    `SELECT log_position, type, metadata FROM events WHERE log_position IN (${Object.values(writes).join(',')})`,
  );
  const byPosition = new Map(rows.map((row) => [Number(row.log_position), row]));
  const stamped = Object.fromEntries(
    Object.entries(writes).map(([path, at]) => [path, [byPosition.get(at)?.type, byPosition.get(at)?.metadata.schemaVersion]]),
  );
  expect(stamped).toEqual({
    topicRegister: ['TopicRegistered', CURRENT_SCHEMA_VERSION],
    topicRevise: ['TopicRevised', CURRENT_SCHEMA_VERSION],
    actorRegister: ['ActorRegistered', CURRENT_SCHEMA_VERSION],
    actorRevise: ['ActorRevised', CURRENT_SCHEMA_VERSION],
    record: ['StatementRecorded', CURRENT_SCHEMA_VERSION],
    batch: ['StatementRecorded', CURRENT_SCHEMA_VERSION],
    correction: ['StatementCorrected', CURRENT_SCHEMA_VERSION],
    retraction: ['StatementRetracted', CURRENT_SCHEMA_VERSION],
  });

  // The CLI writes through the same commands, booting the ledger module alone.
  const db = await createTestDatabase('schemacli');
  try {
    const dir = mkdtempSync(join(tmpdir(), 'stance-ledger-schema-'));
    const file = join(dir, 'import.jsonl');
    writeFileSync(file, JSON.stringify(statementBody({ summary: 'schema: import' })) + '\n');
    const env = { ...process.env, DATABASE_URL: db.url, DATA_DIR: dir, LOG_LEVEL: 'warn' };
    await run(process.execPath, ['dist/apps/cli/src/main.js', 'seed'], { env });
    await run(process.execPath, ['dist/apps/cli/src/main.js', 'import', file], { env });
    const cliRows = await queryRows<{ type: string; version: number; by: string; summary: string | null }>(
      db.url,
      `SELECT type, (metadata->>'schemaVersion')::int AS version, metadata->>'recordedBy' AS by, data->>'summary' AS summary FROM events ORDER BY log_position`,
    );
    expect(new Set(cliRows.map((row) => row.type))).toEqual(new Set(['TopicRegistered', 'ActorRegistered', 'StatementRecorded']));
    expect(cliRows.some((row) => row.summary === 'schema: import')).toBe(true);
    for (const row of cliRows) expect([row.type, row.version, row.by]).toEqual([row.type, CURRENT_SCHEMA_VERSION, 'cli']);
  } finally {
    await db.drop();
  }
});
