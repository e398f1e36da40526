import { GENESIS_HASH, type AppendUnit, type ExpectedRevision } from '../event-store.port.js';
import { decideBatch, type BatchState } from './batch-decision.js';
import { prepareUnit } from './prepared-unit.js';
import { WriterCache } from './writer-cache.js';

const NOW = '2026-11-23T10:00:00.000Z';
let nextId = 0;

function unit(streamId: string, expected: ExpectedRevision, events = 1): AppendUnit {
  const metadata = { recordedBy: 'alice', correlationId: 'c', causationId: null, schemaVersion: 1 };
  return {
    items: [
      {
        streamId,
        expected,
        events: Array.from({ length: events }, () => ({
          eventId: `00000000-0000-4000-8000-${String(++nextId).padStart(12, '0')}`,
          type: 'T',
          data: {},
          metadata,
        })),
      },
    ],
  };
}

function read(overrides: Partial<BatchState> = {}): BatchState {
  return {
    head: { logPosition: 0, hash: GENESIS_HASH, recordedAt: null },
    now: NOW,
    streams: new Map(),
    eventsById: new Map(),
    keys: new Map(),
    claims: new Map(),
    ...overrides,
  };
}

/** A cache that has seen one batch commit: state read with stream `s` at revision 4, then `written` decided on it. */
function cacheAfter(...written: AppendUnit[]): WriterCache {
  const cache = new WriterCache(100);
  const state = read({ head: { logPosition: 9, hash: 'a'.repeat(64), recordedAt: NOW }, streams: new Map([['s', { revision: 4, logPosition: 9 }]]) });
  cache.learn(decideBatch(state, written.map(prepareUnit)), state);
  return cache;
}

const stateFor = (cache: WriterCache, ...units: AppendUnit[]) => cache.stateFor(units.map(prepareUnit), () => NOW);

describe('writer cache', () => {
  test('knows nothing before a batch committed', () => {
    expect(stateFor(new WriterCache(10), unit('s', 'no_stream'))).toBeNull();
  });

  test('after a commit: the head is the last event written, streams are those read and written', () => {
    const cache = cacheAfter(unit('t', 'no_stream', 2));
    const state = stateFor(cache, unit('s', 4), unit('t', 'any'), unit('u', 'no_stream'));
    expect(state?.head).toEqual({ logPosition: 11, hash: expect.stringMatching(/^[0-9a-f]{64}$/), recordedAt: NOW });
    expect(state?.streams).toEqual(
      new Map([
        ['s', { revision: 4, logPosition: 9 }],
        ['t', { revision: 1, logPosition: 11 }],
      ]),
    );
    expect(state?.eventsById.size).toBe(0);
    expect(state?.keys.size).toBe(0);
  });

  test('a batch that wrote nothing leaves the head it read', () => {
    expect(stateFor(cacheAfter(), unit('u', 'no_stream'))?.head).toEqual({ logPosition: 9, hash: 'a'.repeat(64), recordedAt: NOW });
  });

  test.each<ExpectedRevision>(['any', 'stream_exists', 0])('%p on a stream it does not know needs reading', (expected) => {
    expect(stateFor(cacheAfter(), unit('u', 'no_stream'), unit('unknown', expected))).toBeNull();
  });

  test('an item without events needs reading: no constraint would catch a stale expectation', () => {
    expect(stateFor(cacheAfter(), unit('s', 4, 0))).toBeNull();
  });

  test('forgets everything after a failure', () => {
    const cache = cacheAfter();
    cache.forget();
    expect(stateFor(cache, unit('u', 'no_stream'))).toBeNull();
  });

  test('keeps the most recently used streams up to its capacity', () => {
    const cache = new WriterCache(2);
    const state = read();
    cache.learn(
      decideBatch(
        state,
        ['a', 'b', 'c'].map((streamId) => prepareUnit(unit(streamId, 'no_stream'))),
      ),
      state,
    );
    expect(stateFor(cache, unit('a', 'any'))).toBeNull();
    expect(stateFor(cache, unit('b', 'any'), unit('c', 'any'))?.streams.size).toBe(2);
  });
});
