import { ANY, NO_STREAM, STREAM_EXISTS } from '@kurrent/kurrentdb-client';
import type { ExpectedRevision } from '../event-store.port.js';
import { actualRevisionOf, toStreamState } from './stream-state.js';

describe('the expected revision as the client’s streamState', () => {
  test.each<[ExpectedRevision, unknown]>([
    ['any', ANY],
    ['no_stream', NO_STREAM],
    ['stream_exists', STREAM_EXISTS],
    [0, 0n],
    [41, 41n],
    [Number.MAX_SAFE_INTEGER, BigInt(Number.MAX_SAFE_INTEGER)],
  ])('%p → %p', (expected, state) => {
    expect(toStreamState(expected)).toBe(state);
  });

  test('the constants are the client’s own strings', () => {
    expect([ANY, NO_STREAM, STREAM_EXISTS]).toEqual(['any', 'no_stream', 'stream_exists']);
  });

  test.each([-1, 1.5, Number.NaN, 2 ** 60])('refuses %p', (expected) => {
    expect(() => toStreamState(expected)).toThrow(TypeError);
  });
});

describe('the actual stream state as the port’s actual revision', () => {
  test.each<[Parameters<typeof actualRevisionOf>[0], number | null]>([
    [0n, 0],
    [7n, 7],
    ['no_stream', null],
    [-1n, null], // no stream
    [-5n, null], // deleted
    [-6n, null], // tombstoned
    ['any', null],
    [undefined, null],
  ])('%p → %p', (state, actual) => {
    expect(actualRevisionOf(state)).toBe(actual);
  });
});
