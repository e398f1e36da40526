import { spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PostgresEventStore } from '@app/event-store';
import { LedgerGenerator, loadLedger } from '@app/testing';
import { queryRows } from '../support/database.js';
import { startServerProcess, type ServerProcess } from '../support/server-process.js';
import { startOwnPostgres, type OwnPostgres } from './support/own-postgres.js';
import { START_HOOK_TIMEOUT_MS } from '../support/start-watch.js';

/**
 * `npm run cli -- rebuild` when PostgreSQL goes away half-way: the command must end by
 * itself with a plain error message and exit code 1 (not an unhandled 'error' event), and
 * the live read models must be exactly as before — the rebuild only ever wrote its shadow
 * tables, and swaps them in only in its last transaction.
 */
const EVENTS = 40_000;

let postgres: OwnPostgres;
let server: ServerProcess | null = null;

beforeAll(async () => {
  postgres = await startOwnPostgres();
  // The server migrates the database and runs the projector that builds the live tables.
  server = await startServerProcess({
    DATABASE_URL: postgres.url,
    DATA_DIR: mkdtempSync(join(tmpdir(), 'stance-ledger-rebuild-loss-server-')),
    RATE_LIMIT_PER_MIN: '0',
  });
  // A log long enough that the rebuild takes seconds, written through the store (the
  // server's projector follows it), with the benchmark's realistic generator.
  const store = await PostgresEventStore.create({ url: postgres.url });
  const generator = new LedgerGenerator(7, EVENTS, 'rebuild-loss');
  await store.append(generator.topicUnit());
  await loadLedger(store, generator, EVENTS, { unit: 1000, concurrency: 2, log: () => undefined });
  const head = (await store.head()).logPosition;
  await store.close();
  for (const deadline = Date.now() + 120_000; ;) {
    const [{ log_position }] = await rows<{ log_position: string }>('SELECT log_position FROM projection_checkpoints');
    if (Number(log_position) >= head) break;
    if (Date.now() > deadline) throw new Error(`the projector did not reach ${head}`);
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  await server.kill();
  server = null;
}, START_HOOK_TIMEOUT_MS);

afterAll(async () => {
  await server?.kill();
  await postgres?.destroy();
});

const rows = <T>(sql: string): Promise<T[]> => queryRows<T>(postgres.url, sql);

const liveTables = async () => ({
  statements: await rows(
    `SELECT count(*)::int AS n, md5(string_agg(statement_id::text || ':' || revision, ',' ORDER BY statement_id)) AS digest FROM statements`,
  ),
  stances: await rows(
    `SELECT count(*)::int AS n, md5(string_agg(holder || topic || coalesce(target, '-') || position || statement_count, ',' ORDER BY holder, topic, target)) AS digest FROM current_stances`,
  ),
  checkpoint: await rows('SELECT log_position FROM projection_checkpoints'),
});

test(
  'losing PostgreSQL during a rebuild ends the CLI with a clear error and leaves the live read models untouched',
  async () => {
    const before = await liveTables();
    expect(before.statements[0]).toMatchObject({ n: expect.any(Number) });
    const child = spawn(process.execPath, ['dist/apps/cli/src/main.js', 'rebuild'], {
      env: { ...process.env, DATABASE_URL: postgres.url, DATA_DIR: mkdtempSync(join(tmpdir(), 'stance-ledger-rebuild-loss-')), LOG_LEVEL: 'warn' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stderr = '';
    let stdout = '';
    child.stdout.on('data', (chunk) => (stdout += chunk));
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    // Stop PostgreSQL once the replay is under way (its first progress line).
    await new Promise<void>((resolve) =>
      child.stderr.on('data', (chunk) => {
        stderr += chunk;
        if (stderr.includes('rebuild: ')) resolve();
      }),
    );
    await postgres.stop('immediate');
    const code = await Promise.race([exited, new Promise<'hung'>((resolve) => setTimeout(() => resolve('hung'), 60_000))]);
    if (code === 'hung') child.kill('SIGKILL');
    expect(code).toBe(1);
    expect(stdout).toBe('');
    expect(stderr).toMatch(/^stance-ledger: .+/m);
    expect(stderr).not.toMatch(/Unhandled 'error' event|node:internal| {4}at /);

    await postgres.start();
    expect(await liveTables()).toEqual(before);
  },
  START_HOOK_TIMEOUT_MS,
);
