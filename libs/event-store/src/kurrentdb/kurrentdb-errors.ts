import { ErrorType, type WrongExpectedVersionError } from '@kurrent/kurrentdb-client';
import { EventStoreError, EventStoreUnavailableError, WrongExpectedRevisionError } from '../event-store.errors.js';
import type { ExpectedRevision } from '../event-store.port.js';
import { actualRevisionOf } from './stream-state.js';

/** The KurrentDB server is too old for what the unit needs (a multi-stream unit needs 25.1 or later). */
export class KurrentDbUnsupportedError extends EventStoreError {
  readonly code = 'EVENT_STORE.UNSUPPORTED';
}

/**
 * KurrentDB took the unit, but the chainer did not give its events log positions within
 * the bounded wait (no chainer is leader, or it is far behind). The events are stored and
 * will be chained; appending the same unit again is safe (its event ids make it idempotent)
 * and answers once they are chained.
 */
export class ChainingTimeoutError extends EventStoreUnavailableError {
  constructor(
    readonly eventIds: string[],
    waitedMs: number,
  ) {
    super(`KurrentDB stored the unit but the chainer has not assigned its log positions after ${waitedMs} ms; ` + 'appending the same unit again is safe');
  }
}

/** Errors after which the outcome of an append is unknown or the server cannot be reached: retrying the same unit is safe. */
const UNAVAILABLE = new Set<string>([ErrorType.UNAVAILABLE, ErrorType.DEADLINE_EXCEEDED, ErrorType.TIMEOUT, ErrorType.CANCELLED, ErrorType.NOT_LEADER]);

export interface ItemRef {
  streamId: string;
  expected: ExpectedRevision;
}

function typeOf(error: unknown): string | undefined {
  if (!(error instanceof Error)) return undefined;
  const type = (error as { type?: unknown }).type;
  return typeof type === 'string' ? type : undefined;
}

/**
 * Maps what the client threw on an append to the port's typed errors. A conflict names the
 * unit's item by its stream (a unit names each stream once on this adapter) and carries the
 * caller's own expectation; `streamName` is the KurrentDB name, `streamPrefix` included.
 * Anything else that is not an availability problem passes through unchanged.
 */
export function toEventStoreError(error: unknown, items: readonly ItemRef[], streamPrefix: string): unknown {
  const type = typeOf(error);
  if (type === ErrorType.WRONG_EXPECTED_VERSION) {
    const conflict = error as WrongExpectedVersionError;
    const name = typeof conflict.streamName === 'string' ? conflict.streamName : '';
    const streamId = name.startsWith(streamPrefix) ? name.slice(streamPrefix.length) : name;
    let itemIndex = items.findIndex((item) => item.streamId === streamId);
    if (itemIndex < 0 && items.length === 1) itemIndex = 0;
    if (itemIndex < 0) return error;
    const item = items[itemIndex];
    return new WrongExpectedRevisionError(item.streamId, item.expected, actualRevisionOf(conflict.actualState), itemIndex);
  }
  if (type === ErrorType.UNSUPPORTED) {
    return new KurrentDbUnsupportedError(`${(error as Error).message}: a unit over several streams needs KurrentDB 25.1 or later`, {
      cause: error,
    });
  }
  if (type !== undefined && UNAVAILABLE.has(type)) {
    return new EventStoreUnavailableError(
      `KurrentDB is unavailable (${type}): ${(error as Error).message}; whether the unit was stored is unknown, appending it again is safe`,
      { cause: error },
    );
  }
  return error;
}
