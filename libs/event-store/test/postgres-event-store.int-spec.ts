import {
  eventHash,
  dataHash,
  EventStoreUnavailableError,
  GENESIS_HASH,
  PostgresEventStore,
  verifyChain,
  eventStoreMigrations,
  type PostgresEventStoreOptions,
} from '@app/event-store';
import { runMigrations } from '@app/platform';
import { randomBytes, randomUUID } from 'node:crypto';
import pg from 'pg';
import { createTestDatabase, type TestDatabase } from '../../../test/support/database.js';
import { describeEventStoreContract, logAfter, newEvent, unitOf, until, wholeLog } from './event-store.contract.js';

async function migratedDatabase(): Promise<TestDatabase> {
  const db = await createTestDatabase('event_store');
  await runMigrations(db.url, eventStoreMigrations);
  return db;
}

describeEventStoreContract('PostgresEventStore', async () => {
  const db = await migratedDatabase();
  const opened: PostgresEventStore[] = [await PostgresEventStore.create({ url: db.url })];
  return {
    store: opened[0],
    async openAnother() {
      const another = await PostgresEventStore.create({ url: db.url });
      opened.push(another);
      return another;
    },
    async cleanup() {
      await Promise.all(opened.map((store) => store.close()));
      await db.drop();
    },
  };
});

