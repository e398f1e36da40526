import { dataHash, eventHash } from '@app/event-store';
import { writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import type { CliContext } from '../../apps/cli/src/cli.js';
import { verify } from '../../apps/cli/src/commands/verify.command.js';
import { demo } from '../support/demo.js';
import { startTestServer, type TestServer } from '../support/server.js';

/**
 * Each case starts from a fresh ledger holding the demo data, saves a signed checkpoint,
 * tampers with the events table as a superuser would (triggers bypassed), then runs
 * `verify` — the same code as `npm run cli -- verify [--checkpoint file]`.
 */
let api: TestServer;
let checkpointFile: string;

async function tamper(sql: string) {
  const client = new pg.Client({ connectionString: api.db.url });
  await client.connect();
  try {
    await client.query('BEGIN');
    await client.query("SET LOCAL session_replication_role = 'replica'");
    await client.query(sql);
    await client.query('COMMIT');
  } finally {
    await client.end();
  }
}

async function runVerify(withCheckpoint: boolean) {
  let output = '';
  const context = {
    runtime: api.server.runtime,
    commands: undefined as never,
    log: () => undefined,
    out: async (text: string) => {
      output += text;
    },
  } satisfies CliContext;
  const exitCode = await verify(context, withCheckpoint ? checkpointFile : undefined);
  return { exitCode, report: JSON.parse(output) };
}

beforeEach(async () => {
  api = await startTestServer();
  for (const topic of demo.topics) await api.call('POST', '/v1/topics', { body: topic });
  expect((await api.call('POST', '/v1/statements/batch', { body: { statements: demo.statements } })).status).toBe(201);
  const checkpoint = (await api.call('GET', '/v1/audit/checkpoint', { role: 'reader' })).body;
  checkpointFile = join(tmpdir(), `checkpoint-${process.pid}-${Date.now()}.json`);
  writeFileSync(checkpointFile, JSON.stringify(checkpoint));
});
afterEach(async () => {
  await api.stop();
});

test('an untouched log verifies, and extends its checkpoint', async () => {
  const { exitCode, report } = await runVerify(true);
  expect(exitCode).toBe(0);
  expect(report).toMatchObject({ ok: true, eventsChecked: 12, checkpoint: { signatureValid: true, present: true, hashMatches: true } });
});

test('a deleted event in the middle is named', async () => {
  await tamper('DELETE FROM events WHERE log_position = 6');
  const { exitCode, report } = await runVerify(false);
  expect(exitCode).toBe(1);
  expect(report).toMatchObject({ ok: false, firstInvalidLogPosition: 6 });
});

test('a swapped pair is named at the first of the two', async () => {
  await tamper(`UPDATE events SET log_position = 1000000 WHERE log_position = 5;
                UPDATE events SET log_position = 5 WHERE log_position = 6;
                UPDATE events SET log_position = 6 WHERE log_position = 1000000`);
  const { report } = await runVerify(false);
  expect(report).toMatchObject({ ok: false, firstInvalidLogPosition: 5 });
});

test('a truncated tail verifies as a chain, but no longer extends the saved checkpoint', async () => {
  await tamper('DELETE FROM events WHERE log_position > 9');
  expect((await runVerify(false)).exitCode).toBe(0);
  const { exitCode, report } = await runVerify(true);
  expect(exitCode).toBe(1);
  expect(report.checkpoint).toMatchObject({ present: false });
});

test('a wholesale rewrite with a recomputed chain is caught by the checkpoint', async () => {
  const client = new pg.Client({ connectionString: api.db.url });
  await client.connect();
  const { rows } = await client.query('SELECT * FROM events ORDER BY log_position');
  await client.end();
  let prev = '0'.repeat(64);
  const updates: string[] = [];
  for (const row of rows) {
    const data = row.log_position === '7' ? { ...row.data, position: 'opposes' } : row.data;
    const event = {
      logPosition: Number(row.log_position),
      streamId: row.stream_id,
      revision: row.revision,
      type: row.type,
      dataHash: dataHash(data),
      metadata: row.metadata,
    };
    const hash = eventHash(prev, event);
    updates.push(
      `UPDATE events SET data = '${JSON.stringify(data).replace(/'/g, "''")}'::jsonb, data_hash = '${event.dataHash}', prev_hash = '${prev}', hash = '${hash}' WHERE log_position = ${row.log_position};`,
    );
    prev = hash;
  }
  await tamper(updates.join('\n'));
  expect((await runVerify(false)).exitCode).toBe(0);
  const { exitCode, report } = await runVerify(true);
  expect(exitCode).toBe(1);
  expect(report.checkpoint).toMatchObject({ signatureValid: true, present: true, hashMatches: false });
});
