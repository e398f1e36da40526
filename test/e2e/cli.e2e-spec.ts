import { AUKUS, COMMONS_COMMITTEE } from '../../libs/statements/src/testing/actor-fixtures.js';
import { execFile, spawn } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { createServer, type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { createTestDatabase, queryRows, type TestDatabase } from '../support/database.js';
import { shippedDemo, statementBody } from '../support/demo.js';

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

/**
 * Each CLI call is a process that boots and migrates (a few seconds alone, 10–20 s at a load
 * average of 15 on two cores), and some tests make several: the default 60 s is too tight.
 */
const CLI_TEST_TIMEOUT = 300_000;

const query = <T = any>(sql: string): Promise<T[]> => queryRows<T>(db.url, sql);
const eventCount = async (): Promise<number> => (await query('SELECT count(*)::int AS n FROM events'))[0].n;

/** A failure as the CLI must report it: exactly one line on stderr, `stance-ledger: …`, no stack trace. */
function expectOneLine(result: { code: number | null; stderr: string }, code: number, pattern: RegExp): void {
  expect({ code: result.code, stderr: result.stderr.trimEnd() }).toEqual({ code, stderr: expect.stringMatching(pattern) });
  expect(result.stderr.trimEnd().split('\n')).toHaveLength(1);
  expect(result.stderr).not.toMatch(/^\s+at /m);
}

/** `node dist/apps/api/src/main.js` with `env`, until it exits (a start that fails) or logs `until`. */
function startApi(extraEnv: NodeJS.ProcessEnv, until?: RegExp): Promise<{ code: number | null; stderr: string; stop(): Promise<void> }> {
  const child = spawn(process.execPath, ['dist/apps/api/src/main.js'], { env: { ...env, ...extraEnv }, stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
    await exited;
  };
  return new Promise((resolve) => {
    child.stderr.on('data', (chunk) => {
      stderr += chunk;
      if (until?.test(stderr)) resolve({ code: null, stderr, stop });
    });
    void exited.then((code) => resolve({ code, stderr, stop }));
  });
}

beforeAll(async () => {
  db = await createTestDatabase('cli');
  env = { ...process.env, DATABASE_URL: db.url, DATA_DIR: dir, LOG_LEVEL: 'warn' };
});
afterAll(async () => {
  await db.drop();
});

test(
  'seed loads the demo data; a second seed changes nothing',
  async () => {
    const first = await cli('seed');
    expect(first.code).toBe(0);
    const events = await query('SELECT count(*)::int AS n FROM events');
    expect(events[0].n).toBe(shippedDemo.topics.length + shippedDemo.actors.length + shippedDemo.statements.length);
    expect(JSON.parse(first.stdout)).toMatchObject({ topicsRegistered: 2, actorsRegistered: 1, statementsRecorded: 11, statementsCorrected: 0 });
    const second = await cli('seed');
    expect(second.code).toBe(0);
    expect((await query('SELECT count(*)::int AS n FROM events'))[0].n).toBe(events[0].n);
    expect(JSON.parse(second.stdout)).toMatchObject({ topicsRegistered: 0, actorsRegistered: 0, statementsWritten: false });
    expect(await query(`SELECT DISTINCT (metadata->>'recordedBy') AS by FROM events`)).toEqual([{ by: 'cli' }]);
  },
  CLI_TEST_TIMEOUT,
);

test(
  'import validates the whole file first: errors name line and field, and nothing is written',
  async () => {
    const file = join(dir, 'bad.jsonl');
    writeFileSync(file, [JSON.stringify(statementBody()), '{not json', JSON.stringify(statementBody({ position: 'maybe' }))].join('\n'));
    const before = (await query('SELECT count(*)::int AS n FROM events'))[0].n;
    const result = await cli('import', file);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('line 2: not valid JSON');
    expect(result.stderr).toContain('line 3: /position:');
    expect((await query('SELECT count(*)::int AS n FROM events'))[0].n).toBe(before);
  },
  CLI_TEST_TIMEOUT,
);

test(
  'import writes in chunks; re-running writes only what is missing',
  async () => {
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
  },
  CLI_TEST_TIMEOUT,
);

test(
  'export streams every statement as JSONL or as CSV with dotted headers',
  async () => {
    const jsonl = await cli('export');
    expect(jsonl.code).toBe(0);
    const rows = jsonl.stdout
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line));
    expect(rows).toHaveLength(shippedDemo.statements.length + 250);
    // v2: holder, attribution, modality and sources added; source (= sources[0]) kept.
    expect(Object.keys(rows[0])).toEqual([
      'statementId',
      'revision',
      'status',
      'holder',
      'actor',
      'topic',
      'target',
      'position',
      'statedAt',
      'attribution',
      'modality',
      'summary',
      'quote',
      'quoteLanguage',
      'sources',
      'source',
      'cameoCode',
      'utteranceId',
      'recordedAt',
      'recordedBy',
      'revisedAt',
      'revisedBy',
    ]);
    const csv = await cli('export', '--format', 'csv');
    const [header, ...lines] = csv.stdout.trim().split('\r\n');
    expect(header.split(',')).toContain('actor.country');
    expect(header.split(',')).toContain('source.url');
    expect(header.split(',')).toContain('sourceCount');
    expect(lines).toHaveLength(rows.length);
    expect((await cli('export', '--format', 'xml')).code).not.toBe(0);
  },
  CLI_TEST_TIMEOUT,
);

