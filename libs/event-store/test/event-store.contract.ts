import { randomUUID } from 'node:crypto';
import {
  DuplicateEventIdError,
  GENESIS_HASH,
  IdempotencyKeyReusedError,
  verifyChain,
  WrongExpectedRevisionError,
  type AppendResult,
  type AppendUnit,
  type EventStore,
  type ExpectedRevision,
  type NewEvent,
  type RecordedEvent,
  type StoredResult,
} from '@app/event-store';

/**
 * The behaviour every EventStore adapter promises (DESIGN.md, "The event store port"),
 * written once and run against each adapter with its own factory. Assertions are relative
 * to the head at the start of a test, so an adapter may share one store between tests.
 */

export interface StoreUnderTest {
  store: EventStore;
  /** Another client of the same store, as a second process would hold. */
  openAnother(): Promise<EventStore>;
  cleanup(): Promise<void>;
}

export function newEvent(data: NewEvent['data'] = { n: 1 }, type = 'StatementRecorded'): NewEvent {
  return {
    eventId: randomUUID(),
    type,
    data,
    metadata: { recordedBy: 'alice', correlationId: randomUUID(), causationId: null, schemaVersion: 1 },
  };
}

export function unitOf(streamId: string, expected: ExpectedRevision, count = 1): AppendUnit {
  const events = Array.from({ length: count }, (_, index) => newEvent({ streamId, index }));
  return { items: [{ streamId, expected, events }] };
}

export async function* wholeLog(store: EventStore, after = 0, pageSize = 100): AsyncGenerator<RecordedEvent> {
  for (;;) {
    const page = await store.readAll({ after, limit: pageSize });
    yield* page;
    if (page.length < pageSize) return;
    after = page[page.length - 1].logPosition;
  }
}

export async function logAfter(store: EventStore, after: number): Promise<RecordedEvent[]> {
  const events: RecordedEvent[] = [];
  for await (const event of wholeLog(store, after)) events.push(event);
  return events;
}

/** Waits (bounded) for something that happens asynchronously; no timing is asserted. */
export async function until(condition: () => boolean, what: string, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

function collect(store: EventStore, after: number, batchSize?: number) {
  const received: RecordedEvent[] = [];
  let inFlight = 0;
  let overlapped = false;
  const subscription = store.subscribe({
    after,
    batchSize,
    onEvents: async (events) => {
      inFlight += 1;
      overlapped ||= inFlight > 1;
      await new Promise((resolve) => setImmediate(resolve));
      received.push(...events);
      inFlight -= 1;
    },
  });
  return { received, subscription, overlapped: () => overlapped };
}

const positions = (events: { logPosition: number }[]) => events.map((event) => event.logPosition);
const range = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, index) => from + index);

async function rejection(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error('expected the promise to reject');
}

