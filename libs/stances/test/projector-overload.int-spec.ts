import { eventStoreMigrations, PostgresEventStore } from '@app/event-store';
import { runMigrations } from '@app/platform';
import { Projector, readModelMigrations } from '@app/stances';
import pg from 'pg';
import { LedgerGenerator } from '@app/testing';
import { createTestDatabase, type TestDatabase } from '../../../test/support/database.js';

/**
 * Overload is not failure (issue 16): a projector that cannot get a connection of its pool
 * in time retries until it can, and never records a failure for it — while a write the
 * read models refuse still stops it at that very event.
 */
let db: TestDatabase;
let store: PostgresEventStore;
let pool: pg.Pool;
let projector: Projector;
const generator = new LedgerGenerator(20_261_124, 100);

beforeAll(async () => {
  db = await createTestDatabase('projector_overload');
  await runMigrations(db.url, [...eventStoreMigrations, ...readModelMigrations]);
  store = await PostgresEventStore.create({ url: db.url });
  await store.append(generator.topicUnit());
  // Two connections: the one it holds while it leads, and one for its batches.
  pool = new pg.Pool({ connectionString: db.url, max: 2, connectionTimeoutMillis: 200 });
  projector = new Projector(store, pool);
  await projector.start();
  expect(projector.status.leader).toBe(true);
  expect(await projector.waitFor((await store.head()).logPosition, 10_000)).toBe(true);
});

afterAll(async () => {
  await projector?.stop();
  await store?.close();
  await pool?.end();
  await db?.drop();
});

async function append(events: number): Promise<number> {
  const generated = generator.nextUnit(events);
  const result = await store.append(generated.unit);
  generated.committed();
  return result.logPosition;
}

async function storedFailure(): Promise<string | null> {
  const { rows } = await pool.query<{ failed_at_position: string | null }>('SELECT failed_at_position FROM projection_checkpoints');
  return rows[0].failed_at_position;
}

test('a pool with no connection to spare is waited out: retried with backoff, never recorded as a failure', async () => {
  const held = await pool.connect();
  let head: number;
  try {
    head = await append(5);
    // Several of its 200 ms connection timeouts go by.
    await new Promise((resolve) => setTimeout(resolve, 1500));
    expect(projector.status.failed).toBeNull();
    expect(projector.status.retrying).toMatch(/^busy: .*timeout exceeded when trying to connect/);
    expect(projector.status.logPosition).toBeLessThan(head);
  } finally {
    held.release();
  }
  expect(await projector.waitFor(head, 10_000)).toBe(true);
  expect(projector.status).toMatchObject({ failed: null, retrying: null });
  expect(await storedFailure()).toBeNull();
});

test('an event the read models refuse stops the projection at that event, without skipping it', async () => {
  const before = projector.status.logPosition;
  await pool.query('ALTER TABLE statements ADD CONSTRAINT refuse_new_rows CHECK (false) NOT VALID');
  try {
    await append(3);
    await new Promise((resolve) => setTimeout(resolve, 1000));
    expect(projector.status.failed?.logPosition).toBe(before + 1);
    expect(projector.status.logPosition).toBe(before);
    expect(await storedFailure()).toBe(String(before + 1));
  } finally {
    await pool.query('ALTER TABLE statements DROP CONSTRAINT refuse_new_rows');
  }
});
