import { jest } from '@jest/globals';
import { ClaimTakenError, DuplicateEventIdError, IdempotencyKeyReusedError, WrongExpectedRevisionError } from '../event-store.errors.js';
import { GENESIS_HASH, type AppendItem, type AppendResult, type AppendUnit, type ExpectedRevision, type StoredResult } from '../event-store.port.js';
import { verifyChain } from '../hash-chain.js';
import { decideBatch, keyOf, type BatchState, type StoredEventPlace, type StreamHead } from './batch-decision.js';
import { prepareUnit } from './prepared-unit.js';

const NOW = '2026-11-23T10:00:00.000Z';
let nextId = 0;
const newId = () => `00000000-0000-4000-8000-${String(++nextId).padStart(12, '0')}`;

function item(streamId: string, expected: ExpectedRevision, eventIds: string[] = [newId()]): AppendItem {
  return {
    streamId,
    expected,
    events: eventIds.map((eventId) => ({
      eventId,
      type: 'StatementRecorded',
      data: { statementId: streamId },
      metadata: { recordedBy: 'alice', correlationId: 'c', causationId: null, schemaVersion: 1 },
    })),
  };
}

function state(overrides: Partial<BatchState> = {}): BatchState {
  return {
    head: { logPosition: 0, hash: GENESIS_HASH, recordedAt: null },
    now: NOW,
    streams: new Map<string, StreamHead>(),
    eventsById: new Map<string, StoredEventPlace>(),
    claims: new Map<string, string>(),
    keys: new Map(),
    ...overrides,
  };
}

function decide(given: BatchState, ...units: AppendUnit[]) {
  return decideBatch(given, units.map(prepareUnit));
}

function errorOf(outcome: { ok: boolean; error?: unknown }): unknown {
  expect(outcome.ok).toBe(false);
  return outcome.error;
}

