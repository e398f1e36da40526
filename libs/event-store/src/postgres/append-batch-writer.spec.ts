import { DuplicateEventIdError, EventStoreUnavailableError, WrongExpectedRevisionError } from '../event-store.errors.js';
import { GENESIS_HASH, type AppendUnit, type RecordedEvent } from '../event-store.port.js';
import { AppendBatchWriter, CommitOutcomeUnknownError, RetryableBatchError, type BatchStorage } from './append-batch-writer.js';
import type { BatchDecision, BatchState } from './batch-decision.js';
import type { PreparedUnit } from './prepared-unit.js';

/**
 * The writer's policy — group commit, isolating a unit the database refuses, rerunning
 * after races and lost connections, and never answering before a lost COMMIT's outcome is
 * known — over a scripted storage. The same paths against PostgreSQL are in
 * test/postgres-event-store.int-spec.ts.
 */
const NOW = '2026-11-23T10:00:00.000Z';

class ScriptedStorage implements BatchStorage {
  readonly log: RecordedEvent[] = [];
  /** The streams of each batch begun (read under the lock). */
  readonly batches: string[][] = [];
  /** The streams written by each batch sent on the cached head, refused or not. */
  readonly onHead: string[][] = [];
  readonly onHeadFailures: { error: unknown; store?: boolean }[] = [];
  /** Runs each batch sent on the cached head later (in order), as a connection does with queued queries. */
  queueOnHead = false;
  readonly beginFailures: unknown[] = [];
  /** Each entry fails one commit; `store` first stores the batch as a commit would. */
  readonly commitFailures: { error: unknown; store?: boolean }[] = [];
  readonly landedFailures: unknown[] = [];
  refuse = (_decision: BatchDecision): unknown => null;

  async begin(units: PreparedUnit[]): Promise<BatchState> {
    this.batches.push(units.map((unit) => unit.items[0].streamId));
    const failure = this.beginFailures.shift();
    if (failure) throw failure;
    const last = this.log.at(-1);
    const streams = new Map(this.log.map((event) => [event.streamId, { revision: event.revision, logPosition: event.logPosition }]));
    const eventsById = new Map(this.log.map((event) => [event.eventId, { ...event, recordedAt: event.metadata.recordedAt }]));
    return {
      head: last
        ? { logPosition: last.logPosition, hash: last.hash, recordedAt: last.metadata.recordedAt }
        : { logPosition: 0, hash: GENESIS_HASH, recordedAt: null },
      now: NOW,
      streams,
      eventsById,
      keys: new Map(),
      claims: new Map(),
    };
  }

  async commit(decision: BatchDecision): Promise<void> {
    const refusal = this.refuse(decision);
    if (refusal) throw refusal;
    const failure = this.commitFailures.shift();
    if (!failure || failure.store) this.log.push(...decision.events);
    if (failure) throw failure.error;
  }

  /** Refuses what PostgreSQL's head check and unique constraints would. */
  async appendOnHead(decision: BatchDecision): Promise<void> {
    this.onHead.push(decision.events.map((event) => event.streamId));
    if (this.queueOnHead) await new Promise((resolve) => setImmediate(resolve));
    const first = decision.events[0];
    const last = this.log.at(-1);
    const taken = (event: RecordedEvent) =>
      this.log.some((stored) => stored.eventId === event.eventId || (stored.streamId === event.streamId && stored.revision === event.revision));
    if ((last?.logPosition ?? 0) !== first.logPosition - 1 || (last?.hash ?? GENESIS_HASH) !== first.prevHash || decision.events.some(taken)) {
      throw new RetryableBatchError('duplicate key value violates unique constraint');
    }
    const failure = this.onHeadFailures.shift();
    if (!failure || failure.store) this.log.push(...decision.events);
    if (failure) throw failure.error;
  }

  async rollback(): Promise<void> {}

  async landed(decision: BatchDecision): Promise<boolean> {
    const failure = this.landedFailures.shift();
    if (failure) throw failure;
    const last = decision.events.at(-1);
    return !last || this.log.some((event) => event.hash === last.hash);
  }

  async close(): Promise<void> {}
}

