import { execFile } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { queryRows } from '../support/database.js';
import { demo, shippedDemo } from '../support/demo.js';
import { startTestServer, type TestServer } from '../support/server.js';

/**
 * `seed` on a ledger that already holds the first release's demo rows (each position filed
 * under a country, one source, no attribution): every bent row is corrected into the
 * faithful one with its reason, what was missing is recorded, and nothing of the old rows
 * keeps answering. A v1 client's writes are how those rows got there, as they did then.
 */
const run = promisify(execFile);
let api: TestServer;

/** Each CLI call boots and migrates a process: minutes at a high load average on two cores. */
const CLI_TEST_TIMEOUT = 300_000;

async function seed(): Promise<Record<string, unknown>> {
  const env = { ...process.env, DATABASE_URL: api.db.url, DATA_DIR: mkdtempSync(join(tmpdir(), 'stance-ledger-seed-')), LOG_LEVEL: 'warn' };
  const { stdout } = await run(process.execPath, ['dist/apps/cli/src/main.js', 'seed'], { env });
  return JSON.parse(stdout);
}

const eventCount = async (): Promise<number> => (await queryRows(api.db.url, 'SELECT count(*)::int AS n FROM events'))[0].n;

/** Until the server's read models have applied everything the CLI wrote (a read with minLogPosition waits up to 5 s, then 503). */
async function caughtUp(): Promise<void> {
  const head = (await queryRows(api.db.url, 'SELECT max(log_position)::int AS head FROM events'))[0].head;
  while ((await api.call('GET', `/v1/statements?limit=1&minLogPosition=${head}`, { role: 'reader' })).status !== 200);
}

beforeAll(async () => {
  api = await startTestServer();
  for (const topic of demo.topics) expect((await api.call('POST', '/v1/topics', { body: topic })).status).toBe(201);
  expect((await api.call('POST', '/v1/statements/batch', { body: { statements: demo.statements } })).status).toBe(201);
});
afterAll(async () => {
  await api?.stop();
});

test(
  "seed upgrades a ledger holding the first release's demo: bent rows corrected with their reasons, the missing one recorded, a second seed writes nothing",
  async () => {
    const first = await seed();
    const corrected = Object.keys(shippedDemo.corrections);
    expect(first).toMatchObject({ topicsRegistered: 0, actorsRegistered: 1, statementsRecorded: 1, statementsCorrected: corrected.length });
    await caughtUp();

    // Every demo statement now answers exactly as the shipped file has it.
    for (const { statementId, ...content } of shippedDemo.statements) {
      const { body } = await api.call('GET', `/v1/statements/${statementId}`, { role: 'reader' });
      expect({ statementId, ...body }).toMatchObject({ statementId, ...content, status: 'active' });
      // v1 clients read the primary source as `source` (a title left out is answered null).
      expect(body.source).toEqual({ title: null, ...content.sources[0] });
    }

    // Each correction carries the file's reason, and was made by the CLI.
    const changes = (await api.call('GET', '/v1/audit/changes?limit=500', { role: 'reader' })).body.items.filter(
      (item: { type: string }) => item.type === 'StatementCorrected',
    );
    expect(changes.map((item: { statementId: string }) => item.statementId).sort()).toEqual([...corrected].sort());
    for (const item of changes) expect(item).toMatchObject({ reason: shippedDemo.corrections[item.statementId], recordedBy: 'cli' });

    // No bent row keeps answering: the United States no longer "holds" AUKUS's position on Korea.
    const stances = (await api.call('GET', '/v1/stances?topic=aukus-pillar-ii', { role: 'reader' })).body.items;
    const keys = stances.map((s: { holder: string; target: string; position: string; attribution: string; statementCount: number }) => [
      s.holder,
      s.target,
      s.position,
      s.attribution,
      s.statementCount,
    ]);
    expect(keys).toEqual(
      expect.arrayContaining([
        ['aukus', 'JPN', 'considering', 'on_record', 3],
        ['aukus', 'CAN', 'considering', 'unnamed_official', 1],
        ['aukus', 'NZL', 'considering', 'unnamed_official', 1],
        ['aukus', 'KOR', 'supports', 'reported', 2],
        ['CHN', 'JPN', 'opposes', 'on_record', 1],
        ['KOR', 'KOR', 'considering', 'on_record', 2],
      ]),
    );
    expect(keys).toHaveLength(6);
    expect((await api.call('GET', '/v1/stances?country=USA', { role: 'reader' })).body.items).toEqual([]);

    const events = await eventCount();
    expect(await seed()).toMatchObject({ actorsRegistered: 0, statementsRecorded: 0, statementsCorrected: 0, statementsWritten: false });
    expect(await eventCount()).toBe(events);
  },
  CLI_TEST_TIMEOUT,
);
