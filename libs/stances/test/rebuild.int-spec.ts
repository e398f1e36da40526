import { eventStoreMigrations, PostgresEventStore } from '@app/event-store';
import { runMigrations } from '@app/platform';
import { LIVE_TABLES, readModelMigrations, rebuildReadModels } from '@app/stances';
import pg from 'pg';
import { applyLedgerEvents } from '../src/projection/batch-applier.js';
import { LedgerGenerator, loadLedger } from '@app/testing';
import { createTestDatabase, type TestDatabase } from '../../../test/support/database.js';

// A rebuild prepares each batch while the previous one's writes commit, hands the
// statements that batch changed to the next as pending state, and writes many rows by
// COPY. Whatever the batch size, it must produce exactly what live updates produced.

const EVENTS = 3000;

let db: TestDatabase;
let pool: pg.Pool;
let store: PostgresEventStore;

async function snapshot() {
  const rows = async (sql: string) => (await pool.query(sql)).rows;
  return {
    statements: await rows(`SELECT s.*, v.doc FROM statements s JOIN statement_versions v USING (statement_id, revision) ORDER BY statement_id`),
    versions: await rows('SELECT * FROM statement_versions ORDER BY statement_id, revision'),
    stances: await rows('SELECT * FROM current_stances ORDER BY holder, topic, target NULLS FIRST'),
    topics: await rows('SELECT * FROM topics ORDER BY slug'),
  };
}

beforeAll(async () => {
  db = await createTestDatabase('rebuild');
  await runMigrations(db.url, [...eventStoreMigrations, ...readModelMigrations]);
  pool = new pg.Pool({ connectionString: db.url, max: 4 });
  store = await PostgresEventStore.create({ url: db.url });
  const generator = new LedgerGenerator(20261130, EVENTS);
  await store.append(generator.topicUnit());
  await loadLedger(store, generator, EVENTS, { unit: 20, concurrency: 4, log: () => undefined });
  expect(generator.counts.corrected + generator.counts.retracted).toBeGreaterThan(100);

  // Live updates: the projector's own function, a few events at a time.
  const events = await store.readAll({ after: 0, limit: EVENTS * 2 });
  const client = await pool.connect();
  try {
    for (let start = 0; start < events.length; start += 13) {
      await client.query('BEGIN');
      await applyLedgerEvents(client, LIVE_TABLES, events.slice(start, start + 13));
      await client.query('COMMIT');
    }
  } finally {
    client.release();
  }
}, 120_000);

afterAll(async () => {
  await store?.close();
  await pool?.end();
  await db?.drop();
});

test.each([
  ['batches of 7 (many boundaries, a statement often corrected in the batch after its recording)', 7],
  ['batches of 250 (new rows by COPY)', 250],
])(
  'a rebuild in %s equals the live projection',
  async (_name, batchSize) => {
    const live = await snapshot();
    expect(live.versions.length).toBeGreaterThan(EVENTS * 0.9);
    const result = await rebuildReadModels(pool, store, undefined, { batchSize });
    expect(result.eventsApplied).toBe((await store.head()).logPosition);
    expect(await snapshot()).toEqual(live);
  },
  120_000,
);
