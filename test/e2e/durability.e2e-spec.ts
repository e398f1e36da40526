import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { createTestDatabase, type TestDatabase } from '../support/database.js';
import { demo, statementBody } from '../support/demo.js';
import { START_HOOK_TIMEOUT_MS, startServerProcess, type ServerProcess } from '../support/server-process.js';

const EDITOR = 'editor-token-0123456789abcdef';
let db: TestDatabase;
let env: Record<string, string>;
let server: ServerProcess | null = null;

async function call(method: string, path: string, body?: unknown, headers: Record<string, string> = {}) {
  const response = await fetch(server!.url + path, {
    method,
    headers: { authorization: `Bearer ${EDITOR}`, 'content-type': 'application/json', ...headers },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  return { status: response.status, headers: response.headers, body: text ? JSON.parse(text) : undefined };
}

async function countEvents(where = 'true', params: unknown[] = []): Promise<number> {
  const client = new pg.Client({ connectionString: db.url });
  await client.connect();
  try {
    return Number((await client.query(`SELECT count(*) AS n FROM events WHERE ${where}`, params)).rows[0].n);
  } finally {
    await client.end();
  }
}

beforeAll(async () => {
  db = await createTestDatabase('durable');
  env = {
    DATABASE_URL: db.url,
    DATA_DIR: mkdtempSync(join(tmpdir(), 'stance-ledger-durable-')),
    API_KEYS: `alice:editor:${EDITOR}`,
    RATE_LIMIT_PER_MIN: '0',
  };
  server = await startServerProcess(env);
  for (const topic of demo.topics) expect((await call('POST', '/v1/topics', topic)).status).toBe(201);
}, START_HOOK_TIMEOUT_MS);
afterAll(async () => {
  await server?.kill();
  await db.drop();
});

test(
  'data survives a restart of the server process',
  async () => {
    const created = await call('POST', '/v1/statements', statementBody({ summary: 'before the restart' }));
    expect(created.status).toBe(201);
    await server!.kill('SIGTERM');
    server = await startServerProcess(env);
    const read = await call('GET', `/v1/statements/${created.body.statementId}`);
    expect(read.status).toBe(200);
    expect(read.body).toEqual(created.body);
    const stances = await call('GET', `/v1/stances?topic=${created.body.topic}&country=${created.body.actor.country}`);
    expect(stances.body.items[0].statementId).toBe(created.body.statementId);
  },
  START_HOOK_TIMEOUT_MS,
);

test(
  'a server killed after committing but before answering: the retry with the same Idempotency-Key replays, nothing doubles',
  async () => {
    const key = 'retry-after-crash-1';
    const body = statementBody({ summary: 'recorded while the projector was blocked' });
    // Hold the read model so the write commits to the log but waits (read-your-writes) before answering.
    const blocker = new pg.Client({ connectionString: db.url });
    blocker.on('error', () => undefined);
    await blocker.connect();
    try {
      await blocker.query('BEGIN');
      await blocker.query('LOCK TABLE statements IN ACCESS EXCLUSIVE MODE');
      const before = await countEvents();
      const pending = call('POST', '/v1/statements', body, { 'idempotency-key': key }).then(
        (answer) => `answered ${answer.status}`,
        () => 'no answer',
      );
      for (let i = 0; i < 100 && (await countEvents()) === before; i++) await new Promise((r) => setTimeout(r, 50));
      expect(await countEvents()).toBe(before + 1);
      await server!.kill('SIGKILL');
      expect(await pending).toBe('no answer');
    } finally {
      await blocker.query('ROLLBACK').catch(() => undefined);
      await blocker.end().catch(() => undefined);
    }

    server = await startServerProcess(env);
    const retried = await call('POST', '/v1/statements', body, { 'idempotency-key': key });
    expect(retried.status).toBe(201);
    expect(retried.headers.get('idempotent-replayed')).toBe('true');
    expect(await countEvents(`type = 'StatementRecorded' AND data->>'summary' = $1`, [body.summary])).toBe(1);
    const read = await call('GET', `/v1/statements/${retried.body.statementId}`);
    expect(read.body).toEqual(retried.body);
    expect((await call('POST', '/v1/statements', { ...body, summary: 'other' }, { 'idempotency-key': key })).status).toBe(422);
  },
  START_HOOK_TIMEOUT_MS,
);
