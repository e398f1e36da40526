import type { FieldError, Parsed } from '@app/statements';

/**
 * Refusals of the application layer itself (the domain's own are `DomainError`s): each
 * caller says them in its own terms — the API's presenter maps each class to its answer.
 */
export abstract class LedgerError extends Error {
  constructor(message: string) {
    super(message);
    this.name = new.target.name;
  }
}

/** The input of a command does not parse; `errors` point into it. */
export class InvalidInputError extends LedgerError {
  constructor(readonly errors: FieldError[]) {
    const first = errors[0];
    super(first ? `${first.pointer || '/'}: ${first.detail}` : 'invalid input');
  }
}

/** The parsed value, or an InvalidInputError naming every field that is wrong. */
export function validInput<T>(parsed: Parsed<T>): T {
  if (!parsed.ok) throw new InvalidInputError(parsed.errors);
  return parsed.value;
}

/** The client named a revision (If-Match) and another writer changed the stream first. */
export class RevisionNoLongerCurrentError extends LedgerError {
  constructor(readonly expectedRevision: number) {
    super(`revision ${expectedRevision} is no longer current`);
  }
}

/** A second request with an Idempotency-Key whose first request has not finished. */
export class IdempotencyKeyInFlightError extends LedgerError {
  constructor(readonly key: string) {
    super('a request with this Idempotency-Key is still in flight');
  }
}

/** The read models have not reached the log position a read asked for, within the wait. */
export class ReadModelsBehindError extends LedgerError {
  constructor(readonly logPosition: number) {
    super(`the read models have not reached logPosition ${logPosition} yet`);
  }
}
