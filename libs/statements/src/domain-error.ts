/**
 * What kind of refusal a domain error is: nothing by that name, a clash with what is
 * recorded, a stale expectation, a request that cannot be carried out, or invalid input.
 * Each caller says it in its own terms (the API's presenter maps a kind to its answer).
 */
export type DomainErrorKind = 'not-found' | 'conflict' | 'precondition-failed' | 'unprocessable' | 'validation';

/** Base of the typed errors `decide` throws; `code` is stable and names the rule (STATEMENT.RETRACTED). */
export abstract class DomainError extends Error {
  abstract readonly code: string;
  abstract readonly kind: DomainErrorKind;

  constructor(message: string) {
    super(message);
    this.name = new.target.name;
  }
}
