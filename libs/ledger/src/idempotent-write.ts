import type { AppendResult, StoredResponse } from '@app/event-store';
import { Problem } from '../../../apps/api/src/http/problem.js';
import type { WriteOutcome } from '../../../apps/api/src/http/write-outcome.js';
import type { IdempotencyContext } from './idempotency.js';
import type { LedgerWriter } from './ledger-writer.js';

export function replayOf(stored: StoredResponse): WriteOutcome {
  return { status: stored.status, body: stored.body, headers: { ...(stored.headers ?? {}), 'Idempotent-Replayed': 'true' } };
}

export function storedOf(outcome: WriteOutcome): StoredResponse {
  return { status: outcome.status, body: outcome.body as StoredResponse['body'], headers: outcome.headers };
}

/**
 * Runs a write under an optional Idempotency-Key: a key seen before with the same body
 * replays the first answer; with another body it is a 422; the key is released when done.
 */
export async function idempotentWrite(
  writer: LedgerWriter,
  idempotency: IdempotencyContext | null,
  work: () => Promise<WriteOutcome>,
): Promise<WriteOutcome> {
  if (!idempotency) return work();
  try {
    const stored = await writer.findIdempotencyRecord(idempotency.scope, idempotency.key);
    if (stored) {
      if (stored.requestHash !== idempotency.requestHash) {
        throw new Problem('unprocessable', 'this Idempotency-Key was already used with a different request body');
      }
      return replayOf(stored.response);
    }
    return await work();
  } finally {
    idempotency.release();
  }
}

/** The idempotency part of an append unit: the answer is built and stored with the events. */
export function idempotencyFor(
  idempotency: IdempotencyContext | null,
  outcome: (result: AppendResult) => WriteOutcome,
) {
  if (!idempotency) return undefined;
  return {
    scope: idempotency.scope,
    key: idempotency.key,
    requestHash: idempotency.requestHash,
    respond: (result: AppendResult) => storedOf(outcome(result)),
  };
}

/** The answer to an append: the replayed first answer, or the fresh one. */
export function outcomeOf(result: AppendResult, outcome: (result: AppendResult) => WriteOutcome): WriteOutcome {
  return result.replayed ? replayOf(result.replayed) : outcome(result);
}
