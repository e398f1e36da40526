import { execFile } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { createTestDatabase, queryRows, type TestDatabase } from '../support/database.js';
import { demo, statementBody } from '../support/demo.js';

/** The command line as users run it (`npm run cli -- …` runs dist/apps/cli/src/main.js). */
const run = promisify(execFile);
let db: TestDatabase;
let env: NodeJS.ProcessEnv;
const dir = mkdtempSync(join(tmpdir(), 'stance-ledger-cli-'));

async function cli(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await run(process.execPath, ['dist/apps/cli/src/main.js', ...args], { env, maxBuffer: 64 * 1024 * 1024 });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failed = error as { code: number; stdout: string; stderr: string };
    return { code: failed.code, stdout: failed.stdout, stderr: failed.stderr };
  }
}

const query = <T = any>(sql: string): Promise<T[]> => queryRows<T>(db.url, sql);

beforeAll(async () => {
  db = await createTestDatabase('cli');
  env = { ...process.env, DATABASE_URL: db.url, DATA_DIR: dir, LOG_LEVEL: 'warn' };
});
afterAll(async () => {
  await db.drop();
});

test('seed loads the demo data; a second seed changes nothing', async () => {
  const first = await cli('seed');
  expect(first.code).toBe(0);
  const events = await query('SELECT count(*)::int AS n FROM events');
  expect(events[0].n).toBe(demo.topics.length + demo.statements.length);
  expect(JSON.parse(first.stdout)).toMatchObject({ topicsRegistered: 2 });
  const second = await cli('seed');
  expect(second.code).toBe(0);
  expect((await query('SELECT count(*)::int AS n FROM events'))[0].n).toBe(events[0].n);
  expect(await query(`SELECT DISTINCT (metadata->>'recordedBy') AS by FROM events`)).toEqual([{ by: 'cli' }]);
});

test('import validates the whole file first: errors name line and field, and nothing is written', async () => {
  const file = join(dir, 'bad.jsonl');
  writeFileSync(file, [JSON.stringify(statementBody()), '{not json', JSON.stringify(statementBody({ position: 'maybe' }))].join('\n'));
  const before = (await query('SELECT count(*)::int AS n FROM events'))[0].n;
  const result = await cli('import', file);
  expect(result.code).toBe(1);
  expect(result.stderr).toContain('line 2: not valid JSON');
  expect(result.stderr).toContain('line 3: /position:');
  expect((await query('SELECT count(*)::int AS n FROM events'))[0].n).toBe(before);
});

test('import writes in chunks; re-running writes only what is missing', async () => {
  const file = join(dir, 'good.jsonl');
  const lines = Array.from({ length: 250 }, (_, i) => JSON.stringify(statementBody({ summary: `imported ${i}` })));
  writeFileSync(file, lines.join('\n') + '\n');
  const first = await cli('import', file);
  expect(first.code).toBe(0);
  expect(first.stderr).toMatch(/import: 250\/250/);
  const count = async () => (await query(`SELECT count(*)::int AS n FROM events WHERE data->>'summary' LIKE 'imported %'`))[0].n;
  expect(await count()).toBe(250);
  // Re-running the whole file, as after an interruption, finds every line already recorded.
  const second = await cli('import', file);
  expect(second.code).toBe(0);
  expect(await count()).toBe(250);
});

test('export streams every statement as JSONL or as CSV with dotted headers', async () => {
  const jsonl = await cli('export');
  expect(jsonl.code).toBe(0);
  const rows = jsonl.stdout.trim().split('\n').map((line) => JSON.parse(line));
  expect(rows).toHaveLength(demo.statements.length + 250);
  expect(Object.keys(rows[0])).toEqual([
    'statementId', 'revision', 'status', 'actor', 'topic', 'target', 'position', 'statedAt', 'summary', 'quote',
    'quoteLanguage', 'source', 'cameoCode', 'utteranceId', 'recordedAt', 'recordedBy', 'revisedAt', 'revisedBy',
  ]);
  const csv = await cli('export', '--format', 'csv');
  const [header, ...lines] = csv.stdout.trim().split('\r\n');
  expect(header.split(',')).toContain('actor.country');
  expect(header.split(',')).toContain('source.url');
  expect(lines).toHaveLength(rows.length);
  expect((await cli('export', '--format', 'xml')).code).not.toBe(0);
});

test('rebuild replays the log into fresh tables that equal the incremental ones', async () => {
  const snapshot = async () => ({
    statements: await query('SELECT s.statement_id, s.revision, s.status, s.country, s.topic, s.target, s.position, s.stated_from, s.stated_at, s.record_log_position, s.log_position, v.doc FROM statements s JOIN statement_versions v USING (statement_id, revision) ORDER BY statement_id'),
    versions: await query('SELECT statement_id, revision, log_position, recorded_from, recorded_to, superseded_at, status, doc FROM statement_versions ORDER BY statement_id, revision'),
    stances: await query('SELECT * FROM current_stances ORDER BY country, topic, target NULLS FIRST'),
    topics: await query('SELECT * FROM topics ORDER BY slug'),
    checkpoint: await query(`SELECT log_position FROM projection_checkpoints`),
  });
  const before = await snapshot();
  const result = await cli('rebuild');
  expect(result.code).toBe(0);
  expect(JSON.parse(result.stdout)).toMatchObject({ rebuilt: true, eventsApplied: Number(before.checkpoint[0].log_position) });
  expect(await snapshot()).toEqual(before);
});

test('verify recomputes the chain and checks a saved checkpoint; a bad file is a clear failure', async () => {
  const verified = await cli('verify');
  expect(verified.code).toBe(0);
  expect(JSON.parse(verified.stdout)).toMatchObject({ ok: true });
  expect((await cli('verify', '--checkpoint', join(dir, 'missing.json'))).code).toBe(1);
  const unknown = await cli('frobnicate');
  expect(unknown.code).toBe(2);
  expect(unknown.stderr).toContain('unknown command');
});