let nextId = 0;
function unit(streamId: string, expected: AppendUnit['items'][number]['expected'] = 'any'): AppendUnit {
  const eventId = `00000000-0000-4000-8000-${String(++nextId).padStart(12, '0')}`;
  const metadata = { recordedBy: 'alice', correlationId: 'c', causationId: null, schemaVersion: 1 };
  return { items: [{ streamId, expected, events: [{ eventId, type: 'T', data: {}, metadata }] }] };
}

function writer(storage: BatchStorage, options: Partial<ConstructorParameters<typeof AppendBatchWriter>[1]> = {}) {
  const committed: number[] = [];
  const instance = new AppendBatchWriter(storage, {
    maxBatchUnits: 500,
    maxBatchEvents: 5000,
    maxAttempts: 3,
    unknownOutcomeTimeoutMs: 1000,
    onCommitted: (logPosition) => committed.push(logPosition),
    now: () => NOW,
    ...options,
  });
  return { instance, committed };
}

describe('append batch writer', () => {
  test('appends made while a batch is in flight are written together in the next one', async () => {
    const storage = new ScriptedStorage();
    const { instance, committed } = writer(storage, { maxBatchUnits: 4 });
    const results = await Promise.all(['a', 'b', 'c', 'd', 'e', 'f', 'g'].map((stream) => instance.append(unit(stream))));
    expect(storage.batches).toEqual([['a'], ['b', 'c', 'd', 'e'], ['f', 'g']]);
    expect(results.map((result) => result.logPosition)).toEqual([1, 2, 3, 4, 5, 6, 7]);
    expect(committed).toEqual([1, 5, 7]);
  });

  test('a unit whose expectation fails gets its error; its batch-mates are written', async () => {
    const storage = new ScriptedStorage();
    const { instance } = writer(storage);
    const outcomes = await Promise.allSettled([instance.append(unit('a')), instance.append(unit('b', 5)), instance.append(unit('c'))]);
    expect(outcomes.map((outcome) => outcome.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    expect((outcomes[1] as PromiseRejectedResult).reason).toBeInstanceOf(WrongExpectedRevisionError);
    expect(storage.log.map((event) => event.streamId)).toEqual(['a', 'c']);
  });

  test('a batch the database refuses is rerun unit by unit, so only the unit at fault fails', async () => {
    const storage = new ScriptedStorage();
    const refusal = new Error('value too long for type');
    storage.refuse = (decision) => (decision.events.some((event) => event.streamId === 'poison') ? refusal : null);
    const { instance } = writer(storage);
    const first = instance.append(unit('first'));
    const outcomes = await Promise.allSettled([first, ...['a', 'poison', 'b'].map((stream) => instance.append(unit(stream)))]);
    expect(outcomes.map((outcome) => (outcome.status === 'rejected' ? outcome.reason : 'ok'))).toEqual(['ok', 'ok', refusal, 'ok']);
    expect(storage.log.map((event) => event.streamId)).toEqual(['first', 'a', 'b']);
    expect(storage.batches).toEqual([['first'], ['a', 'poison', 'b'], ['a'], ['poison'], ['b']]);
  });

  test('races and lost connections rerun the batch on fresh state, a bounded number of times', async () => {
    const storage = new ScriptedStorage();
    storage.beginFailures.push(new RetryableBatchError('connection lost'));
    storage.commitFailures.push({ error: new RetryableBatchError('unique violation') });
    const { instance } = writer(storage);
    expect(await instance.append(unit('a'))).toMatchObject({ written: true, logPosition: 1 });
    expect(storage.batches).toEqual([['a'], ['a'], ['a']]);

    storage.beginFailures.push(...[1, 2, 3].map(() => new RetryableBatchError('connection lost')));
    await expect(instance.append(unit('b'))).rejects.toBeInstanceOf(EventStoreUnavailableError);
    expect(storage.log).toHaveLength(1);
  });

  test('an unreachable database fails everything queued at once; the next append connects again', async () => {
    const storage = new ScriptedStorage();
    const { instance } = writer(storage);
    const unavailable = new EventStoreUnavailableError('cannot reach PostgreSQL');
    storage.beginFailures.push(unavailable);
    const outcomes = await Promise.allSettled(['a', 'b', 'c'].map((stream) => instance.append(unit(stream))));
    expect(outcomes.map((outcome) => outcome.status === 'rejected' && outcome.reason)).toEqual([unavailable, unavailable, unavailable]);
    expect(await instance.append(unit('d'))).toMatchObject({ written: true, logPosition: 1 });
  });

  test('a lost COMMIT that took effect is answered as written, without writing again', async () => {
    const storage = new ScriptedStorage();
    storage.commitFailures.push({ error: new CommitOutcomeUnknownError('connection reset'), store: true });
    storage.landedFailures.push(new Error('still down'));
    const { instance, committed } = writer(storage);
    expect(await instance.append(unit('a'))).toMatchObject({ written: true, logPosition: 1 });
    expect(storage.log).toHaveLength(1);
    expect(storage.batches).toHaveLength(1);
    expect(committed).toEqual([1]);
  });

  test('a lost COMMIT that did not take effect is run again', async () => {
    const storage = new ScriptedStorage();
    storage.commitFailures.push({ error: new CommitOutcomeUnknownError('connection reset') });
    const { instance } = writer(storage);
    expect(await instance.append(unit('a'))).toMatchObject({ written: true, logPosition: 1 });
    expect(storage.batches).toHaveLength(2);
  });

  test('a lost COMMIT whose outcome cannot be learnt in time is answered unavailable', async () => {
    const storage = new ScriptedStorage();
    storage.commitFailures.push({ error: new CommitOutcomeUnknownError('connection reset') });
    storage.landedFailures.push(new Error('down'));
    const { instance } = writer(storage, { unknownOutcomeTimeoutMs: 0 });
    await expect(instance.append(unit('a'))).rejects.toThrow(/whether it was stored is unknown/);
  });

  test('close lets queued appends finish and refuses new ones', async () => {
    const storage = new ScriptedStorage();
    const { instance } = writer(storage);
    const pending = [instance.append(unit('a')), instance.append(unit('b'))];
    await instance.close();
    expect(await Promise.all(pending)).toHaveLength(2);
    await expect(instance.append(unit('c'))).rejects.toBeInstanceOf(EventStoreUnavailableError);
  });

  test('a unit the database could never store is refused before it joins a batch', async () => {
    const storage = new ScriptedStorage();
    const { instance } = writer(storage);
    const bad = unit('a');
    bad.items[0].events[0].data = { quote: 'nul \u0000 byte' };
    await expect(instance.append(bad)).rejects.toThrow(TypeError);
    await expect(instance.append({ items: [] })).rejects.toThrow(TypeError);
    expect(storage.batches).toEqual([]);
  });

  describe('on the cached head', () => {
    test('after a batch that read, units the writer can decide on what it knows are written without reading', async () => {
      const storage = new ScriptedStorage();
      const { instance, committed } = writer(storage);
      await instance.append(unit('a', 'no_stream'));
      const results = await Promise.all([instance.append(unit('b', 'no_stream')), instance.append(unit('a', 0)), instance.append(unit('c', 'no_stream'))]);
      expect(results.map((result) => result.items)).toEqual([
        [{ streamId: 'b', revision: 0, logPosition: 2 }],
        [{ streamId: 'a', revision: 1, logPosition: 3 }],
        [{ streamId: 'c', revision: 0, logPosition: 4 }],
      ]);
      expect(storage.batches).toEqual([['a']]);
      // Half of what waits goes first, so the other half is made while it commits.
      expect(storage.onHead).toEqual([['b', 'a'], ['c']]);
      expect(committed).toEqual([1, 3, 4]);
    });

    test('an expectation on a stream it does not know, or a unit that would fail, is decided on state read under the lock', async () => {
      const storage = new ScriptedStorage();
      const { instance } = writer(storage);
      const stored = unit('a', 'no_stream');
      await instance.append(stored);
      await instance.append(unit('unknown', 'any'));
      await expect(instance.append(unit('a', 'no_stream'))).rejects.toBeInstanceOf(WrongExpectedRevisionError);
      // A retry of a stored unit would fail on the cached revision; read, it is answered as stored.
      expect(await instance.append(stored)).toMatchObject({ written: false, logPosition: 1 });
      expect(storage.batches).toEqual([['a'], ['unknown'], ['a'], ['a']]);
      expect(storage.onHead).toEqual([]);
    });

    test('another writer of the same log makes the cached head stale: the batch is decided again on what is stored', async () => {
      const storage = new ScriptedStorage();
      const one = writer(storage).instance;
      const two = writer(storage).instance;
      await one.append(unit('a', 'no_stream'));
      await two.append(unit('b', 'no_stream'));
      expect(await one.append(unit('c', 'no_stream'))).toMatchObject({ written: true, logPosition: 3 });
      await expect(two.append(unit('c', 'no_stream'))).rejects.toBeInstanceOf(WrongExpectedRevisionError);
      expect(storage.onHead).toEqual([['c'], ['c']]);
      expect(storage.batches).toEqual([['a'], ['b'], ['c'], ['c']]);
      expect(storage.log.map((event) => [event.logPosition, event.streamId])).toEqual([
        [1, 'a'],
        [2, 'b'],
        [3, 'c'],
      ]);
    });

    test('an event id already stored elsewhere is refused by the database, then answered from what is stored', async () => {
      const storage = new ScriptedStorage();
      const { instance } = writer(storage);
      const first = unit('a', 'no_stream');
      await instance.append(first);
      const copy = { items: [{ ...first.items[0], streamId: 'b' }] };
      await expect(instance.append(copy)).rejects.toBeInstanceOf(DuplicateEventIdError);
      expect(storage.onHead).toEqual([['b']]);
      expect(storage.log).toHaveLength(1);
    });

    test('a lost answer is checked before anything is said, and the next batch reads again', async () => {
      const storage = new ScriptedStorage();
      const { instance } = writer(storage);
      await instance.append(unit('a', 'no_stream'));
      storage.onHeadFailures.push({ error: new CommitOutcomeUnknownError('connection reset'), store: true });
      expect(await instance.append(unit('b', 'no_stream'))).toMatchObject({ written: true, logPosition: 2 });
      expect(await instance.append(unit('c', 'no_stream'))).toMatchObject({ written: true, logPosition: 3 });
      expect(storage.onHead).toEqual([['b']]);
      expect(storage.batches).toEqual([['a'], ['c']]);

      storage.onHeadFailures.push({ error: new CommitOutcomeUnknownError('connection reset') });
      expect(await instance.append(unit('d', 'no_stream'))).toMatchObject({ written: true, logPosition: 4 });
      expect(storage.log.map((event) => event.streamId)).toEqual(['a', 'b', 'c', 'd']);
    });

    test('recordedAt comes from the writer clock, never before the head', async () => {
      const storage = new ScriptedStorage();
      const clock = ['2026-11-23T09:59:59.000Z', '2026-11-23T10:00:01.000Z'];
      const { instance } = writer(storage, { now: () => clock.shift()! });
      await instance.append(unit('a', 'no_stream'));
      expect(await instance.append(unit('b', 'no_stream'))).toMatchObject({ recordedAt: NOW });
      expect(await instance.append(unit('c', 'no_stream'))).toMatchObject({ recordedAt: '2026-11-23T10:00:01.000Z' });
      expect(storage.onHead).toEqual([['b'], ['c']]);
    });

    test('a batch sent behind one that is refused is refused too, and both are decided again in order', async () => {
      const storage = new ScriptedStorage();
      storage.queueOnHead = true;
      // A clock ahead of the database's: decided again on read state, `c` gets another hash.
      const { instance } = writer(storage, { now: () => '2026-11-23T10:00:07.000Z' });
      await instance.append(unit('a', 'no_stream'));
      await new Promise((resolve) => setImmediate(resolve)); // the writer's loop has ended
      storage.onHeadFailures.push({ error: new RetryableBatchError('duplicate key value violates unique constraint') });
      // While `x` reads, four units queue up; then half goes, and the other half right behind it.
      const [, ...results] = await Promise.all(['x', 'b', 'c', 'd', 'e'].map((stream) => instance.append(unit(stream, stream === 'x' ? 'any' : 'no_stream'))));
      expect(results.map((result) => result.logPosition)).toEqual([3, 4, 5, 6]);
      expect(storage.onHead).toEqual([
        ['b', 'c'],
        ['d', 'e'],
      ]);
      expect(storage.batches).toEqual([['a'], ['x'], ['b', 'c'], ['d', 'e']]);
      expect(storage.log.map((event) => event.streamId)).toEqual(['a', 'x', 'b', 'c', 'd', 'e']);
    });
  });
});