test(
  'import checks every topic before writing: an unregistered one at line 151 writes nothing and names line and field',
  async () => {
    const file = join(dir, 'unregistered-topic.jsonl');
    const lines = Array.from({ length: 200 }, (_, i) =>
      JSON.stringify(statementBody({ summary: `topic check ${i}`, ...(i >= 150 ? { topic: 'not-registered-yet' } : {}) })),
    );
    writeFileSync(file, lines.join('\n') + '\n');
    const before = await eventCount();
    const result = await cli('import', file);
    expect(result.code).toBe(1);
    const errors = result.stderr.split('\n').filter((line) => line.startsWith('line '));
    // The first 20 errors, earliest first, then a count of the rest.
    expect(errors[0]).toBe('line 151: /topic: topic "not-registered-yet" is not registered; register it first (POST /v1/topics)');
    expect(errors).toHaveLength(20);
    expect(result.stderr).toContain('… and 30 more errors');
    expect(result.stderr).toContain('has 50 error(s); nothing was written');
    expect(await eventCount()).toBe(before);
  },
  CLI_TEST_TIMEOUT,
);

test(
  'import refuses duplicates (v2) with the line: two lines alike, or a line alike to an active statement; nothing written',
  async () => {
    const source = { url: 'https://example.org/import-duplicates', publisher: 'Example' };
    const recorded = join(dir, 'duplicate-base.jsonl');
    writeFileSync(recorded, JSON.stringify(statementBody({ source, statedAt: '2023-05-01', summary: 'on record' })) + '\n');
    const base = await cli('import', recorded);
    expect([base.code, base.stderr]).toEqual([0, expect.stringContaining('import: 1/1')]); // the stderr shown if it fails
    const before = await eventCount();
    const file = join(dir, 'duplicates.jsonl');
    const lines = [
      statementBody({ source, statedAt: '2023-05-02', summary: 'new' }),
      statementBody({ source, statedAt: '2023-05-02', summary: 'the same, reworded' }),
      statementBody({ source, statedAt: '2023-05-01', summary: 'the recorded one again' }),
    ];
    writeFileSync(file, lines.map((line) => JSON.stringify(line)).join('\n'));
    const result = await cli('import', file);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('line 2: repeats line 1');
    expect(result.stderr).toMatch(/line 3: repeats active statement [0-9a-f-]{36}/);
    expect(result.stderr).not.toMatch(/^line 1:/m);
    expect(await eventCount()).toBe(before);
  },
  CLI_TEST_TIMEOUT,
);

test(
  'import refuses a statementId that conflicts, with the line: recorded with other content, or twice in the file',
  async () => {
    const recordedId = '0b6a1f52-7c1e-4d0b-9a43-5d2f8e7c6a10';
    const first = join(dir, 'client-ids.jsonl');
    writeFileSync(first, JSON.stringify(statementBody({ statementId: recordedId, summary: 'chosen id' })) + '\n');
    expect((await cli('import', first)).code).toBe(0);
    // The same line again is a re-run, not a conflict.
    expect((await cli('import', first)).code).toBe(0);
    const before = await eventCount();
    const file = join(dir, 'conflicting-ids.jsonl');
    const twice = '5e0c3b7a-2d41-4f6e-8b19-3a7c9d2e1f04';
    writeFileSync(
      file,
      [
        statementBody({ summary: 'new and fine' }),
        statementBody({ statementId: recordedId, summary: 'other content' }),
        statementBody({ statementId: twice, summary: 'first use' }),
        statementBody({ statementId: twice.toUpperCase(), summary: 'second use, other content' }),
      ]
        .map((line) => JSON.stringify(line))
        .join('\n'),
    );
    const result = await cli('import', file);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(`line 2: /statementId: statement ${recordedId} is already recorded with other content`);
    expect(result.stderr).toContain(`line 4: /statementId: statementId ${twice} is already used by line 3 with other content`);
    expect(result.stderr).not.toMatch(/^line [13]:/m);
    expect(await eventCount()).toBe(before);
  },
  CLI_TEST_TIMEOUT,
);

