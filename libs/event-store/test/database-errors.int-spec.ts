import { classifyDatabaseError, EventLogReader, EventStoreUnavailableError, eventStoreMigrations } from '@app/event-store';
import { freePort, runMigrations } from '@app/platform';
import pg from 'pg';
import { createTestDatabase, type TestDatabase } from '../../../test/support/database.js';

/**
 * What a real failure of PostgreSQL or of the pool in front of it is classed as: whether a
 * projector retries or stops, and whether a client is told "busy" or "the database is
 * unavailable", depends on it (docs/reliability.md, "Bulkheads").
 */
let db: TestDatabase;
const pools: pg.Pool[] = [];

beforeAll(async () => {
  db = await createTestDatabase('db_errors');
  await runMigrations(db.url, eventStoreMigrations);
});

afterAll(async () => {
  await Promise.all(pools.map((pool) => pool.end()));
  await db.drop();
});

function pool(options: pg.PoolConfig): pg.Pool {
  const created = new pg.Pool({ connectionString: db.url, ...options });
  created.on('error', () => undefined);
  pools.push(created);
  return created;
}

async function failure(work: () => Promise<unknown>): Promise<unknown> {
  try {
    await work();
  } catch (error) {
    return error;
  }
  throw new Error('expected a failure');
}

test('a pool whose every connection stays checked out past its timeout is busy, not down', async () => {
  const full = pool({ max: 1, connectionTimeoutMillis: 30_000 });
  const held = await full.connect();
  // Only the waits for the held connection time out fast: opening it took longer than 200 ms
  // on a loaded machine (pg-pool reads the option at each connect).
  full.options.connectionTimeoutMillis = 200;
  try {
    const error = await failure(() => full.query('SELECT 1'));
    expect((error as Error).message).toMatch(/timeout exceeded when trying to connect/);
    expect(classifyDatabaseError(error)).toBe('busy');
    // Through the event store's reader it is EventStoreUnavailableError, and still says busy.
    const wrapped = await failure(() => new EventLogReader(full).head());
    expect(wrapped).toBeInstanceOf(EventStoreUnavailableError);
    expect((wrapped as EventStoreUnavailableError).reason).toBe('busy');
    expect(classifyDatabaseError(wrapped)).toBe('busy');
  } finally {
    held.release();
  }
});

test('no server on the port is down', async () => {
  const url = new URL(db.url);
  url.port = String(await freePort());
  const nowhere = new pg.Pool({ connectionString: url.toString(), connectionTimeoutMillis: 2000 });
  pools.push(nowhere);
  const error = await failure(() => nowhere.query('SELECT 1'));
  expect(classifyDatabaseError(error)).toBe('down');
  const wrapped = await failure(() => new EventLogReader(nowhere).readAll({ after: 0, limit: 1 }));
  expect((wrapped as EventStoreUnavailableError).reason).toBe('down');
});

test('a session ended by the server (an administrator, a restart) is down', async () => {
  const one = pool({ max: 1 });
  const client = await one.connect();
  client.on('error', () => undefined);
  const pid = (await client.query<{ pid: number }>('SELECT pg_backend_pid() AS pid')).rows[0].pid;
  const admin = pool({ max: 1 });
  const killed = failure(() => client.query('SELECT pg_sleep(5)'));
  await new Promise((resolve) => setTimeout(resolve, 100));
  await admin.query('SELECT pg_terminate_backend($1)', [pid]);
  expect(classifyDatabaseError(await killed)).toBe('down');
  client.release(true);
});

test('what the server refuses for what was sent is permanent: a retry would get the same answer', async () => {
  const any = pool({ max: 1 });
  await any.query('CREATE TABLE IF NOT EXISTS once (id int PRIMARY KEY)');
  await any.query('INSERT INTO once VALUES (1)');
  expect(classifyDatabaseError(await failure(() => any.query('INSERT INTO once VALUES (1)')))).toBe('permanent');
  expect(classifyDatabaseError(await failure(() => any.query("SELECT 'x'::bigint")))).toBe('permanent');
  expect(classifyDatabaseError(await failure(() => any.query('SELECT * FROM no_such_table')))).toBe('permanent');
  expect(classifyDatabaseError(new TypeError("Cannot read properties of undefined (reading 'actor')"))).toBe('permanent');
});

test('a statement cancelled for running too long is busy', async () => {
  const any = pool({ max: 1 });
  const error = await failure(() => any.query('SET statement_timeout = 50; SELECT pg_sleep(1)'));
  expect(classifyDatabaseError(error)).toBe('busy');
});