describe('batch decision', () => {
  test('assigns contiguous positions after the head, revisions after each stream, and one chain', async () => {
    const given = state({
      head: { logPosition: 7, hash: 'a'.repeat(64), recordedAt: '2026-11-23T09:00:00.000Z' },
      streams: new Map([['s-1', { revision: 2, logPosition: 7 }]]),
    });
    const decision = decide(given, { items: [item('s-1', 2, [newId(), newId()])] }, { items: [item('s-2', 'no_stream'), item('s-1', 4)] });
    expect(decision.events.map((event) => [event.logPosition, event.streamId, event.revision])).toEqual([
      [8, 's-1', 3],
      [9, 's-1', 4],
      [10, 's-2', 0],
      [11, 's-1', 5],
    ]);
    expect(decision.outcomes).toEqual([
      { ok: true, result: { written: true, items: [{ streamId: 's-1', revision: 4, logPosition: 9 }], logPosition: 9, recordedAt: NOW } },
      {
        ok: true,
        result: {
          written: true,
          items: [
            { streamId: 's-2', revision: 0, logPosition: 10 },
            { streamId: 's-1', revision: 5, logPosition: 11 },
          ],
          logPosition: 11,
          recordedAt: NOW,
        },
      },
    ]);
    expect(await verifyChain(decision.events, { from: { logPosition: 7, hash: 'a'.repeat(64) } })).toMatchObject({ ok: true, eventsChecked: 4 });
  });

  test('recordedAt is the later of the database clock and the head', () => {
    const ahead = '2026-11-23T10:00:05.123Z';
    const decision = decide(state({ head: { logPosition: 1, hash: GENESIS_HASH, recordedAt: ahead } }), { items: [item('s', 'any')] });
    expect(decision.recordedAt).toBe(ahead);
    expect(decision.events[0].metadata.recordedAt).toBe(ahead);
    expect(decide(state(), { items: [item('s', 'any')] }).events[0].metadata).toEqual({
      recordedBy: 'alice',
      correlationId: 'c',
      causationId: null,
      schemaVersion: 1,
      recordedAt: NOW,
    });
  });

  test.each<[ExpectedRevision, StreamHead | null, boolean]>([
    ['any', null, true],
    ['any', { revision: 3, logPosition: 9 }, true],
    ['no_stream', null, true],
    ['no_stream', { revision: 0, logPosition: 1 }, false],
    ['stream_exists', { revision: 0, logPosition: 1 }, true],
    ['stream_exists', null, false],
    [3, { revision: 3, logPosition: 9 }, true],
    [2, { revision: 3, logPosition: 9 }, false],
    [0, null, false],
  ])('expected %p against %p holds: %p', (expected, head, holds) => {
    const given = state({ streams: new Map(head ? [['s', head]] : []) });
    const [outcome] = decide(given, { items: [item('other', 'any'), item('s', expected)] }).outcomes;
    if (holds) return expect(outcome.ok).toBe(true);
    const error = errorOf(outcome) as WrongExpectedRevisionError;
    expect(error).toBeInstanceOf(WrongExpectedRevisionError);
    expect(error).toMatchObject({ streamId: 's', expected, actual: head?.revision ?? null, itemIndex: 1 });
  });

  test('a failing unit writes nothing and leaves its batch-mates and the chain untouched', async () => {
    const decision = decide(
      state(),
      { items: [item('a', 'no_stream')] },
      { items: [item('b', 'no_stream'), item('a', 'no_stream')] },
      { items: [item('b', 'no_stream')] },
    );
    expect(decision.outcomes.map((outcome) => outcome.ok)).toEqual([true, false, true]);
    expect(decision.events.map((event) => [event.logPosition, event.streamId])).toEqual([
      [1, 'a'],
      [2, 'b'],
    ]);
    expect(await verifyChain(decision.events)).toMatchObject({ ok: true });
  });

  test('units later in a batch see the revisions written before them', () => {
    const decision = decide(state(), { items: [item('s', 'no_stream')] }, { items: [item('s', 'no_stream')] }, { items: [item('s', 0)] });
    expect(decision.outcomes.map((outcome) => outcome.ok)).toEqual([true, false, true]);
    expect(errorOf(decision.outcomes[1])).toMatchObject({ actual: 0 });
  });

  describe('idempotency by event id', () => {
    const stored = (ids: string[], streamId = 's', firstRevision = 0) =>
      new Map(ids.map((id, index) => [id, { streamId, revision: firstRevision + index, logPosition: 10 + index, recordedAt: '2026-01-01T00:00:00.000Z' }]));

    test('ids standing right after the expected revision: success without writing, existing positions', () => {
      const ids = [newId(), newId()];
      const given = state({ eventsById: stored(ids, 's', 3), streams: new Map([['s', { revision: 9, logPosition: 40 }]]) });
      for (const expected of [2, 'any', 'stream_exists'] as ExpectedRevision[]) {
        const decision = decide(given, { items: [item('s', expected, ids)] });
        expect(decision.events).toEqual([]);
        expect(decision.outcomes[0]).toEqual({
          ok: true,
          result: { written: false, items: [{ streamId: 's', revision: 4, logPosition: 11 }], logPosition: 11, recordedAt: '2026-01-01T00:00:00.000Z' },
        });
      }
    });

    test('ids stored elsewhere, or only some of them, are a conflict', () => {
      const ids = [newId(), newId()];
      const given = state({ eventsById: stored(ids, 's', 3), streams: new Map([['s', { revision: 4, logPosition: 11 }]]) });
      for (const unit of [
        { items: [item('s', 1, ids)] },
        { items: [item('s', 'no_stream', ids)] },
        { items: [item('t', 'any', ids)] },
        { items: [item('s', 4, [newId()]), item('s', 2, [ids[0], newId()])] },
        { items: [item('s', 'any', [ids[1], ids[0]])] },
      ]) {
        const error = errorOf(decide(given, unit).outcomes[0]);
        expect(error).toBeInstanceOf(DuplicateEventIdError);
      }
      expect(errorOf(decide(given, { items: [item('u', 'any'), item('s', 2, [ids[0], newId()])] }).outcomes[0])).toMatchObject({
        eventId: ids[0],
        itemIndex: 1,
      });
    });

    test('the same id twice in one unit is refused', () => {
      const id = newId();
      expect(errorOf(decide(state(), { items: [item('s', 'any', [id]), item('t', 'any', [id])] }).outcomes[0])).toMatchObject({
        eventId: id,
        itemIndex: 1,
      });
    });

    test('the same unit twice in one batch is written once', () => {
      const unit = { items: [item('s', 'no_stream', [newId(), newId()])] };
      const decision = decide(state(), unit, unit);
      expect(decision.events).toHaveLength(2);
      expect(decision.outcomes.map((outcome) => outcome.ok && outcome.result)).toEqual([
        expect.objectContaining({ written: true, logPosition: 2 }),
        expect.objectContaining({ written: false, logPosition: 2, items: [{ streamId: 's', revision: 1, logPosition: 2 }] }),
      ]);
    });

    test('upper-case ids match their stored lower-case form', () => {
      const id = newId();
      const decision = decide(state({ eventsById: stored([id]) }), { items: [item('s', 'no_stream', [id.toUpperCase()])] });
      expect(decision.outcomes[0]).toMatchObject({ ok: true, result: { written: false } });
    });
  });

  describe('idempotency keys', () => {
    const answer = (): StoredResult => ({ status: 201, body: { ok: true } });
    const request = (requestHash: string, storedResult: (result: AppendResult) => StoredResult = answer) => ({
      scope: 'alice POST /v1/statements',
      key: 'k-1',
      requestHash,
      storedResult,
    });

    test('a new key stores the answer built from the result, in the same batch', () => {
      const storedResult = jest.fn((result: AppendResult): StoredResult => ({ status: 201, body: { logPosition: result.logPosition } }));
      const decision = decide(state(), { items: [item('s', 'no_stream')], idempotency: request('h', storedResult) });
      expect(storedResult).toHaveBeenCalledWith(expect.objectContaining({ written: true, logPosition: 1 }));
      expect(decision.keys).toEqual([
        {
          scope: 'alice POST /v1/statements',
          key: 'k-1',
          requestHash: 'h',
          response: { status: 201, body: { logPosition: 1 } },
          logPosition: 1,
          recordedAt: NOW,
        },
      ]);
    });

    test('a stored key with the same request replays the first answer and writes nothing', () => {
      const first = { status: 201, body: { statementId: 'x' } };
      const keys = new Map([
        [keyOf('alice POST /v1/statements', 'k-1'), { requestHash: 'h', response: first, logPosition: 5, recordedAt: '2026-01-01T00:00:00.000Z' }],
      ]);
      const decision = decide(state({ keys, streams: new Map([['s', { revision: 0, logPosition: 5 }]]) }), {
        items: [item('s', 'no_stream')],
        idempotency: request('h'),
      });
      expect(decision.events).toEqual([]);
      expect(decision.keys).toEqual([]);
      expect(decision.outcomes[0]).toEqual({
        ok: true,
        result: {
          written: false,
          items: [{ streamId: 's', revision: 0, logPosition: 5 }],
          logPosition: 5,
          recordedAt: '2026-01-01T00:00:00.000Z',
          replayed: first,
        },
      });
    });

    test('a stored key with another request is refused', () => {
      const keys = new Map([
        [keyOf('alice POST /v1/statements', 'k-1'), { requestHash: 'h', response: { status: 201, body: null }, logPosition: 5, recordedAt: NOW }],
      ]);
      const error = errorOf(decide(state({ keys }), { items: [item('s', 'any')], idempotency: request('other') }).outcomes[0]);
      expect(error).toBeInstanceOf(IdempotencyKeyReusedError);
    });

    test('the second unit with a key in the same batch gets the first answer', () => {
      const decision = decide(
        state(),
        { items: [item('s', 'no_stream')], idempotency: request('h') },
        { items: [item('s', 'no_stream')], idempotency: request('h') },
        { items: [item('t', 'no_stream')], idempotency: request('other') },
      );
      expect(decision.events).toHaveLength(1);
      expect(decision.outcomes[1]).toMatchObject({ ok: true, result: { written: false, replayed: { status: 201, body: { ok: true } } } });
      expect(errorOf(decision.outcomes[2])).toBeInstanceOf(IdempotencyKeyReusedError);
    });

    test('a key whose unit failed is not stored, so a batch-mate with it may still write', () => {
      const decision = decide(state(), { items: [item('s', 3)], idempotency: request('h') }, { items: [item('s', 'no_stream')], idempotency: request('h') });
      expect(decision.outcomes.map((outcome) => outcome.ok)).toEqual([false, true]);
      expect(decision.keys).toHaveLength(1);
    });

    test('an answer that cannot be built fails only its own unit', () => {
      const decision = decide(
        state(),
        {
          items: [item('s', 'any')],
          idempotency: request('h', () => {
            throw new Error('boom');
          }),
        },
        { items: [item('t', 'any')] },
      );
      expect(errorOf(decision.outcomes[0])).toEqual(new Error('boom'));
      expect(decision.events.map((event) => [event.logPosition, event.streamId])).toEqual([[1, 't']]);
    });
  });
});

