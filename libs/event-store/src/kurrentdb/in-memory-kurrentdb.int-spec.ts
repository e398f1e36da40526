import {
  KurrentDbEventStore,
  verifyChain,
  eventStoreMigrations,
  ChainingTimeoutError,
  type ChainerReport,
  type KurrentDbEventStoreOptions,
} from '@app/event-store';
import { runMigrations } from '@app/platform';
import pg from 'pg';
import { createTestDatabase, type TestDatabase } from '../../../../test/support/database.js';
import { describeEventStoreContract, logAfter, newEvent, unitOf, until, wholeLog } from '../../test/event-store.contract.js';
import { jsonEvent } from '@kurrent/kurrentdb-client';
import { CHAINER_LOCK_KEY } from './chainer.js';
import { InMemoryKurrentDb } from './testing/in-memory-kurrentdb.js';

/**
 * The adapter's own logic — chainer, leadership and failover, waiting for the chain,
 * idempotency keys, error mapping — on a real PostgreSQL, with an in-memory TEST DOUBLE in
 * place of the KurrentDB server (no server can run here). The server itself is exercised
 * only by libs/event-store/test/kurrentdb-event-store.int-spec.ts with KURRENTDB_URL.
 */

async function migratedDatabase(): Promise<TestDatabase> {
  const db = await createTestDatabase('kurrentdb_double');
  await runMigrations(db.url, eventStoreMigrations);
  return db;
}

const fast = { chainerRetryMs: 100, pollIntervalMs: 100 } satisfies Partial<KurrentDbEventStoreOptions>;

describeEventStoreContract('KurrentDbEventStore over an in-memory KurrentDB double', async () => {
  const db = await migratedDatabase();
  const server = new InMemoryKurrentDb();
  const options = { connectionString: 'unused', postgresUrl: db.url, ...fast };
  const opened = [await KurrentDbEventStore.create({ ...options, client: server.client() })];
  return {
    store: opened[0],
    async openAnother() {
      const another = await KurrentDbEventStore.create({ ...options, client: server.client() });
      opened.push(another);
      return another;
    },
    async cleanup() {
      await Promise.all(opened.map((store) => store.close()));
      await db.drop();
    },
  };
});

