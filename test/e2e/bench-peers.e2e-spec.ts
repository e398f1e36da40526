import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { isExpectedVersionConflictError, STREAM_DOES_NOT_EXIST } from '@event-driven-io/emmett';
import { getPostgreSQLEventStore } from '@event-driven-io/emmett-postgresql';
import { LedgerGenerator } from '@app/testing';
import { freePort } from '../../libs/platform/src/embedded-postgres.js';
import { createTestDatabase, queryRows, type TestDatabase } from '../support/database.js';
import { statementBody } from '../support/demo.js';
import { START_HOOK_TIMEOUT_MS, waitForStart } from '../support/start-watch.js';

/**
 * The benchmark's peers (issue 18) work, so that `npm run bench` compares us with a service
 * that answers, not with one that fails fast: the typical NestJS service (the built
 * dist/bench/peers/typical-nest, as the bench starts it) stores what it is sent and refuses
 * a bad body; Emmett's event store appends an event as the bench does.
 */
let peerDb: TestDatabase;
let emmettDb: TestDatabase;
let peer: ChildProcess;
let peerUrl: string;

beforeAll(async () => {
  [peerDb, emmettDb] = await Promise.all([createTestDatabase('peer'), createTestDatabase('emmett')]);
  const port = await freePort();
  peer = spawn(process.execPath, [join(process.cwd(), 'dist/bench/peers/typical-nest/main.js')], {
    env: { ...process.env, DATABASE_URL: peerDb.url, PORT: String(port), LOG_LEVEL: 'warn' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  peer.stdout!.on('data', (chunk) => (output += chunk));
  peer.stderr!.on('data', (chunk) => (output += chunk));
  peerUrl = `http://127.0.0.1:${port}`;
  await waitForStart({
    what: `the typical NestJS peer (pid ${peer.pid})`,
    pid: () => peer.pid,
    exited: () => (peer.exitCode !== null || peer.signalCode !== null ? `exit code ${peer.exitCode}, signal ${peer.signalCode}` : undefined),
    output: () => output,
    ready: () =>
      fetch(`${peerUrl}/health/live`, { signal: AbortSignal.timeout(5000) }).then(
        (answer) => answer.status === 200,
        () => false,
      ),
  });
}, START_HOOK_TIMEOUT_MS);

afterAll(async () => {
  if (peer && peer.exitCode === null) {
    const exited = new Promise((resolve) => peer.once('exit', resolve));
    peer.kill('SIGTERM');
    await exited;
  }
  await Promise.all([peerDb?.drop(), emmettDb?.drop()]);
});

function post(body: unknown) {
  return fetch(`${peerUrl}/v1/statements`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
}

describe('the typical NestJS peer', () => {
  it('stores the bodies the bench sends, one row each, and answers 201 with the row', async () => {
    const bodies = [statementBody(), new LedgerGenerator(4242, 1, 'bench-http').statementBody({ statedAt: '2025-06-30' })];
    const ids: string[] = [];
    for (const body of bodies) {
      const answer = await post(body);
      expect(answer.status).toBe(201);
      const saved = (await answer.json()) as { id: string; topic: string; position: string; sources: unknown[] };
      expect(saved).toMatchObject({ topic: (body as { topic: string }).topic, position: (body as { position: string }).position });
      expect(saved.sources.length).toBeGreaterThan(0);
      ids.push(saved.id);
    }
    const rows = await queryRows<{ id: string }>(peerDb.url, 'SELECT id FROM statements ORDER BY "createdAt"');
    expect(rows.map((row) => row.id).sort()).toEqual([...ids].sort());
  });

  it('refuses an invalid body with 400 and stores nothing', async () => {
    const before = await queryRows<{ n: string }>(peerDb.url, 'SELECT count(*) AS n FROM statements');
    const answer = await post({ ...statementBody(), position: 'adores' });
    expect(answer.status).toBe(400);
    expect(JSON.stringify(await answer.json())).toContain('position');
    expect(await queryRows<{ n: string }>(peerDb.url, 'SELECT count(*) AS n FROM statements')).toEqual(before);
  });

  it('answers GET /health/live without the database', async () => {
    const answer = await fetch(`${peerUrl}/health/live`);
    expect(answer.status).toBe(200);
    expect(await answer.json()).toEqual({ status: 'ok' });
  });
});

describe("Emmett's event store, the append peer", () => {
  // The calls bench/peers/emmett.ts makes (tests import no bench code): the schema first, then
  // one event on a fresh stream; a first event on an existing stream (expected version 0) is refused.
  it('appends one event on a fresh stream and refuses a second first event on it', async () => {
    const store = getPostgreSQLEventStore(emmettDb.url);
    try {
      await store.schema.migrate();
      const event = { type: 'StatementRecorded', data: statementBody(), metadata: { recordedBy: 'bench-appender' } };
      const appended = await store.appendToStream('statement-1', [event], { expectedStreamVersion: STREAM_DOES_NOT_EXIST });
      expect(appended.nextExpectedStreamVersion).toBe(1n);
      // Emmett's own predicate: Jest's module registry may hold a second copy of its error class.
      const refusal = await store.appendToStream('statement-1', [event], { expectedStreamVersion: 0n }).then(
        () => null,
        (error: unknown) => error,
      );
      expect(isExpectedVersionConflictError(refusal)).toBe(true);
      const rows = await queryRows<{ stream_id: string; message_data: { topic: string } }>(emmettDb.url, 'SELECT stream_id, message_data FROM emt_messages');
      expect(rows).toHaveLength(1);
      expect(rows[0].stream_id).toBe('statement-1');
      expect(rows[0].message_data.topic).toBe(event.data.topic);
    } finally {
      await store.close();
    }
  });
});