test(
  'a mistyped command line is one line naming what is valid there, before any database work',
  async () => {
    const csv = await cli('export', 'csv');
    expectOneLine(csv, 2, /^stance-ledger: export takes no argument "csv"; did you mean: export --format csv$/);
    expect(csv.stdout).toBe('');
    expectOneLine(await cli('export', '--format', 'xml'), 2, /^stance-ledger: export: --format must be jsonl or csv, not "xml"$/);
    expectOneLine(await cli('export', '--bogus'), 2, /^stance-ledger: export: unknown option --bogus \(valid: --format <jsonl\|csv>, --help\)$/);
    expectOneLine(await cli('verify', '--format', 'csv'), 2, /^stance-ledger: verify: unknown option --format \(valid: --checkpoint <file.json>, --help\)$/);
    expectOneLine(await cli('frobnicate'), 2, /^stance-ledger: unknown command "frobnicate"; commands: seed, import, export, rebuild, verify/);
    expectOneLine(await cli('import'), 2, /^stance-ledger: import: missing <file.jsonl>/);
    expectOneLine(await cli('import', join(dir, 'absent.jsonl')), 1, /^stance-ledger: import: cannot read .*absent\.jsonl: no such file$/);
    const help = await cli('--help');
    expect(help.code).toBe(0);
    expect(help.stdout).toMatch(/^usage: stance-ledger <command>/);
  },
  CLI_TEST_TIMEOUT,
);

test(
  'rebuild replays the log into fresh tables that equal the incremental ones',
  async () => {
    const snapshot = async () => ({
      statements: await query(
        'SELECT s.statement_id, s.revision, s.status, s.country, s.topic, s.target, s.position, s.stated_from, s.stated_at, s.record_log_position, s.log_position, v.doc FROM statements s JOIN statement_versions v USING (statement_id, revision) ORDER BY statement_id',
      ),
      versions: await query(
        'SELECT statement_id, revision, log_position, recorded_from, recorded_to, superseded_at, status, doc FROM statement_versions ORDER BY statement_id, revision',
      ),
      stances: await query('SELECT * FROM current_stances ORDER BY holder, topic, target NULLS FIRST'),
      topics: await query('SELECT * FROM topics ORDER BY slug'),
      checkpoint: await query(`SELECT log_position FROM projection_checkpoints`),
    });
    const before = await snapshot();
    const result = await cli('rebuild');
    expect(result.code).toBe(0);
    const events = Number(before.checkpoint[0].log_position);
    expect(JSON.parse(result.stdout)).toMatchObject({ rebuilt: true, eventsApplied: events });
    // Progress reaches its total (it used to stop at 0/N when the log fit in one batch).
    expect(result.stderr).toContain(`rebuild: ${events}/${events} events (100%)`);
    expect(await snapshot()).toEqual(before);
  },
  CLI_TEST_TIMEOUT,
);

test(
  'verify recomputes the chain and checks a saved checkpoint; a bad file is a clear failure',
  async () => {
    const verified = await cli('verify');
    expect(verified.code).toBe(0);
    expect(JSON.parse(verified.stdout)).toMatchObject({ ok: true });
    expect((await cli('verify', '--checkpoint', join(dir, 'missing.json'))).code).toBe(1);
    const unknown = await cli('frobnicate');
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('unknown command');
  },
  CLI_TEST_TIMEOUT,
);

