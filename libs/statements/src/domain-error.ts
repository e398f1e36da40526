/**
 * What kind of refusal a domain error is; the API's one exception filter maps each kind to
 * its problem type and status (404, 409, 412, 422, 400).
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
