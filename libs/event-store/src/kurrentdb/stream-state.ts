import { ANY, NO_STREAM, STREAM_EXISTS, type AppendStreamState, type CurrentStreamState } from '@kurrent/kurrentdb-client';
import type { ExpectedRevision } from '../event-store.port.js';

/**
 * The port's expected revision in the client's vocabulary (`streamState`, which replaced
 * `expectedRevision` in @kurrent/kurrentdb-client): the same four cases, revisions as bigint.
 */
export function toStreamState(expected: ExpectedRevision): AppendStreamState {
  switch (expected) {
    case 'any':
      return ANY;
    case 'no_stream':
      return NO_STREAM;
    case 'stream_exists':
      return STREAM_EXISTS;
    default:
      if (!Number.isSafeInteger(expected) || expected < 0) throw new TypeError(`not an expected revision: ${String(expected)}`);
      return BigInt(expected);
  }
}

/**
 * A stream's actual state as the server reports it on a conflict, as the port's
 * `WrongExpectedRevisionError.actual`: its last revision, or null when it does not exist.
 * The server's negative sentinels (-1 no stream, -5 deleted, -6 tombstoned) are all
 * "no stream you can append after".
 */
export function actualRevisionOf(state: CurrentStreamState | AppendStreamState | undefined): number | null {
  if (typeof state !== 'bigint' || state < 0n) return null;
  return Number(state);
}