describe('KurrentDbEventStore over an in-memory KurrentDB double: the chainer', () => {
  let db: TestDatabase;
  let server: InMemoryKurrentDb;
  const stores: KurrentDbEventStore[] = [];
  const open = async (options: Partial<KurrentDbEventStoreOptions> = {}) => {
    const store = await KurrentDbEventStore.create({ connectionString: 'unused', postgresUrl: db.url, client: server.client(), ...fast, ...options });
    stores.push(store);
    return store;
  };

  beforeEach(async () => {
    db = await migratedDatabase();
    server = new InMemoryKurrentDb();
  });
  afterEach(async () => {
    await Promise.all(stores.splice(0).map((store) => store.close()));
    await db.drop();
  });

  test('closing while the new leader reads where the chain stands still returns', async () => {
    // Hold the leader's first read (the chain's tip) until close() has been called.
    const admin = new pg.Client({ connectionString: db.url });
    await admin.connect();
    try {
      await admin.query('BEGIN; LOCK TABLE events IN ACCESS EXCLUSIVE MODE');
      const store = await KurrentDbEventStore.create({ connectionString: 'unused', postgresUrl: db.url, client: server.client(), ...fast });
      await until(() => store.isChainerLeader, 'the leader');
      const closed = store.close().then(() => 'closed' as const);
      await new Promise((resolve) => setTimeout(resolve, 200));
      await admin.query('COMMIT');
      expect(await Promise.race([closed, new Promise((resolve) => setTimeout(() => resolve('still open after 10 s'), 10_000))])).toBe('closed');
    } finally {
      await admin.end();
    }
  });

  test('exactly one instance leads; a standby takes over when it closes, and chaining goes on without a gap', async () => {
    const reports: ChainerReport[] = [];
    const first = await open({ onChainerReport: (report) => reports.push(report) });
    await until(() => first.isChainerLeader, 'the first leader');
    const second = await open();
    const third = await open();
    await first.append(unitOf('s', 'no_stream', 2));
    expect([second.isChainerLeader, third.isChainerLeader]).toEqual([false, false]);
    await first.close();
    await until(() => second.isChainerLeader || third.isChainerLeader, 'a standby to lead');
    expect(second.isChainerLeader && third.isChainerLeader).toBe(false);
    expect(await second.append(unitOf('s', 1))).toMatchObject({ written: true, logPosition: 3 });
    expect(await third.append(unitOf('t', 'no_stream'))).toMatchObject({ written: true, logPosition: 4 });
    expect(await verifyChain(wholeLog(third))).toMatchObject({ ok: true, eventsChecked: 4 });
    expect(reports.map((report) => report.kind)).toEqual(expect.arrayContaining(['leader', 'chained', 'follower']));
  });

  test('a leader whose PostgreSQL session is killed loses the lock; the chain goes on from where it stood', async () => {
    const store = await open();
    await until(() => store.isChainerLeader, 'the leader');
    await store.append(unitOf('s', 'no_stream'));
    const admin = new pg.Client({ connectionString: db.url });
    await admin.connect();
    try {
      await admin.query(`SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = 'stance-ledger-chainer' AND datname = $1`, [db.name]);
      // while no chainer leads, appends reach KurrentDB and wait; they are chained once one leads again
      const appended = await Promise.all([store.append(unitOf('s', 0)), store.append(unitOf('u', 'no_stream'))]);
      expect(appended.map((result) => result.logPosition).sort()).toEqual([2, 3]);
      const { rows } = await admin.query(`SELECT count(*)::int AS holders FROM pg_locks WHERE locktype = 'advisory' AND objid = $1::bigint % 4294967296`, [
        CHAINER_LOCK_KEY,
      ]);
      expect(rows[0].holders).toBe(1);
    } finally {
      await admin.end();
    }
    expect(await verifyChain(wholeLog(store))).toMatchObject({ ok: true, eventsChecked: 3 });
  });

  test('after every instance stopped, the chain resumes right after its last event in $all', async () => {
    const first = await open();
    await first.append(unitOf('s', 'no_stream', 3));
    await first.close();
    const again = await open();
    await again.append(unitOf('s', 2));
    const log = await logAfter(again, 0);
    expect(log.map((event) => [event.logPosition, event.revision])).toEqual([
      [1, 0],
      [2, 1],
      [3, 2],
      [4, 3],
    ]);
  });

  test('without a chainer an append waits, bounded, then says so; the same unit again answers once chained', async () => {
    const writer = await open({ chainer: false, chainTimeoutMs: 300 });
    const unit = unitOf('s', 'no_stream', 2);
    const error = await writer.append(unit).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ChainingTimeoutError);
    expect(server.log).toHaveLength(2); // KurrentDB has the events
    await open(); // a chainer candidate
    const again = await writer.append(unit);
    expect(again).toMatchObject({ logPosition: 2, items: [{ streamId: 's', revision: 1, logPosition: 2 }] });
    expect(server.log).toHaveLength(2); // written once
  });

  test('recordedAt never decreases although a KurrentDB node’s clock goes back', async () => {
    const store = await open();
    await store.append(unitOf('s', 'no_stream'));
    server.clockSkewMs = -60_000;
    const late = await store.append(unitOf('s', 0));
    const log = await logAfter(store, 0);
    expect(late.recordedAt).toBe(log[0].metadata.recordedAt);
    expect(log[1].metadata.recordedAt).toBe(log[0].metadata.recordedAt);
  });

  test('events in KurrentDB that this store did not write are passed by, reported, and leave no gap', async () => {
    const reports: ChainerReport[] = [];
    const store = await open({ onChainerReport: (report) => reports.push(report) });
    await server.client().appendToStream('orders-1', jsonEvent({ type: 'OrderPlaced', data: { id: 1 } }));
    await store.append(unitOf('s', 'no_stream'));
    expect((await logAfter(store, 0)).map((event) => [event.logPosition, event.streamId])).toEqual([[1, 's']]);
    expect(reports).toContainEqual(
      expect.objectContaining({ kind: 'skipped', streamId: 'orders-1', reason: expect.stringMatching(/not written by this store/) }),
    );
  });

  test('a stream prefix namespaces the store on a shared cluster', async () => {
    const one = await open({ streamPrefix: 'one/' });
    await server.client().appendToStream('two/s', jsonEvent({ type: 'X', data: {} }));
    await one.append(unitOf('s', 'no_stream'));
    expect(server.log.map((record) => record.streamId)).toEqual(['two/s', 'one/s']);
    expect((await one.readStream('s')).map((event) => event.streamId)).toEqual(['s']);
  });

  test('a unit naming a stream twice, or with a check-only item among several, is refused before anything is written', async () => {
    const store = await open();
    const twice = { items: [unitOf('s', 'no_stream').items[0], unitOf('s', 0).items[0]] };
    await expect(store.append(twice)).rejects.toThrow(/named twice/);
    const checkOnly = { items: [unitOf('a', 'no_stream').items[0], { streamId: 'b', expected: 'any' as const, events: [] }] };
    await expect(store.append(checkOnly)).rejects.toThrow(/at least one event/);
    expect(server.log).toHaveLength(0);
    // a single check-only item is checked by KurrentDB and writes nothing
    await store.append({ items: [{ streamId: 'c', expected: 'no_stream', events: [newEvent()] }] });
    expect(await store.append({ items: [{ streamId: 'c', expected: 0, events: [] }] })).toMatchObject({
      written: false,
      items: [{ streamId: 'c', revision: 0, logPosition: 1 }],
    });
  });
});
