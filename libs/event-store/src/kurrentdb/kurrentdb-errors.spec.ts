import {
  AccessDeniedError,
  DeadlineExceededError,
  NotLeaderError,
  UnavailableError,
  UnsupportedError,
  WrongExpectedVersionError,
} from '@kurrent/kurrentdb-client';
import { EventStoreUnavailableError, WrongExpectedRevisionError } from '../event-store.errors.js';
import { ChainingTimeoutError, KurrentDbUnsupportedError, toEventStoreError, type ItemRef } from './kurrentdb-errors.js';

const conflict = (streamName: string, current: bigint | 'no_stream') =>
  new WrongExpectedVersionError(undefined, { streamName, expected: 'no_stream', current });

describe('client errors as the port’s typed errors', () => {
  const items: ItemRef[] = [
    { streamId: 'statement-a', expected: 'any' },
    { streamId: 'statement-b', expected: 3 },
    { streamId: 'topic-x', expected: 'no_stream' },
  ];

  test('a wrong expected version names the item by its stream, with the caller’s expectation and the actual revision', () => {
    const error = toEventStoreError(conflict('statement-b', 5n), items, '');
    expect(error).toBeInstanceOf(WrongExpectedRevisionError);
    expect(error).toMatchObject({
      code: 'EVENT_STORE.WRONG_EXPECTED_REVISION',
      streamId: 'statement-b',
      expected: 3,
      actual: 5,
      itemIndex: 1,
    });
  });

  test('a stream that does not exist is actual null', () => {
    expect(toEventStoreError(conflict('topic-x', 'no_stream'), items, '')).toMatchObject({ streamId: 'topic-x', actual: null, itemIndex: 2 });
  });

  test('the store’s stream prefix is taken off the KurrentDB stream name', () => {
    expect(toEventStoreError(conflict('ledger1/statement-a', 0n), items, 'ledger1/')).toMatchObject({
      streamId: 'statement-a',
      expected: 'any',
      actual: 0,
      itemIndex: 0,
    });
  });

  test('a multi-stream append’s revision conflict (v2 protocol details) maps the same way', () => {
    const fromV2 = WrongExpectedVersionError.fromRevisionConflict({ stream: 'statement-b', expectedRevision: '3', actualRevision: '-1' } as never);
    expect(toEventStoreError(fromV2, items, '')).toMatchObject({ streamId: 'statement-b', expected: 3, actual: null, itemIndex: 1 });
    const exists = WrongExpectedVersionError.fromRevisionConflict({ stream: 'topic-x', expectedRevision: '-1', actualRevision: '2' } as never);
    expect(toEventStoreError(exists, items, '')).toMatchObject({ streamId: 'topic-x', expected: 'no_stream', actual: 2, itemIndex: 2 });
  });

  test('a single-item unit takes the conflict whatever the name says', () => {
    expect(toEventStoreError(conflict('other', 1n), [{ streamId: 's', expected: 0 }], '')).toMatchObject({ streamId: 's', itemIndex: 0, actual: 1 });
  });

  test('a conflict on a stream the unit does not name passes through', () => {
    const error = conflict('elsewhere', 1n);
    expect(toEventStoreError(error, items, '')).toBe(error);
  });

  test.each([
    ['unavailable', new UnavailableError()],
    ['deadline exceeded', new DeadlineExceededError()],
  ])('%s is EventStoreUnavailableError (the outcome is unknown; a retry is safe)', (_name, error) => {
    const mapped = toEventStoreError(error, items, '');
    expect(mapped).toBeInstanceOf(EventStoreUnavailableError);
    expect(mapped).toMatchObject({ code: 'EVENT_STORE.UNAVAILABLE', cause: error, message: expect.stringMatching(/appending it again is safe/) });
  });

  test('not leader is unavailable too', () => {
    const error = Object.assign(Object.create(NotLeaderError.prototype) as NotLeaderError, { type: 'not-leader', message: 'not leader' });
    expect(toEventStoreError(error, items, '')).toBeInstanceOf(EventStoreUnavailableError);
  });

  test('a server without multi-stream append is a typed unsupported error', () => {
    const mapped = toEventStoreError(new UnsupportedError('multiStreamAppend', '25.1'), items, '');
    expect(mapped).toBeInstanceOf(KurrentDbUnsupportedError);
    expect(mapped).toMatchObject({ code: 'EVENT_STORE.UNSUPPORTED', message: expect.stringMatching(/25\.1/) });
  });

  test('anything else passes through unchanged', () => {
    const denied = new AccessDeniedError();
    const plain = new Error('boom');
    expect(toEventStoreError(denied, items, '')).toBe(denied);
    expect(toEventStoreError(plain, items, '')).toBe(plain);
    expect(toEventStoreError('text', items, '')).toBe('text');
  });

  test('a chaining timeout is an availability error that names its events', () => {
    const error = new ChainingTimeoutError(['id-1'], 10_000);
    expect(error).toBeInstanceOf(EventStoreUnavailableError);
    expect(error).toMatchObject({ code: 'EVENT_STORE.UNAVAILABLE', eventIds: ['id-1'], message: expect.stringMatching(/10000 ms/) });
  });
});
