import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createTestDatabase, withConnection, type TestDatabase } from '../support/database.js';
import { demo, statementBody } from '../support/demo.js';
import { startServerProcess, type ServerProcess } from '../support/server-process.js';

/**
 * Concurrent verifies do not slow writes (issue 16, point 3). The built server as its own
 * process holds a ledger of a few thousand events; 20 callers from 10 reader keys keep
 * asking `GET /v1/audit/verify` for a while (a refused caller waits Retry-After), while two writers record statements one at a time and time each
 * answer; before and after the storm the same writers measure the baseline. Then an old row is
 * tampered with in PostgreSQL, and a verify still names it.
 */
const EVENTS = 5000;
const STORM_MS = 8000;
const QUIET_MS = 3000;
const CALLERS = 20;
const KEYS = 10;
const ADMIN = 'verify-storm-admin-token-0123456789';
const readerToken = (key: number) => `verify-storm-reader-${key}-token-0123456789`;

let db: TestDatabase;
let server: ServerProcess;

async function call(method: string, path: string, token: string, body?: unknown) {
  const response = await fetch(server.url + path, {
    method,
    headers: { authorization: `Bearer ${token}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  return { status: response.status, headers: response.headers, json: text ? JSON.parse(text) : undefined };
}

let serial = 0;
const statement = () => statementBody({ summary: `verify storm statement ${++serial}` });

/** Records statements one at a time in each of 2 lanes for `ms`; each answer's latency in ms. */
async function timedWrites(ms: number): Promise<number[]> {
  const latencies: number[] = [];
  const ends = Date.now() + ms;
  await Promise.all(
    [0, 1].map(async () => {
      while (Date.now() < ends) {
        const started = performance.now();
        const { status } = await call('POST', '/v1/statements', ADMIN, statement());
        latencies.push(performance.now() - started);
        expect(status).toBe(201);
      }
    }),
  );
  return latencies;
}

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}

beforeAll(async () => {
  db = await createTestDatabase('verify_storm');
  const readers = Array.from({ length: KEYS }, (_, key) => `v${key}:reader:${readerToken(key)}`);
  server = await startServerProcess({
    DATABASE_URL: db.url,
    DATA_DIR: mkdtempSync(join(tmpdir(), 'stance-ledger-verify-storm-')),
    API_KEYS: [`root:admin:${ADMIN}`, ...readers].join(','),
    RATE_LIMIT_PER_MIN: '0',
  });
  for (const topic of demo.topics) expect((await call('POST', '/v1/topics', ADMIN, topic)).status).toBe(201);
  // The ledger, fast: batches of 100 statements (one event each) from 4 writers at once.
  const batches = Array.from({ length: EVENTS / 100 }, () => Array.from({ length: 100 }, statement));
  await Promise.all(
    Array.from({ length: 4 }, async () => {
      for (let batch = batches.pop(); batch; batch = batches.pop()) {
        expect((await call('POST', '/v1/statements/batch', ADMIN, { statements: batch })).status).toBe(201);
      }
    }),
  );
}, 120_000);

afterAll(async () => {
  await server?.kill();
  await db?.drop();
});

test(`${CALLERS} callers from ${KEYS} keys verifying for ${STORM_MS / 1000} s over ${EVENTS} events: writes keep their pace, every verify answers 200 ok (or 429 for a key's second call), none 503; runs are shared`, async () => {
  // The baseline is measured just before and just after the storm, so that a change in the
  // machine's load meanwhile (other test files) weighs on both sides.
  const before = await timedWrites(QUIET_MS);
  const answers: { key: number; status: number; type?: string; retryAfter: string | null; ok?: boolean; head?: number }[] = [];
  const stormEnds = Date.now() + STORM_MS;
  const callers = Array.from({ length: CALLERS }, async (_, caller) => {
    const key = caller % KEYS;
    while (Date.now() < stormEnds) {
      const { status, headers, json } = await call('GET', '/v1/audit/verify', readerToken(key));
      answers.push({ key, status, type: json?.type, retryAfter: headers.get('retry-after'), ok: json?.ok, head: json?.head?.logPosition });
      if (status === 429) await new Promise((resolve) => setTimeout(resolve, 1000 * Number(headers.get('retry-after'))));
    }
  });
  const [underStorm] = await Promise.all([timedWrites(STORM_MS), ...callers]);
  const baseline = [...before, ...(await timedWrites(QUIET_MS))];

  const verified = answers.filter((answer) => answer.status === 200);
  const refused = answers.filter((answer) => answer.status === 429);
  const runs = new Set(verified.map((answer) => answer.head)).size;
  const bound = Math.max(3 * percentile(baseline, 99), 100);
  console.log(
    `verify storm over ${EVENTS} events: write p50/p99/max ${[50, 99, 100].map((p) => percentile(baseline, p).toFixed(1)).join('/')} ms alone ` +
      `(${baseline.length} writes), ${[50, 99, 100].map((p) => percentile(underStorm, p).toFixed(1)).join('/')} ms under ${CALLERS} verify callers ` +
      `(${underStorm.length} writes; bound ${bound.toFixed(1)} ms); ${answers.length} verify answers: ${verified.length} × 200 from ${runs} runs, ` +
      `${refused.length} × 429, other: ${JSON.stringify(answers.filter((answer) => answer.status !== 200 && answer.status !== 429).map((answer) => answer.status))}`,
  );

  expect(answers.filter((answer) => answer.status !== 200 && answer.status !== 429)).toEqual([]);
  expect(verified.every((answer) => answer.ok === true && answer.head! >= EVENTS)).toBe(true);
  expect(refused.every((answer) => answer.type === 'urn:stance-ledger:rate-limited' && Number(answer.retryAfter) >= 1)).toBe(true);
  // Each key got its answers; concurrent callers shared runs rather than each hashing the log.
  expect(new Set(verified.map((answer) => answer.key)).size).toBe(KEYS);
  expect(runs).toBeLessThan(verified.length);
  expect(percentile(underStorm, 99)).toBeLessThanOrEqual(bound);
}, 120_000);

test('a tampered old row is still found by the worker', async () => {
  await withConnection(db.url, async (client) => {
    await client.query('BEGIN');
    await client.query("SET LOCAL session_replication_role = 'replica'");
    await client.query(`UPDATE events SET data = jsonb_set(data, '{summary}', '"rewritten"') WHERE log_position = 10`);
    await client.query('COMMIT');
  });
  const { status, json } = await call('GET', '/v1/audit/verify', readerToken(0));
  expect(status).toBe(200);
  expect(json).toMatchObject({ ok: false, eventsChecked: 9, firstInvalidLogPosition: 10, head: { logPosition: 9 } });
}, 60_000);