test(
  'verify --checkpoint with a file that is missing, not JSON or not a checkpoint: one line, before the database',
  async () => {
    expectOneLine(
      await cli('verify', '--checkpoint', join(dir, 'missing.json')),
      1,
      /^stance-ledger: verify: cannot read checkpoint .*missing\.json: no such file$/,
    );
    const notJson = join(dir, 'not-json.json');
    writeFileSync(notJson, 'logPosition=12\n');
    expectOneLine(await cli('verify', '--checkpoint', notJson), 1, /^stance-ledger: verify: .*not-json\.json is not JSON/);
    // The shape that used to reach PostgreSQL as `invalid input syntax for type bigint: "NaN"`.
    const wrongShape = join(dir, 'wrong-shape.json');
    writeFileSync(wrongShape, JSON.stringify({ head: 12, hash: 'abc' }));
    const shape = await cli('verify', '--checkpoint', wrongShape);
    expectOneLine(shape, 1, /^stance-ledger: verify: .*wrong-shape\.json is not a checkpoint: \/logPosition: expected a positive integer \(and 4 more\)$/);
    expect(shape.stdout).toBe('');
  },
  CLI_TEST_TIMEOUT,
);

test(
  'a bad PORT is one line and exit 2, before anything starts',
  async () => {
    expectOneLine(await startApi({ PORT: 'abc' }), 2, /^stance-ledger: PORT: "abc" is not a port number/);
    expectOneLine(await startApi({ PORT: '70000' }), 2, /^stance-ledger: PORT: a port number is at most 65535 \(given "70000"\)$/);
  },
  CLI_TEST_TIMEOUT,
);

test(
  'a port already taken is one line and exit 2',
  async () => {
    const holder = createServer();
    await new Promise<void>((resolve) => holder.listen(0, '127.0.0.1', resolve));
    const { port } = holder.address() as AddressInfo;
    try {
      expectOneLine(await startApi({ PORT: String(port) }), 2, new RegExp(`^stance-ledger: PORT: ${port} is already in use on 0\\.0\\.0\\.0`));
    } finally {
      holder.close();
    }
  },
  CLI_TEST_TIMEOUT,
);

// No start deadline of its own: a slow start waits (within the test's timeout).
test(
  'the start log names the address actually bound, and where to open it',
  async () => {
    const server = await startApi({ PORT: '0', LOG_LEVEL: 'warn' }, /listening on .*\n/);
    try {
      expect(server.code).toBeNull();
      expect(server.stderr).toMatch(/Stance Ledger listening on http:\/\/0\.0\.0\.0:\d+ — API reference at http:\/\/localhost:\d+\/docs\n/);
      expect(server.stderr).toMatch(/\nBrowser view at http:\/\/localhost:\d+\/\n/);
    } finally {
      await server.stop();
    }
    const loopback = await startApi({ PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'warn' }, /listening on .*\n/);
    try {
      expect(loopback.stderr).toMatch(/Stance Ledger listening on http:\/\/127\.0\.0\.1:\d+ — API reference at http:\/\/127\.0\.0\.1:\d+\/docs\n/);
    } finally {
      await loopback.stop();
    }
  },
  CLI_TEST_TIMEOUT,
);

/** An organization the demo does not register (it registers aukus). */
const QUAD = { slug: 'quad', name: 'Quad', kind: 'organization', country: null, members: ['AUS', 'IND', 'JPN', 'USA'], description: null };

test(
  'import-actors checks the whole file first, registers only what is missing, and export-actors gives the actors back',
  async () => {
    const before = await eventCount();
    const bad = join(dir, 'actors-bad.jsonl');
    writeFileSync(bad, [JSON.stringify(AUKUS), JSON.stringify({ ...COMMONS_COMMITTEE, slug: 'kor' }), '{not json'].join('\n') + '\n');
    const refused = await cli('import-actors', bad);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(/^line 2: \/slug: kor is a country code/m);
    expect(refused.stderr).toMatch(/^line 3: not a JSON value/m);
    expect(await eventCount()).toBe(before);

    const good = join(dir, 'actors.jsonl');
    writeFileSync(good, [JSON.stringify(COMMONS_COMMITTEE), JSON.stringify(QUAD)].join('\n') + '\n');
    const first = await cli('import-actors', good);
    expect([first.code, JSON.parse(first.stdout)]).toEqual([0, { file: good, actors: 2, registered: 2 }]);
    expect(await eventCount()).toBe(before + 2);
    const again = await cli('import-actors', good);
    expect([again.code, JSON.parse(again.stdout)]).toEqual([0, { file: good, actors: 2, registered: 0 }]);
    expect(await eventCount()).toBe(before + 2);

    const exported = await cli('export-actors');
    expect(exported.code).toBe(0);
    expect(
      exported.stdout
        .trimEnd()
        .split('\n')
        .map((line) => JSON.parse(line)),
    ).toEqual([shippedDemo.actors[0], COMMONS_COMMITTEE, QUAD]); // aukus was registered by the seed above
  },
  CLI_TEST_TIMEOUT,
);
