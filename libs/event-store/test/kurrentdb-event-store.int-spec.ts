import { KurrentDBClient } from '@kurrent/kurrentdb-client';
import { eventStoreMigrations, KurrentDbEventStore, verifyChain, type ChainerReport, type KurrentDbEventStoreOptions } from '@app/event-store';
import { runMigrations } from '@app/platform';
import { randomUUID } from 'node:crypto';
import { createTestDatabase, type TestDatabase } from '../../../test/support/database.js';
import { describeEventStoreContract, logAfter, unitOf, until, wholeLog } from './event-store.contract.js';

/**
 * The KurrentDB adapter against a real KurrentDB (25.1 or later for multi-stream units),
 * given by KURRENTDB_URL, e.g. `kurrentdb://localhost:2113?tls=false`. Each test gets a
 * fresh PostgreSQL database for the chained log and its own stream prefix on the shared
 * server, so its chainer follows only its own streams.
 */
const KURRENTDB_URL = process.env.KURRENTDB_URL;

async function migratedDatabase(): Promise<TestDatabase> {
  const db = await createTestDatabase('kurrentdb_chain');
  await runMigrations(db.url, eventStoreMigrations);
  return db;
}

const NOT_EXERCISED = 'KurrentDB adapter not exercised: KURRENTDB_URL is not set';

if (!KURRENTDB_URL) {
  // One skipped test that names what was not exercised (Jest's JSON results carry the name).
  test.skip(NOT_EXERCISED, () => undefined);
} else {
  const connectionString = KURRENTDB_URL;
  const optionsFor = (db: TestDatabase, streamPrefix: string): KurrentDbEventStoreOptions => ({
    connectionString,
    postgresUrl: db.url,
    streamPrefix,
    chainerRetryMs: 200,
    pollIntervalMs: 100,
  });

  describeEventStoreContract('KurrentDbEventStore on KurrentDB', async () => {
    const db = await migratedDatabase();
    const options = optionsFor(db, `ledger-${randomUUID()}/`);
    const opened: KurrentDbEventStore[] = [await KurrentDbEventStore.create(options)];
    return {
      store: opened[0],
      async openAnother() {
        const another = await KurrentDbEventStore.create(options);
        opened.push(another);
        return another;
      },
      async cleanup() {
        await Promise.all(opened.map((store) => store.close()));
        await db.drop();
      },
    };
  });

  describe('KurrentDbEventStore on KurrentDB: the chainer', () => {
    let db: TestDatabase;
    let client: KurrentDBClient;
    let prefix: string;
    const stores: KurrentDbEventStore[] = [];
    const open = async (options: Partial<KurrentDbEventStoreOptions>) => {
      const store = await KurrentDbEventStore.create({ ...optionsFor(db, prefix), ...options });
      stores.push(store);
      return store;
    };

    beforeEach(async () => {
      db = await migratedDatabase();
      prefix = `ledger-${randomUUID()}/`;
      client = KurrentDBClient.connectionString(connectionString);
    });
    afterEach(async () => {
      await Promise.all(stores.splice(0).map((store) => store.close()));
      await client.dispose();
      await db.drop();
    });

    test('streams map one to one onto KurrentDB streams, with the caller’s event ids and the metadata as JSON', async () => {
      const store = await open({});
      const unit = unitOf('statement-1', 'no_stream', 2);
      await store.append(unit);
      const read = [];
      for await (const resolved of client.readStream(`${prefix}statement-1`)) read.push(resolved.event!);
      expect(read.map((event) => [event.id, event.revision, event.type])).toEqual(
        unit.items[0].events.map((event, index) => [event.eventId, BigInt(index), event.type]),
      );
      expect(read[0].metadata).toEqual({ 'stance-ledger/metadata': JSON.stringify(unit.items[0].events[0].metadata) });
    });

    test('a standby takes over when the leader closes, and chaining goes on without a gap', async () => {
      const reports: ChainerReport[] = [];
      const first = await open({ onChainerReport: (report) => reports.push(report) });
      await until(() => first.isChainerLeader, 'the first leader');
      const second = await open({});
      await first.append(unitOf('s', 'no_stream', 2));
      await first.close();
      await until(() => second.isChainerLeader, 'the standby to lead');
      expect(await second.append(unitOf('s', 1))).toMatchObject({ written: true, logPosition: 3 });
      expect(await verifyChain(wholeLog(second))).toMatchObject({ ok: true, eventsChecked: 3 });
      expect(reports.map((report) => report.kind)).toContain('leader');
    });

    test('after every instance stopped, the chain resumes right after its last event', async () => {
      const first = await open({});
      await first.append(unitOf('s', 'no_stream', 3));
      await first.close();
      const again = await open({});
      await again.append(unitOf('s', 2));
      const log = await logAfter(again, 0);
      expect(log.map((event) => [event.logPosition, event.revision])).toEqual([
        [1, 0],
        [2, 1],
        [3, 2],
        [4, 3],
      ]);
    });
  });
}
