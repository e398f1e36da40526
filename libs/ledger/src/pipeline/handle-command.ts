import { ClaimTakenError, WrongExpectedRevisionError, type AppendItem, type AppendResult, type RecordedEvent, type UniqueClaims } from '@app/event-store';
import { toDomainEvent, type DomainRecorded, type LedgerEvent } from '@app/statements';
import { toNewEvents, type CommandContext } from '../command-context.js';
import type { LedgerWriter } from '../ledger-writer.js';
import { RevisionNoLongerCurrentError } from '../ledger.errors.js';
import type { StoredForm } from '../results.js';

/**
 * What a command does when its append loses a race (another writer appended to one of its
 * streams since it read them: WrongExpectedRevisionError). Declared per command.
 */
export type RetryPolicy =
  /** Decide again against what the other writer wrote, at most `retries` more times; then the conflict stands. */
  | { onConflict: 'retry'; retries: number }
  /** The client named the revision it saw (If-Match): it is no longer current, so nothing is decided again. */
  | { onConflict: 'precondition-failed'; expectedRevision: number };

/** How a stream's events fold into the state a command decides on (and answers from). */
export interface StreamModel<S> {
  initialState: S;
  evolve(state: S, event: DomainRecorded<RecordedEvent>): S;
}

export interface LoadedStream<S> {
  streamId: string;
  state: S;
  /** Last revision, or null when the stream does not exist. */
  revision: number | null;
  lastLogPosition: number | null;
}

export interface StreamToLoad {
  streamId: string;
  /**
   * The stream cannot exist yet (a fresh UUID the server just chose): not read on the first
   * attempt. The append still expects `no_stream`, which would refuse it otherwise.
   */
  fresh?: boolean;
}

/** One command, as the pipeline runs it. */
export interface CommandPlan<S, E extends LedgerEvent, R> {
  model: StreamModel<S>;
  /** The streams it reads and may append to (read concurrently). */
  streams: readonly StreamToLoad[];
  /** The events for one stream, given its state; throws a DomainError to refuse. */
  decide(stream: LoadedStream<S>, index: number): E[];
  /** `no_stream`: each appended stream must be new (a recording); `read`: still at the revision read. */
  expected: 'no_stream' | 'read';
  retry: RetryPolicy;
  /** The result, from the streams as read, what was decided for each, and the append (null when nothing was decided). */
  answer(outcome: { streams: LoadedStream<S>[]; decided: E[][]; appended: AppendResult | null }): R;
  /** Set for a command that can run under an Idempotency-Key: how its result is kept and replayed. */
  stored?: StoredForm<R>;
  /**
   * Unique claims the append takes and releases with its events (a uniqueness rule checked
   * atomically with the append), and what a claim held by another owner means to the client.
   */
  claims?: {
    of(outcome: { streams: LoadedStream<S>[]; decided: E[][] }): UniqueClaims;
    refused(error: ClaimTakenError, claims: UniqueClaims): Error;
  };
}

/**
 * The one command pipeline, as Emmett's `handleCommand` runs it: load the streams, upcast
 * each stored event (`toDomainEvent`), evolve, decide, append with the expected revisions
 * as one atomic unit, and on a lost race follow the command's retry policy. Under an
 * Idempotency-Key the result is stored with the events, and a replay returns the first one.
 */
export async function handleCommand<S, E extends LedgerEvent, R>(writer: LedgerWriter, context: CommandContext, plan: CommandPlan<S, E, R>): Promise<R> {
  for (let attempt = 0; ; attempt++) {
    const streams = await Promise.all(
      plan.streams.map((stream) => (stream.fresh && attempt === 0 ? empty(stream.streamId, plan.model) : load(writer, stream.streamId, plan.model))),
    );
    const decided = streams.map((stream, index) => plan.decide(stream, index));
    const items: AppendItem[] = [];
    let eventIndex = 0;
    for (const [index, events] of decided.entries()) {
      if (events.length === 0) continue;
      const stream = streams[index];
      const expected = plan.expected === 'no_stream' || stream.revision === null ? 'no_stream' : stream.revision;
      items.push({ streamId: stream.streamId, expected, events: toNewEvents(context, events, eventIndex) });
      eventIndex += events.length;
    }
    if (items.length === 0) return plan.answer({ streams, decided, appended: null });
    const { idempotency } = context;
    const stored = plan.stored;
    const claims = plan.claims?.of({ streams, decided });
    try {
      const appended = await writer.append({
        items,
        ...(claims && (claims.take.length > 0 || claims.release.length > 0) ? { claims } : {}),
        idempotency:
          idempotency && stored
            ? {
                scope: idempotency.scope,
                key: idempotency.key,
                requestHash: idempotency.requestHash,
                storedResult: (result) => stored.toStored(plan.answer({ streams, decided, appended: result })),
              }
            : undefined,
      });
      if (appended.replayed !== undefined && stored) return stored.fromStored(appended.replayed);
      return plan.answer({ streams, decided, appended });
    } catch (error) {
      if (error instanceof ClaimTakenError && plan.claims && claims) throw plan.claims.refused(error, claims);
      if (!(error instanceof WrongExpectedRevisionError)) throw error;
      if (plan.retry.onConflict === 'precondition-failed') throw new RevisionNoLongerCurrentError(plan.retry.expectedRevision);
      if (attempt < plan.retry.retries) continue;
      throw error;
    }
  }
}

async function load<S>(writer: LedgerWriter, streamId: string, model: StreamModel<S>): Promise<LoadedStream<S>> {
  const events = await writer.readStream(streamId);
  let state = model.initialState;
  for (const recorded of events) {
    const event = toDomainEvent(recorded);
    if (event) state = model.evolve(state, event);
  }
  const last = events[events.length - 1];
  return { streamId, state, revision: last ? last.revision : null, lastLogPosition: last ? last.logPosition : null };
}

function empty<S>(streamId: string, model: StreamModel<S>): LoadedStream<S> {
  return { streamId, state: model.initialState, revision: null, lastLogPosition: null };
}
