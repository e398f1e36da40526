/** How the API reports a domain error; one exception filter maps each kind to its status. */
export type DomainErrorKind = 'not-found' | 'conflict' | 'precondition-failed' | 'unprocessable' | 'validation';

export interface FieldError {
  /** RFC 6901 JSON Pointer into the validated input. */
  pointer: string;
  detail: string;
}

/** Base of the domain's typed errors; `code` is stable (e.g. STATEMENT.RETRACTED). */
export abstract class DomainError extends Error {
  abstract readonly code: string;
  abstract readonly kind: DomainErrorKind;
}

export class TopicAlreadyRegisteredError extends DomainError {
  readonly code = 'TOPIC.ALREADY_REGISTERED';
  readonly kind = 'conflict';
  constructor(readonly slug: string) {
    super(`topic ${slug} is already registered`);
  }
}

export class TopicNotFoundError extends DomainError {
  readonly code = 'TOPIC.NOT_FOUND';
  readonly kind = 'not-found';
  constructor(readonly slug: string) {
    super(`no topic ${slug}`);
  }
}

export class TopicNotRegisteredError extends DomainError {
  readonly code = 'STATEMENT.TOPIC_NOT_REGISTERED';
  readonly kind = 'unprocessable';
  constructor(readonly slug: string) {
    super(`topic ${slug} is not registered; register it first (POST /v1/topics)`);
  }
}

export class StatementNotFoundError extends DomainError {
  readonly code = 'STATEMENT.NOT_FOUND';
  readonly kind = 'not-found';
  constructor(readonly statementId: string) {
    super(`no statement ${statementId}`);
  }
}

export class StatementAlreadyRecordedError extends DomainError {
  readonly code = 'STATEMENT.ALREADY_RECORDED';
  readonly kind = 'conflict';
  constructor(readonly statementId: string) {
    super(`statement ${statementId} is already recorded with other content`);
  }
}

export class StatementRetractedError extends DomainError {
  readonly code = 'STATEMENT.RETRACTED';
  readonly kind = 'conflict';
  constructor(readonly statementId: string) {
    super(`statement ${statementId} is retracted and can no longer change`);
  }
}

export class RevisionMismatchError extends DomainError {
  readonly code = 'STATEMENT.REVISION_MISMATCH';
  readonly kind = 'precondition-failed';
  constructor(
    readonly expected: number,
    readonly actual: number,
  ) {
    super(`revision ${expected} is not current (the current revision is ${actual})`);
  }
}

export class NothingToCorrectError extends DomainError {
  readonly code = 'STATEMENT.NOTHING_TO_CORRECT';
  readonly kind = 'unprocessable';
  constructor(readonly statementId: string) {
    super(`the correction changes nothing in statement ${statementId}`);
  }
}

/** Input that breaks a field rule; `errors` point into the input. */
export class InvalidInputError extends DomainError {
  readonly code = 'INPUT.INVALID';
  readonly kind = 'validation';
  constructor(readonly errors: FieldError[]) {
    super(errors.map((error) => `${error.pointer || '/'}: ${error.detail}`).join('; '));
  }
}
