import type { ExpectedRevision } from './event-store.port.js';

/** Base of every typed error the store raises; `code` is stable for callers and the API. */
export abstract class EventStoreError extends Error {
  abstract readonly code: string;
}

export class WrongExpectedRevisionError extends EventStoreError {
  readonly code = 'EVENT_STORE.WRONG_EXPECTED_REVISION';
  constructor(
    readonly streamId: string,
    readonly expected: ExpectedRevision,
    /** The stream's last revision, or null when it does not exist. */
    readonly actual: number | null,
    /** Index of the failing item within its unit. */
    readonly itemIndex: number,
  ) {
    super(`stream ${streamId}: expected revision ${String(expected)}, actual ${actual === null ? 'no stream' : actual}`);
  }
}

/** A unit took unique claims that other owners hold (or that an earlier claim of the same unit took): nothing was written. */
export class ClaimTakenError extends EventStoreError {
  readonly code = 'EVENT_STORE.CLAIM_TAKEN';
  constructor(
    /** Each refused claim: its index in the unit's `claims.take`, its key, and who holds it. */
    readonly taken: { index: number; key: string; owner: string }[],
  ) {
    super(`${taken.length} unique claim(s) already held: ${taken.map(({ key, owner }) => `${key} by ${owner}`).join(', ')}`);
  }
}

/** An event id already stands elsewhere in the log than where this unit would put it. */
export class DuplicateEventIdError extends EventStoreError {
  readonly code = 'EVENT_STORE.DUPLICATE_EVENT_ID';
  constructor(
    readonly eventId: string,
    readonly itemIndex: number,
  ) {
    super(`event id ${eventId} is already stored at another place in the log`);
  }
}

/** The idempotency key was used before with a different request body. */
export class IdempotencyKeyReusedError extends EventStoreError {
  readonly code = 'EVENT_STORE.IDEMPOTENCY_KEY_REUSED';
  constructor(readonly key: string) {
    super(`idempotency key ${key} was already used with a different request`);
  }
}

/**
 * Why the database could not serve a request: `busy` — it answers, but no connection of
 * the pool came free in time (overload: this process's own queue); `down` — it cannot be
 * reached, or it is shutting down or refusing connections.
 */
export type UnavailableReason = 'busy' | 'down';

/** The database could not be reached (or is busy), or the store is shutting down; nothing was written. */
export class EventStoreUnavailableError extends EventStoreError {
  readonly code = 'EVENT_STORE.UNAVAILABLE';
  readonly reason: UnavailableReason;

  constructor(message: string, options: ErrorOptions & { reason?: UnavailableReason } = {}) {
    super(message, options);
    this.reason = options.reason ?? 'down';
  }
}
