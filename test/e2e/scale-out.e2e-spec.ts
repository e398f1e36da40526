import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { createTestDatabase, type TestDatabase } from '../support/database.js';
import { demo, statementBody } from '../support/demo.js';
import { START_HOOK_TIMEOUT_MS, startProjectorProcess, startServerProcess, type ServerProcess } from '../support/server-process.js';

/**
 * Two API processes (PROJECTOR=external) and two projector processes on one database:
 * read-your-writes holds across processes, and killing the active projector hands over to
 * the standby with nothing missed or applied twice.
 */
const EDITOR = 'editor-token-0123456789abcdef';
let db: TestDatabase;
const processes: ServerProcess[] = [];
let apiA: ServerProcess;
let apiB: ServerProcess;

async function call(server: ServerProcess, method: string, path: string, body?: unknown) {
  const response = await fetch(server.url + path, {
    method,
    headers: { authorization: `Bearer ${EDITOR}`, 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: response.status, body: await response.json() };
}

beforeAll(async () => {
  db = await createTestDatabase('scale');
  const env = {
    DATABASE_URL: db.url,
    DATA_DIR: mkdtempSync(join(tmpdir(), 'stance-ledger-scale-')),
    API_KEYS: `alice:editor:${EDITOR}`,
    RATE_LIMIT_PER_MIN: '0',
  };
  // The first projector migrates the database; the rest start against it.
  processes.push(await startProjectorProcess(env));
  processes.push(await startProjectorProcess(env));
  apiA = await startServerProcess({ ...env, PROJECTOR: 'external' });
  apiB = await startServerProcess({ ...env, PROJECTOR: 'external' });
  processes.push(apiA, apiB);
  for (const topic of demo.topics) expect((await call(apiA, 'POST', '/v1/topics', topic)).status).toBe(201);
}, START_HOOK_TIMEOUT_MS);

afterAll(async () => {
  await Promise.all(processes.map((p) => p.kill()));
  await db.drop();
});

test('a write through one API is read through the other right after its response', async () => {
  for (let i = 0; i < 20; i++) {
    const created: any = await call(apiA, 'POST', '/v1/statements', statementBody({ summary: `cross-process ${i}` }));
    expect(created.status).toBe(201);
    const read = await call(apiB, 'GET', `/v1/statements/${created.body.statementId}`);
    expect(read.status).toBe(200);
    expect(read.body).toEqual(created.body);
  }
});

test('killing the active projector hands over to the standby: nothing missed, nothing applied twice', async () => {
  const writes = Promise.all(
    Array.from({ length: 60 }, (_, i) => call(i % 2 ? apiA : apiB, 'POST', '/v1/statements', statementBody({ summary: `failover ${i}` }))),
  );
  await new Promise((resolve) => setTimeout(resolve, 100));
  const leader = processes[0].output().includes('(leader)') ? processes[0] : processes[1];
  await leader.kill('SIGKILL');
  const results = await writes;
  expect(results.every((r) => r.status === 201)).toBe(true);
  const after: any = await call(apiB, 'POST', '/v1/statements', statementBody({ summary: 'after failover' }));
  expect(after.status).toBe(201);
  expect((await call(apiA, 'GET', `/v1/statements/${after.body.statementId}`)).status).toBe(200);

  const client = new pg.Client({ connectionString: db.url });
  await client.connect();
  try {
    const head = Number((await client.query('SELECT max(log_position) AS head FROM events')).rows[0].head);
    const checkpoint = Number((await client.query(`SELECT log_position FROM projection_checkpoints WHERE name = 'ledger'`)).rows[0].log_position);
    expect(checkpoint).toBe(head);
    const recorded = Number((await client.query(`SELECT count(*) AS n FROM events WHERE type = 'StatementRecorded'`)).rows[0].n);
    expect(Number((await client.query('SELECT count(*) AS n FROM statements')).rows[0].n)).toBe(recorded);
    const versions = Number((await client.query(`SELECT count(*) AS n FROM events WHERE stream_id LIKE 'statement-%'`)).rows[0].n);
    expect(Number((await client.query('SELECT count(*) AS n FROM statement_versions')).rows[0].n)).toBe(versions);
  } finally {
    await client.end();
  }
});