describe('unique claims: taken and released with the events', () => {
  const take = (key: string, owner: string) => ({ key, owner });

  test('a key another owner holds refuses the unit (ClaimTakenError naming the holder); its batch-mates are written', () => {
    const decision = decide(
      state({ claims: new Map([['k1', 'a']]) }),
      ...[
        { items: [item('s-b', 'no_stream')], claims: { release: [], take: [take('k1', 'b')] } },
        { items: [item('s-c', 'no_stream')], claims: { release: [], take: [take('k2', 'c')] } },
      ],
    );
    const [refused, written] = decision.outcomes;
    expect(refused.ok).toBe(false);
    expect(!refused.ok && refused.error).toBeInstanceOf(ClaimTakenError);
    expect(!refused.ok && (refused.error as ClaimTakenError).taken).toEqual([{ index: 0, key: 'k1', owner: 'a' }]);
    expect(written.ok).toBe(true);
    expect(decision.events.map((event) => event.streamId)).toEqual(['s-c']);
    expect(decision.claims).toEqual({ release: [], take: [take('k2', 'c')] });
  });

  test('two claims of one unit on the same key: the second is refused, naming the first owner', () => {
    const [outcome] = decide(state(), ...[{ items: [item('s-x', 'no_stream')], claims: { release: [], take: [take('k', 'x'), take('k', 'y')] } }]).outcomes;
    expect(!outcome.ok && (outcome.error as ClaimTakenError).taken).toEqual([{ index: 1, key: 'k', owner: 'x' }]);
  });

  test('a key released earlier in the batch (or in the same unit) may be taken; the decision deletes the old holder and inserts the new', () => {
    const decision = decide(
      state({ claims: new Map([['k', 'a']]) }),
      ...[
        { items: [item('s-a', 'any')], claims: { release: ['k'], take: [] } },
        { items: [item('s-b', 'no_stream')], claims: { release: [], take: [take('k', 'b')] } },
      ],
    );
    expect(decision.outcomes.map((outcome) => outcome.ok)).toEqual([true, true]);
    expect(decision.claims).toEqual({ release: [take('k', 'a')], take: [take('k', 'b')] });
  });

  test('a unit already stored (same event ids) takes nothing again', () => {
    const ids = [newId()];
    const stored = decide(state(), ...[{ items: [item('s-r', 'no_stream', ids)], claims: { release: [], take: [take('k', 'r')] } }]);
    const places = new Map(stored.events.map((event) => [event.eventId, { ...event, recordedAt: NOW }]));
    const again = decide(
      state({ eventsById: places, claims: new Map([['k', 'r']]) }),
      ...[{ items: [item('s-r', 'no_stream', ids)], claims: { release: [], take: [take('k', 'r')] } }],
    );
    expect(again.outcomes[0].ok).toBe(true);
    expect(again.claims).toEqual({ release: [], take: [] });
  });
});
