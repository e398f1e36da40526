import { DomainError } from '../domain-error.js';
import type { FieldError } from '../validation/field-error.js';

export class StatementNotFoundError extends DomainError {
  readonly code = 'STATEMENT.NOT_FOUND';
  readonly kind = 'not-found';
  constructor(readonly statementId: string) {
    super(`no statement ${statementId}`);
  }
}

/** A statement's topic (on record, or the one a correction moves it to) is not registered. */
export class TopicNotRegisteredError extends DomainError {
  readonly code = 'STATEMENT.TOPIC_NOT_REGISTERED';
  readonly kind = 'unprocessable';
  constructor(readonly slug: string) {
    super(`topic ${slug} is not registered; register it first`);
  }
}

/** A statement's holder or target names an actor's slug that is not registered. */
export class ActorNotRegisteredError extends DomainError {
  readonly code = 'STATEMENT.ACTOR_NOT_REGISTERED';
  readonly kind = 'unprocessable';
  constructor(
    readonly slug: string,
    readonly field: 'holder' | 'target',
  ) {
    super(`actor ${slug} (the ${field}) is not registered; register it first`);
  }
}

/**
 * A statement (recorded, or as a correction leaves it) equal in its duplicate tuple to an
 * active one (`duplicateTuple`); each duplicate names where it was sent and which statement
 * it repeats. In a batch, an item repeating an earlier item names that item's statementId.
 */
export class DuplicateStatementError extends DomainError {
  readonly code = 'STATEMENT.DUPLICATE';
  readonly kind = 'conflict';
  constructor(readonly duplicates: { pointer: string; duplicateOf: string }[]) {
    super(
      duplicates.length === 1
        ? `an active statement (${duplicates[0].duplicateOf}) already records this: the same holder, topic, target, position, statedAt, quote, speaker and primary source`
        : `${duplicates.length} statements repeat active ones (the same holder, topic, target, position, statedAt, quote, speaker and primary source)`,
    );
  }
}

/** A client-chosen statementId already recorded with other content. */
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

/** If-Match named a revision that is not the current one. */
export class RevisionMismatchError extends DomainError {
  readonly code = 'STATEMENT.REVISION_MISMATCH';
  readonly kind = 'precondition-failed';
  constructor(
    readonly expected: number,
    readonly actual: number,
  ) {
    super(`revision ${expected} is not current; the current revision is ${actual}`);
  }
}

export class NothingToCorrectError extends DomainError {
  readonly code = 'STATEMENT.NOTHING_TO_CORRECT';
  readonly kind = 'unprocessable';
  constructor(readonly statementId: string) {
    super(`the correction changes nothing in statement ${statementId}`);
  }
}

/** The corrected statement would break a field rule; `errors` point under /changes. */
export class InvalidCorrectionError extends DomainError {
  readonly code = 'STATEMENT.INVALID_CORRECTION';
  readonly kind = 'validation';
  constructor(readonly errors: FieldError[]) {
    super(errors.map((error) => `${error.pointer}: ${error.detail}`).join('; '));
  }
}