describe('PostgresEventStore on PostgreSQL', () => {
  let db: TestDatabase;
  let sql: pg.Client;
  const stores: PostgresEventStore[] = [];
  const open = async (options: Partial<PostgresEventStoreOptions> = {}) => {
    const store = await PostgresEventStore.create({ url: db.url, ...options });
    stores.push(store);
    return store;
  };

  const connect = async () => {
    const client = new pg.Client({ connectionString: db.url });
    client.on('error', () => undefined); // some tests kill every session of the database
    await client.connect();
    return client;
  };

  beforeEach(async () => {
    db = await migratedDatabase();
    sql = await connect();
  });
  afterEach(async () => {
    await Promise.all(stores.splice(0).map((store) => store.close()));
    await sql.end();
    await db.drop();
  });

  test('the log refuses UPDATE, DELETE and TRUNCATE', async () => {
    const store = await open();
    await store.append(unitOf('s', 'no_stream', 2));
    for (const statement of [
      `UPDATE events SET data = '{"forged": true}' WHERE log_position = 1`,
      'UPDATE events SET type = type WHERE false',
      'DELETE FROM events WHERE log_position = 2',
      'TRUNCATE events',
    ]) {
      await expect(sql.query(statement)).rejects.toThrow(/the event log is append-only: (UPDATE|DELETE|TRUNCATE) on events is refused/);
    }
    expect(await verifyChain(wholeLog(store))).toMatchObject({ ok: true, eventsChecked: 2 });
  });

  test('events are hashed as PostgreSQL stores them: jsonb key order and number forms do not matter', async () => {
    const store = await open();
    const data = { zeta: 1, alpha: { y: [3, 'x', null], b: 1e21 }, ünï: 0.1, '': -5 };
    await store.append({ items: [{ streamId: 's', expected: 'no_stream', events: [newEvent(data)] }] });
    const [event] = await store.readStream('s');
    expect(event.data).toEqual(data);
    expect(event.dataHash).toBe(dataHash(data));
    expect(await verifyChain(wholeLog(store))).toMatchObject({ ok: true });
  });

  test('quotes, backslashes and other characters survive the JSON literals of the writer', async () => {
    const store = await open();
    const streamId = `statement-'; DROP TABLE events; -- \\ "x" \n 🇰🇷`;
    const data = { quote: `it's "positively" considering \\u0000 \\ \n\t end`, note: "E'\\x41'" };
    await store.append({ items: [{ streamId, expected: 'no_stream', events: [newEvent(data)] }] });
    const [event] = await store.readStream(streamId);
    expect(event).toMatchObject({ streamId, data });
    expect(await verifyChain(wholeLog(store))).toMatchObject({ ok: true, eventsChecked: 1 });
  });

  test('a unit PostgreSQL refuses fails alone; its batch-mates are written', async () => {
    const store = await open();
    const first = store.append(unitOf('first', 'no_stream'));
    // Too long for the (stream_id, revision) btree index even compressed: the INSERT fails.
    const poison = unitOf(`statement-${randomBytes(20_000).toString('hex')}`, 'no_stream');
    const mates = ['a', 'b', 'c'].map((streamId) => unitOf(streamId, 'no_stream'));
    const outcomes = await Promise.allSettled([first, store.append(mates[0]), store.append(poison), ...mates.slice(1).map((unit) => store.append(unit))]);
    expect(outcomes.map((outcome) => outcome.status)).toEqual(['fulfilled', 'fulfilled', 'rejected', 'fulfilled', 'fulfilled']);
    expect((outcomes[2] as PromiseRejectedResult).reason).toMatchObject({ message: expect.stringMatching(/index row/) });
    const log = await logAfter(store, 0);
    expect(log.map((event) => [event.logPosition, event.streamId])).toEqual([
      [1, 'first'],
      [2, 'a'],
      [3, 'b'],
      [4, 'c'],
    ]);
    expect(await verifyChain(log)).toMatchObject({ ok: true });
  });

  test('recordedAt continues from a head recorded ahead of the clock', async () => {
    const future = '2999-01-01T00:00:00.000Z';
    const link = {
      logPosition: 1,
      streamId: 'imported',
      revision: 0,
      type: 'Imported',
      dataHash: dataHash({}),
      metadata: { recordedBy: 'migration', correlationId: 'c', causationId: null, schemaVersion: 1, recordedAt: future },
    };
    await sql.query(
      `INSERT INTO events (log_position, stream_id, revision, event_id, type, data, data_hash, metadata, prev_hash, hash)
       VALUES (1, $1, 0, $2, $3, '{}', $4, $5, $6, $7)`,
      [link.streamId, randomUUID(), link.type, link.dataHash, link.metadata, GENESIS_HASH, eventHash(GENESIS_HASH, link)],
    );
    const store = await open();
    const result = await store.append(unitOf('s', 'no_stream'));
    expect(result.recordedAt).toBe(future);
    const log = await logAfter(store, 0);
    expect(log.map((event) => event.metadata.recordedAt)).toEqual([future, future]);
    expect(await verifyChain(log)).toMatchObject({ ok: true, eventsChecked: 2 });
  });

  test('the writer reconnects after its connection is killed', async () => {
    const store = await open();
    await store.append(unitOf('s', 'no_stream'));
    await sql.query(`SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = 'stance-ledger-writer' AND datname = $1`, [db.name]);
    expect(await store.append(unitOf('s', 0))).toMatchObject({ written: true, logPosition: 2 });
  });

  test('a batch whose connection dies before COMMIT answers is checked, then written exactly once', async () => {
    // The first insert into events kills its own session: the client sees the connection
    // drop with the batch's outcome unknown. A sequence counts outside the transaction.
    await sql.query(`
      CREATE SEQUENCE kill_once;
      CREATE FUNCTION kill_first_insert() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF nextval('kill_once') = 1 THEN PERFORM pg_terminate_backend(pg_backend_pid()); PERFORM pg_sleep(5); END IF;
        RETURN NULL;
      END $$;
      CREATE TRIGGER kill_first_insert AFTER INSERT ON events FOR EACH STATEMENT EXECUTE FUNCTION kill_first_insert();
    `);
    const store = await open();
    const unit = unitOf('s', 'no_stream', 3);
    expect(await store.append(unit)).toMatchObject({ written: true, logPosition: 3 });
    const log = await logAfter(store, 0);
    expect(log.map((event) => event.eventId)).toEqual(unit.items[0].events.map((event) => event.eventId));
    expect(await verifyChain(log)).toMatchObject({ ok: true });
    expect((await sql.query(`SELECT last_value FROM kill_once`)).rows[0].last_value).toBe('2');
  });

  test('an unreachable database answers EventStoreUnavailableError, and the store recovers when it is back', async () => {
    const store = await open({ unavailableAfterMs: 300 });
    await store.append(unitOf('s', 'no_stream'));
    const admin = new pg.Client({ connectionString: process.env.TEST_ADMIN_DATABASE_URL });
    await admin.connect();
    try {
      await admin.query(`ALTER DATABASE ${db.name} WITH ALLOW_CONNECTIONS false`);
      await admin.query(`SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1`, [db.name]);
      await expect(store.append(unitOf('s', 0))).rejects.toBeInstanceOf(EventStoreUnavailableError);
      await expect(store.readAll({ after: 0, limit: 10 })).rejects.toBeInstanceOf(EventStoreUnavailableError);
      await admin.query(`ALTER DATABASE ${db.name} WITH ALLOW_CONNECTIONS true`);
    } finally {
      await admin.end();
    }
    sql = await connect();
    expect(await store.append(unitOf('s', 0))).toMatchObject({ written: true, logPosition: 2 });
    expect(await store.readAll({ after: 0, limit: 10 })).toHaveLength(2);
  });

  test('a subscription outlives a lost database connection and misses nothing', async () => {
    const store = await open({ pollIntervalMs: 50 });
    const received: number[] = [];
    const subscription = store.subscribe({ after: 0, onEvents: async (events) => void received.push(...events.map((e) => e.logPosition)) });
    await store.append(unitOf('s', 'no_stream'));
    await sql.query(`SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid()`, [db.name]);
    const other = await open();
    await other.append(unitOf('s', 0, 2));
    await store.append(unitOf('s', 2));
    await until(() => received.length >= 4, 'the subscriber');
    await subscription.close();
    expect(received).toEqual([1, 2, 3, 4]);
  });

  test('two stores writing the same streams and fresh ones lose nothing, duplicate nothing and keep the chain', async () => {
    // Each writer skips reading when it believes it knows the head and the streams; the
    // other store makes that belief stale all the time, and only the database's checks
    // stand between the two and a gap, a duplicate or a fork of the chain.
    const stores = [await open(), await open()];
    const shared = Array.from({ length: 4 }, (_, index) => `shared-${index}`);
    const written = new Set<string>();
    const work = (store: PostgresEventStore, worker: number) => async () => {
      const exact = new Map<string, number>();
      for (let round = 0; round < 15; round++) {
        const streamId = shared[(worker + round) % shared.length];
        const units = [unitOf(`fresh-${randomUUID()}`, 'no_stream', 1 + (round % 3)), unitOf(streamId, 'any'), unitOf(streamId, exact.get(streamId) ?? 'any')];
        for (const unit of units) {
          try {
            const result = await store.append(unit);
            exact.set(streamId, result.items[0].revision);
            for (const event of unit.items[0].events) written.add(event.eventId);
          } catch (error) {
            expect(error).toMatchObject({ code: 'EVENT_STORE.WRONG_EXPECTED_REVISION' });
            exact.delete(streamId);
          }
        }
      }
    };
    await Promise.all(stores.flatMap((store) => Array.from({ length: 12 }, (_, worker) => work(store, worker)())));
    const log = await logAfter(stores[0], 0);
    expect(log.map((event) => event.logPosition)).toEqual(log.map((_, index) => index + 1));
    expect(new Set(log.map((event) => event.eventId))).toEqual(written);
    expect(log).toHaveLength(written.size);
    for (const streamId of shared) {
      const revisions = log.filter((event) => event.streamId === streamId).map((event) => event.revision);
      expect(revisions).toEqual(revisions.map((_, index) => index));
    }
    const recordedAt = log.map((event) => event.metadata.recordedAt);
    expect(recordedAt).toEqual([...recordedAt].sort());
    expect(await verifyChain(log)).toMatchObject({ ok: true, eventsChecked: log.length });
  });

  test('create refuses a database without the event store schema', async () => {
    const empty = await createTestDatabase('event_store_empty');
    try {
      await expect(PostgresEventStore.create({ url: empty.url })).rejects.toThrow(/run eventStoreMigrations first/);
    } finally {
      await empty.drop();
    }
  });
});
