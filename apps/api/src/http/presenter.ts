import { IdempotencyKeyReusedError, WrongExpectedRevisionError } from '@app/event-store';
import {
  IdempotencyKeyInFlightError,
  InvalidInputError,
  LedgerError,
  ReadModelsBehindError,
  RevisionNoLongerCurrentError,
  type BatchRecorded,
  type ActorWritten,
  type StatementWritten,
  type TopicWritten,
} from '@app/ledger';
import {
  ActorNotRegisteredError,
  DomainError,
  DuplicateStatementError,
  InvalidActorRevisionError,
  InvalidCorrectionError,
  TopicNotRegisteredError,
} from '@app/statements';
import { orderStatementView, SearchWithoutWordsError } from '@app/stances';
import type { Response } from 'express';
import { Problem, validationProblem } from './problem.js';

/**
 * The one place the application layer's results and refusals become HTTP: statuses,
 * headers (Location, ETag, Ledger-Position, Idempotent-Replayed) and problem documents.
 */

function send<T>(response: Response, status: number, headers: Record<string, string>, replayed: boolean | undefined, body: T): T {
  response.status(status);
  for (const [name, value] of Object.entries(headers)) response.setHeader(name, value);
  if (replayed) response.setHeader('Idempotent-Replayed', 'true');
  return body;
}

/** A statement written: 201 when recorded now, else 200; where it lives, its revision, its position. */
export function presentStatement(response: Response, result: StatementWritten) {
  const headers = {
    Location: `/v1/statements/${result.statement.statementId}`,
    ETag: `"${result.revision}"`,
    'Ledger-Position': String(result.logPosition),
  };
  // A fresh result in GET's field order (a holder defaulted by the decision would otherwise come
  // last); a replay exactly as first answered — one answered by v1 has no v2 fields to add.
  const statement = result.replayed ? result.statement : orderStatementView(result.statement);
  return send(response, result.created ? 201 : 200, headers, result.replayed, statement);
}

export function presentBatch(response: Response, result: BatchRecorded) {
  return send(response, result.created ? 201 : 200, { 'Ledger-Position': String(result.logPosition) }, result.replayed, { items: result.items });
}

/** A registry entry (a topic, an actor) written: 201 with where it lives when registered now, else 200. */
function presentRegistryWrite<T>(response: Response, location: string, result: { logPosition: number; created: boolean }, body: T): T {
  const position = String(result.logPosition);
  const headers: Record<string, string> = result.created ? { Location: location, 'Ledger-Position': position } : { 'Ledger-Position': position };
  return send(response, result.created ? 201 : 200, headers, false, body);
}

export const presentTopic = (response: Response, result: TopicWritten) =>
  presentRegistryWrite(response, `/v1/topics/${result.topic.slug}`, result, result.topic);

export const presentActor = (response: Response, result: ActorWritten) =>
  presentRegistryWrite(response, `/v1/actors/${result.actor.slug}`, result, result.actor);

/** The problem a refusal of the domain or the application layer is answered with; null for any other error. */
export function presentProblem(error: unknown): Problem | null {
  if (error instanceof DomainError) {
    if (error.kind === 'validation') {
      const errors = error instanceof InvalidCorrectionError || error instanceof InvalidActorRevisionError ? error.errors : [];
      return validationProblem(errors, error.message);
    }
    if (error instanceof DuplicateStatementError) {
      const errors = error.duplicates.map(({ pointer, duplicateOf }) => ({ pointer, detail: `repeats active statement ${duplicateOf}`, duplicateOf }));
      return new Problem('duplicate', error.message, { duplicateOf: error.duplicates[0].duplicateOf, errors });
    }
    // The domain says what to do; the API also says where.
    const detail =
      error instanceof TopicNotRegisteredError
        ? `${error.message} (POST /v1/topics)`
        : error instanceof ActorNotRegisteredError
          ? `${error.message} (POST /v1/actors)`
          : error.message;
    return new Problem(error.kind, detail, { code: error.code });
  }
  if (error instanceof LedgerError) {
    if (error instanceof InvalidInputError) return validationProblem(error.errors);
    if (error instanceof RevisionNoLongerCurrentError) return new Problem('precondition-failed', error.message);
    if (error instanceof IdempotencyKeyInFlightError) return new Problem('conflict', error.message);
    if (error instanceof ReadModelsBehindError) return new Problem('unavailable', error.message, { headers: { 'Retry-After': '1' } });
  }
  if (error instanceof SearchWithoutWordsError) {
    return validationProblem([
      { pointer: '/query/q', detail: 'no word to search for: give at least one word (operators and punctuation alone match nothing)' },
    ]);
  }
  if (error instanceof WrongExpectedRevisionError) {
    return new Problem('conflict', 'the statement was changed concurrently; reload it and try again');
  }
  if (error instanceof IdempotencyKeyReusedError) {
    return new Problem('unprocessable', 'this Idempotency-Key was already used with a different request body');
  }
  return null;
}