export function describeEventStoreContract(name: string, makeStore: () => Promise<StoreUnderTest>): void {
  describe(`${name}: the event store contract`, () => {
    let subject: StoreUnderTest;
    let store: EventStore;
    let start: number;
    const stream = (label: string) => `${label}-${randomUUID()}`;

    beforeEach(async () => {
      subject = await makeStore();
      store = subject.store;
      start = (await store.head()).logPosition;
    });
    afterEach(async () => {
      await subject.cleanup();
    });

    describe('appending and reading', () => {
      test('units are stored in the order they were appended, at contiguous positions', async () => {
        const a = stream('a');
        const b = stream('b');
        const first = await store.append(unitOf(a, 'no_stream', 2));
        const second = await store.append({ items: [unitOf(b, 'no_stream').items[0], unitOf(a, 1).items[0]] });
        expect(first).toMatchObject({ written: true, logPosition: start + 2, items: [{ streamId: a, revision: 1, logPosition: start + 2 }] });
        expect(second).toMatchObject({
          written: true,
          logPosition: start + 4,
          items: [
            { streamId: b, revision: 0, logPosition: start + 3 },
            { streamId: a, revision: 2, logPosition: start + 4 },
          ],
        });
        const log = await logAfter(store, start);
        expect(log.map((event) => [event.logPosition, event.streamId, event.revision])).toEqual([
          [start + 1, a, 0],
          [start + 2, a, 1],
          [start + 3, b, 0],
          [start + 4, a, 2],
        ]);
        expect(await store.head()).toEqual({ logPosition: start + 4, hash: log[3].hash, recordedAt: log[3].metadata.recordedAt });
      });

      test('an event is read back as it was appended, with the store-set fields', async () => {
        const s = stream('statement');
        const event = newEvent({ statementId: 'x', quote: 'Pillar II — “positively considering”', target: null, score: -2 });
        await store.append({ items: [{ streamId: s, expected: 'no_stream', events: [event] }] });
        const [read] = await store.readStream(s);
        expect(read).toEqual({
          logPosition: start + 1,
          streamId: s,
          revision: 0,
          eventId: event.eventId,
          type: event.type,
          data: event.data,
          dataHash: expect.stringMatching(/^[0-9a-f]{64}$/),
          metadata: { ...event.metadata, recordedAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/) },
          prevHash: expect.stringMatching(/^[0-9a-f]{64}$/),
          hash: expect.stringMatching(/^[0-9a-f]{64}$/),
        });
      });

      test('a stream reads forwards and backwards, from a revision, with a limit', async () => {
        const s = stream('s');
        await store.append(unitOf(s, 'no_stream', 6));
        const revisions = async (options: Parameters<EventStore['readStream']>[1]) => (await store.readStream(s, options)).map((event) => event.revision);
        expect(await revisions(undefined)).toEqual([0, 1, 2, 3, 4, 5]);
        expect(await revisions({ fromRevision: 2, limit: 3 })).toEqual([2, 3, 4]);
        expect(await revisions({ direction: 'backwards' })).toEqual([5, 4, 3, 2, 1, 0]);
        expect(await revisions({ direction: 'backwards', fromRevision: 3, limit: 2 })).toEqual([3, 2]);
        expect(await revisions({ direction: 'backwards', limit: 1 })).toEqual([5]);
        expect(await revisions({ fromRevision: 6 })).toEqual([]);
        expect(await store.readStream(stream('missing'))).toEqual([]);
      });

      test('readAll pages through the log by position', async () => {
        for (let index = 0; index < 5; index++) await store.append(unitOf(stream('p'), 'no_stream', 5));
        const pages: number[][] = [];
        for (let after = start; ;) {
          const page = await store.readAll({ after, limit: 7 });
          if (page.length === 0) break;
          pages.push(positions(page));
          after = page[page.length - 1].logPosition;
        }
        expect(pages.map((page) => page.length)).toEqual([7, 7, 7, 4]);
        expect(pages.flat()).toEqual(range(start + 1, start + 25));
        expect(positions(await store.readAll({ after: start + 24, limit: 10 }))).toEqual([start + 25]);
        expect(await store.readAll({ after: start + 25, limit: 10 })).toEqual([]);
      });
    });

    describe('expected revisions', () => {
      const outcomes: [string, ExpectedRevision, number | null, boolean][] = [
        ['any on a new stream', 'any', null, true],
        ['any on an existing stream', 'any', 2, true],
        ['no_stream on a new stream', 'no_stream', null, true],
        ['no_stream on an existing stream', 'no_stream', 0, false],
        ['stream_exists on an existing stream', 'stream_exists', 0, true],
        ['stream_exists on a new stream', 'stream_exists', null, false],
        ['the exact last revision', 2, 2, true],
        ['a revision behind', 1, 2, false],
        ['a revision ahead', 3, 2, false],
        ['a revision on a new stream', 0, null, false],
      ];
      test.each(outcomes)('%s', async (_name, expected, actual, holds) => {
        const target = stream('target');
        if (actual !== null) await store.append(unitOf(target, 'no_stream', actual + 1));
        const before = (await store.head()).logPosition;
        const unit = { items: [unitOf(stream('other'), 'any').items[0], unitOf(target, expected).items[0]] };
        const append = store.append(unit);
        if (holds) {
          expect(await append).toMatchObject({ written: true, items: [{}, { streamId: target, revision: (actual ?? -1) + 1 }] });
          return;
        }
        const error = await rejection(append);
        expect(error).toBeInstanceOf(WrongExpectedRevisionError);
        expect(error).toMatchObject({ code: 'EVENT_STORE.WRONG_EXPECTED_REVISION', streamId: target, expected, actual, itemIndex: 1 });
        expect((await store.head()).logPosition).toBe(before);
      });

      test('a unit over several streams is written whole or not at all', async () => {
        const [a, b, c] = [stream('a'), stream('b'), stream('c')];
        await store.append(unitOf(c, 'no_stream'));
        const error = await rejection(
          store.append({ items: [unitOf(a, 'no_stream', 2).items[0], unitOf(b, 'any').items[0], unitOf(c, 'no_stream').items[0]] }),
        );
        expect(error).toMatchObject({ streamId: c, itemIndex: 2, actual: 0 });
        expect(await store.readStream(a)).toEqual([]);
        expect(await store.readStream(b)).toEqual([]);
        expect(positions(await logAfter(store, start))).toEqual([start + 1]);
      });
    });

    describe('idempotency', () => {
      test('the same unit appended twice is written once and answers with the stored positions', async () => {
        const s = stream('s');
        const unit = unitOf(s, 'no_stream', 2);
        const first = await store.append(unit);
        await store.append(unitOf(s, 1));
        const again = await store.append(unit);
        expect(again).toEqual({ ...first, written: false });
        expect((await store.readStream(s)).map((event) => event.eventId)).toEqual([...unit.items[0].events.map((event) => event.eventId), expect.any(String)]);
      });

      test('retries racing the first write are written once', async () => {
        const unit = unitOf(stream('s'), 'any', 3);
        const results = await Promise.all(Array.from({ length: 10 }, () => store.append(unit)));
        expect(results.filter((result) => result.written)).toHaveLength(1);
        expect(new Set(results.map((result) => result.logPosition))).toEqual(new Set([start + 3]));
        expect(positions(await logAfter(store, start))).toEqual(range(start + 1, start + 3));
      });

      test('an event id stored elsewhere is a conflict, and nothing is written', async () => {
        const unit = unitOf(stream('s'), 'no_stream');
        await store.append(unit);
        const moved = { items: [{ ...unit.items[0], streamId: stream('elsewhere') }] };
        const partly = { items: [{ ...unit.items[0], events: [...unit.items[0].events, newEvent()] }] };
        for (const conflicting of [moved, partly]) {
          const error = await rejection(store.append(conflicting));
          expect(error).toBeInstanceOf(DuplicateEventIdError);
          expect(error).toMatchObject({ eventId: unit.items[0].events[0].eventId, itemIndex: 0 });
        }
        expect(positions(await logAfter(store, start))).toEqual([start + 1]);
      });

      test('an idempotency key replays the first stored result for the same request and refuses another', async () => {
        const scope = `alice POST /v1/statements ${randomUUID()}`;
        // Opaque to the store: any JSON the caller keeps as the write's result.
        const storedResult = (result: AppendResult): StoredResult => ({
          created: true,
          item: { logPosition: result.logPosition, written: result.written },
          list: [result.logPosition, 'x', null],
        });
        const request = (requestHash: string) => ({ scope, key: 'key-1', requestHash, storedResult });
        const first = await store.append({ ...unitOf(stream('s'), 'no_stream'), idempotency: request('hash-a') });
        const stored = storedResult(first);
        expect(first.replayed).toBeUndefined();
        expect(await store.findIdempotencyRecord(scope, 'key-1')).toEqual({ requestHash: 'hash-a', result: stored });

        const replay = await store.append({ ...unitOf(stream('t'), 'no_stream'), idempotency: request('hash-a') });
        expect(replay).toMatchObject({ written: false, replayed: stored, logPosition: first.logPosition });
        const reused = await rejection(store.append({ ...unitOf(stream('u'), 'no_stream'), idempotency: request('hash-b') }));
        expect(reused).toBeInstanceOf(IdempotencyKeyReusedError);
        expect(positions(await logAfter(store, start))).toEqual([start + 1]);
        expect(await store.findIdempotencyRecord(scope, 'another-key')).toBeNull();
      });

      test('concurrent requests with one idempotency key write once and all get the first result', async () => {
        const scope = `bob POST /v1/statements/batch ${randomUUID()}`;
        const s = stream('s');
        const storedResult = (result: AppendResult): StoredResult => ({ logPosition: result.logPosition });
        const results = await Promise.all(
          Array.from({ length: 8 }, () => store.append({ ...unitOf(s, 'any'), idempotency: { scope, key: 'k', requestHash: 'h', storedResult } })),
        );
        expect(results.filter((result) => result.written)).toHaveLength(1);
        expect(results.filter((result) => result.replayed)).toHaveLength(7);
        for (const result of results) expect(result.replayed ?? storedResult(result)).toEqual({ logPosition: start + 1 });
        expect(await store.readStream(s)).toHaveLength(1);
      });
    });

    describe('subscriptions', () => {
      test.each([
        ['the start', () => 0],
        ['the middle', () => start + 4],
        ['the head', () => start + 10],
      ])('catch up from %s, then receive live events, each once and in order', async (_name, from) => {
        for (let index = 0; index < 5; index++) await store.append(unitOf(stream('before'), 'no_stream', 2));
        const { received, subscription, overlapped } = collect(store, from(), 3);
        await until(() => received.length >= start + 10 - from(), 'the catch-up');
        const live = stream('live');
        await store.append(unitOf(live, 'no_stream', 2));
        await Promise.all(Array.from({ length: 5 }, () => store.append(unitOf(stream('live'), 'any'))));
        await until(() => received.length >= start + 17 - from(), 'the live events');
        await subscription.close();
        expect(positions(received)).toEqual(range(from() + 1, start + 17));
        expect(overlapped()).toBe(false);
      });

      test('a failing handler stops the subscription at that batch and reports the error', async () => {
        await store.append(unitOf(stream('s'), 'no_stream', 4));
        const failure = new Error('projection failed');
        const delivered: number[] = [];
        const errors: unknown[] = [];
        const subscription = store.subscribe({
          after: start,
          batchSize: 2,
          onEvents: async (events) => {
            delivered.push(...positions(events));
            if (delivered.length > 2) throw failure;
          },
          onError: (error) => errors.push(error),
        });
        await until(() => errors.length > 0, 'the error');
        await store.append(unitOf(stream('later'), 'no_stream'));
        await subscription.close();
        expect(errors).toEqual([failure]);
        expect(delivered).toEqual(range(start + 1, start + 4));
      });

      test('commit listeners are told the new head', async () => {
        const heads: number[] = [];
        const stop = store.onCommitted((logPosition) => heads.push(logPosition));
        await store.append(unitOf(stream('s'), 'no_stream', 3));
        await until(() => heads.includes(start + 3), 'the commit notice');
        stop();
        expect(Math.max(...heads)).toBe(start + 3);
      });
    });

    describe('the hash chain', () => {
      test('anyone can recompute dataHash and the chain from readAll alone', async () => {
        await store.append(unitOf(stream('a'), 'no_stream', 3));
        await store.append({ items: [unitOf(stream('b'), 'no_stream').items[0], unitOf(stream('c'), 'any', 2).items[0]] });
        const head = await store.head();
        expect(await verifyChain(wholeLog(store, 0, 4))).toEqual({
          ok: true,
          eventsChecked: head.logPosition,
          head: { logPosition: head.logPosition, hash: head.hash },
        });
        const [first] = await store.readAll({ after: 0, limit: 1 });
        expect(first.prevHash).toBe(GENESIS_HASH);
      });

      test('recordedAt never decreases along the log', async () => {
        for (let index = 0; index < 5; index++) {
          await Promise.all(Array.from({ length: 4 }, () => store.append(unitOf(stream('t'), 'any', 2))));
        }
        const stamps = (await logAfter(store, 0)).map((event) => event.metadata.recordedAt);
        expect([...stamps].sort()).toEqual(stamps);
      });
    });

    describe('concurrency', () => {
      test('writers racing one stream at the same expected revision: exactly one wins each round', async () => {
        const s = stream('contended');
        for (let round = 0; round < 5; round++) {
          const expected: ExpectedRevision = round === 0 ? 'no_stream' : round - 1;
          const outcomes = await Promise.allSettled(Array.from({ length: 50 }, () => store.append(unitOf(s, expected))));
          const winners = outcomes.filter((outcome) => outcome.status === 'fulfilled');
          const losers = outcomes.flatMap((outcome) => (outcome.status === 'rejected' ? [outcome.reason] : []));
          expect(winners).toHaveLength(1);
          expect(losers).toHaveLength(49);
          for (const error of losers) {
            expect(error).toBeInstanceOf(WrongExpectedRevisionError);
            expect(error).toMatchObject({ streamId: s, expected, actual: round, itemIndex: 0 });
          }
        }
        expect((await store.readStream(s)).map((event) => event.revision)).toEqual([0, 1, 2, 3, 4]);
      });

      test('64 writers append 5,000 events: all stored once at positions without gaps, a subscriber sees each once in order', async () => {
        const total = 5000;
        const writers = 64;
        const { received, subscription } = collect(store, start, 250);
        const appended = new Set<string>();
        await Promise.all(
          Array.from({ length: writers }, async (_, writer) => {
            const quota = Math.floor(total / writers) + (writer < total % writers ? 1 : 0);
            const own = stream(`storm-${writer}`);
            let revision = -1;
            for (let left = quota, round = 0; left > 0; round++) {
              const count = Math.min(left, 1 + (round % 3));
              const unit = unitOf(own, revision < 0 ? 'no_stream' : revision, count);
              if (round % 4 === 3 && count > 1) {
                // some units span two streams
                const side = unitOf(stream(`side-${writer}`), 'no_stream', 1).items[0];
                unit.items[0].events.pop();
                unit.items.push(side);
              }
              const result = await store.append(unit);
              expect(result.written).toBe(true);
              for (const item of unit.items) for (const event of item.events) appended.add(event.eventId);
              revision = result.items[0].revision;
              left -= count;
            }
          }),
        );
        expect(appended.size).toBe(total);
        const log = await logAfter(store, start);
        expect(positions(log)).toEqual(range(start + 1, start + total));
        expect(new Set(log.map((event) => event.eventId))).toEqual(appended);
        await until(() => received.length >= total, 'the subscriber');
        await subscription.close();
        expect(positions(received)).toEqual(range(start + 1, start + total));
        expect(received.map((event) => event.eventId)).toEqual(log.map((event) => event.eventId));
        expect(await verifyChain(wholeLog(store, 0, 1000))).toMatchObject({ ok: true });
      });

      test('failing units never fail their batch-mates', async () => {
        const taken = stream('taken');
        await store.append(unitOf(taken, 'no_stream'));
        const duplicate = unitOf(stream('dup'), 'no_stream');
        await store.append(duplicate);
        const base = (await store.head()).logPosition;
        const cases = Array.from({ length: 120 }, (_, index) => {
          switch (index % 4) {
            case 0:
              return { good: false, unit: unitOf(taken, 'no_stream') };
            case 1:
              return { good: false, unit: { items: [unitOf(stream('x'), 'any').items[0], { ...duplicate.items[0], streamId: stream('y') }] } };
            default:
              return { good: true, unit: unitOf(stream('good'), 'no_stream', 2) };
          }
        });
        const outcomes = await Promise.allSettled(cases.map(({ unit }) => store.append(unit)));
        outcomes.forEach((outcome, index) => {
          expect(outcome.status).toBe(cases[index].good ? 'fulfilled' : 'rejected');
          if (outcome.status === 'rejected') {
            expect(outcome.reason).toBeInstanceOf(index % 4 === 0 ? WrongExpectedRevisionError : DuplicateEventIdError);
          }
        });
        const goodIds = cases.filter((c) => c.good).flatMap((c) => c.unit.items[0].events.map((event) => event.eventId));
        const log = await logAfter(store, base);
        expect(positions(log)).toEqual(range(base + 1, base + goodIds.length));
        expect(new Set(log.map((event) => event.eventId))).toEqual(new Set(goodIds));
      });

      test('two store instances appending at once keep positions contiguous and the chain valid', async () => {
        const other = await subject.openAnother();
        try {
          const { received, subscription } = collect(store, start, 100);
          const contended = stream('shared');
          const appendMany = (instance: EventStore, label: string) =>
            Promise.all(
              Array.from({ length: 16 }, async (_, writer) => {
                const own = stream(`${label}-${writer}`);
                let expected: ExpectedRevision = 'no_stream';
                for (let round = 0; round < 10; round++) expected = (await instance.append(unitOf(own, expected, 2))).items[0].revision;
              }),
            );
          const race = async () => {
            let wins = 0;
            for (let round = 0; round < 5; round++) {
              const expected: ExpectedRevision = round === 0 ? 'no_stream' : round - 1;
              const outcomes = await Promise.allSettled(
                [store, other].flatMap((instance) => Array.from({ length: 10 }, () => instance.append(unitOf(contended, expected)))),
              );
              const won = outcomes.filter((outcome) => outcome.status === 'fulfilled').length;
              expect(won).toBe(1);
              wins += won;
            }
            return wins;
          };
          const [, , wins] = await Promise.all([appendMany(store, 'one'), appendMany(other, 'two'), race()]);
          const total = 2 * 16 * 10 * 2 + wins;
          const log = await logAfter(store, start);
          expect(positions(log)).toEqual(range(start + 1, start + total));
          expect(new Set(log.map((event) => event.eventId)).size).toBe(total);
          expect(await verifyChain(wholeLog(other, 0, 500))).toMatchObject({ ok: true, eventsChecked: start + total });
          // the subscriber on the first instance also sees what the second one wrote
          await until(() => received.length >= total, 'the subscriber');
          await subscription.close();
          expect(positions(received)).toEqual(range(start + 1, start + total));
        } finally {
          await other.close();
        }
      });
    });
  });
}
