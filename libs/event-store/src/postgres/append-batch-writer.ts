import { setTimeout as delay } from 'node:timers/promises';
import { EventStoreUnavailableError } from '../event-store.errors.js';
import type { AppendResult, AppendUnit, RecordedEvent } from '../event-store.port.js';
import { decideBatch, type BatchDecision, type BatchState } from './batch-decision.js';
import { prepareUnit, type PreparedUnit } from './prepared-unit.js';
import { WriterCache } from './writer-cache.js';

/** The batch may succeed if run again on fresh state: the connection dropped before COMMIT, or another writer won a race. */
export class RetryableBatchError extends Error {}

/** The connection failed while the COMMIT was in flight: the batch may or may not be stored. */
export class CommitOutcomeUnknownError extends Error {}

/**
 * One transaction per batch, as the writer sees it. Errors other than the two above and
 * EventStoreUnavailableError mean the database refused what one of the units sent.
 */
export interface BatchStorage {
  /** Opens the batch transaction under the writer lock and reads what its units touch. */
  begin(units: PreparedUnit[]): Promise<BatchState>;
  /**
   * Writes and commits, in one round trip, a decision made on the head this writer last
   * saw committed, without reading first. Throws RetryableBatchError when the log no
   * longer ends at that head or a constraint refused a row (a position, stream revision,
   * event id or idempotency key taken meanwhile): then nothing was stored.
   */
  appendOnHead(decision: BatchDecision): Promise<void>;
  /** Writes the decision and commits; with nothing to write, just ends the transaction. */
  commit(decision: BatchDecision): Promise<void>;
  /** Ends a failed transaction (dropping the connection if that fails too). */
  rollback(): Promise<void>;
  /** Whether a commit whose answer was lost took effect. */
  landed(decision: BatchDecision): Promise<boolean>;
  close(): Promise<void>;
}

export interface AppendBatchWriterOptions {
  maxBatchUnits: number;
  /** A unit with more events than this still goes, alone. */
  maxBatchEvents: number;
  /** Runs of one unit's batch after lost connections or races before it is refused. */
  maxAttempts: number;
  /** How long to keep asking whether a commit whose answer was lost took effect. */
  unknownOutcomeTimeoutMs: number;
  /** Told the new head after every commit that stored events. */
  onCommitted(logPosition: number, events: readonly RecordedEvent[]): void;
  /** Streams whose last revision the writer remembers between batches. Default 10,000. */
  cachedStreams?: number;
  /** The clock for batches written without reading the database's. Default: this process's. */
  now?: () => string;
}

/** A batch handed to the connection on the cached head; `refusal` resolves to null once it committed. */
interface Sent {
  decision: BatchDecision;
  refusal: Promise<{ error: unknown } | null>;
}

interface Pending {
  unit: PreparedUnit;
  resolve(result: AppendResult): void;
  reject(error: unknown): void;
  attempts: number;
  /** Set after its batch failed on a database error: it runs alone so it cannot fail others. */
  alone: boolean;
}

/**
 * The single writer with group commit: every append joins one queue, and one loop writes
 * the queue in batches, one transaction each, so that log positions are handed out under
 * a lock in commit order and a reader's `logPosition > n` never skips an event.
 */
export class AppendBatchWriter {
  private readonly queue: Pending[] = [];
  private running: Promise<void> | null = null;
  private closed = false;
  private readonly cache: WriterCache;
  private readonly now: () => string;

  constructor(
    private readonly storage: BatchStorage,
    private readonly options: AppendBatchWriterOptions,
  ) {
    this.cache = new WriterCache(options.cachedStreams ?? 10_000);
    this.now = options.now ?? (() => new Date().toISOString());
  }

  append(unit: AppendUnit): Promise<AppendResult> {
    if (this.closed) return Promise.reject(new EventStoreUnavailableError('the event store is closed'));
    let prepared: PreparedUnit;
    try {
      prepared = prepareUnit(unit);
    } catch (error) {
      return Promise.reject(error);
    }
    return new Promise((resolve, reject) => {
      this.queue.push({ unit: prepared, resolve, reject, attempts: 0, alone: false });
      this.running ??= this.drain();
    });
  }

  /** Refuses new appends, lets the queued ones finish (or fail), then closes the connection. */
  async close(): Promise<void> {
    this.closed = true;
    await this.running;
    await this.storage.close();
  }

  /**
   * Writes the queue batch after batch. A batch that can go on the cached head is decided
   * and handed to the connection while the batch before it is still committing (the
   * connection runs them in order), so the database never waits for this process to
   * decide, hash and serialise the next batch. It is decided on the head the batch in
   * flight will leave; if that one fails, the database's head check refuses the next one
   * too, and it is decided again on read state. Batches are answered in order.
   */
  private async drain(): Promise<void> {
    let inFlight: Promise<void> | null = null;
    // No await between the last emptiness check and clearing `running`: an append that
    // arrives meanwhile either sees the loop running or starts a new one.
    for (;;) {
      if (this.queue.length === 0) {
        if (!inFlight) break;
        await inFlight;
        inFlight = null;
        continue;
      }
      const batch = this.takeBatch();
      // Read once per batch: decided on the cached head or not (a part of a batch that can
      // be decided there can be decided there too).
      const state = this.cache.stateFor(unitsOf(batch), this.now);
      if (!inFlight && batch.length > 1 && state) {
        // Half goes first, so that the other half is decided while it commits, and the first
        // half's appenders come back while the second commits: from then on one batch is
        // always in flight while the next is made.
        this.queue.unshift(...batch.splice(Math.ceil(batch.length / 2)));
      }
      const sent = state ? this.sendOnCachedHead(batch, state) : null;
      if (inFlight) await inFlight;
      inFlight = null;
      if (sent) inFlight = this.answering(batch, () => this.finishOnCachedHead(batch, sent));
      else await this.answering(batch, () => this.runOnReadState(batch));
    }
    this.running = null;
  }

  /** Runs a batch's path; a bug that escapes it fails the batch instead of the loop. */
  private async answering(batch: Pending[], path: () => Promise<void>): Promise<void> {
    try {
      await path();
    } catch (error) {
      for (const pending of batch) pending.reject(error);
    }
  }

  private takeBatch(): Pending[] {
    const first = this.queue.shift()!;
    const batch = [first];
    if (first.alone) return batch;
    let events = first.unit.eventCount;
    while (this.queue.length > 0 && batch.length < this.options.maxBatchUnits) {
      const next = this.queue[0];
      if (next.alone || events + next.unit.eventCount > this.options.maxBatchEvents) break;
      batch.push(this.queue.shift()!);
      events += next.unit.eventCount;
    }
    return batch;
  }

  /** The two-step path: reads what the units touch under the lock, decides, writes, commits. */
  private async runOnReadState(batch: Pending[]): Promise<void> {
    const units = unitsOf(batch);
    let state: BatchState;
    let decision: BatchDecision;
    try {
      state = await this.storage.begin(units);
      decision = decideBatch(state, units);
    } catch (error) {
      this.cache.forget();
      await this.storage.rollback();
      return this.failed(batch, error);
    }
    try {
      await this.storage.commit(decision);
    } catch (error) {
      this.cache.forget();
      if (error instanceof CommitOutcomeUnknownError) return this.settleUnknown(batch, decision, error);
      await this.storage.rollback();
      return this.failed(batch, error);
    }
    this.cache.learn(decision, state);
    this.settle(batch, decision);
  }

  /**
   * The one-round-trip path, started: when every unit can be decided on what the writer
   * already knows and every one of them writes, the batch goes without reading, and the
   * cache moves on to the head it will leave. Null when the batch must read first after all
   * (a unit that would fail, or nothing to write).
   *
   * recordedAt then comes from this process's clock instead of the database's, still
   * never before the head's (the head check makes sure the cached head is the real one).
   */
  private sendOnCachedHead(batch: Pending[], state: BatchState): Sent | null {
    const decision = decideBatch(state, unitsOf(batch));
    if (decision.events.length === 0 || !decision.outcomes.every((outcome) => outcome.ok)) return null;
    this.cache.learn(decision);
    const refusal = this.storage.appendOnHead(decision).then(
      () => null,
      (error: unknown) => ({ error }),
    );
    return { decision, refusal };
  }

  /**
   * Answers a batch sent on the cached head. Refused as stale, nothing was stored and the
   * batch is decided again, at once, on state read under the lock — which gives the
   * answers (a wrong expected revision, an idempotent replay) only the stored state can.
   */
  private async finishOnCachedHead(batch: Pending[], { decision, refusal }: Sent): Promise<void> {
    const refused = await refusal;
    if (!refused) return this.settle(batch, decision);
    this.cache.forget();
    const { error } = refused;
    if (error instanceof RetryableBatchError) return this.runOnReadState(batch);
    if (error instanceof CommitOutcomeUnknownError) return this.settleUnknown(batch, decision, error);
    return this.failed(batch, error);
  }

  private settle(batch: Pending[], decision: BatchDecision): void {
    const last = decision.events.at(-1);
    if (last) this.options.onCommitted(last.logPosition, decision.events);
    decision.outcomes.forEach((outcome, index) => {
      if (outcome.ok) batch[index].resolve(outcome.result);
      else batch[index].reject(outcome.error);
    });
  }

  private async failed(batch: Pending[], error: unknown): Promise<void> {
    if (error instanceof EventStoreUnavailableError) {
      // The database cannot be reached: answer everyone waiting now rather than each after
      // its own timeout. The next append tries to connect again.
      for (const pending of [...batch, ...this.queue.splice(0)]) pending.reject(error);
      return;
    }
    if (error instanceof RetryableBatchError) {
      const again = batch.filter((pending) => {
        pending.attempts += 1;
        if (pending.attempts < this.options.maxAttempts) return true;
        pending.reject(new EventStoreUnavailableError(`the write failed ${pending.attempts} times: ${error.message}`, { cause: error }));
        return false;
      });
      this.queue.unshift(...again);
      return;
    }
    if (batch.length > 1) {
      // The database refused something one unit sent; each runs alone, now and in order
      // (ahead of any batch sent behind this one), so only that unit fails.
      for (const pending of batch) {
        pending.alone = true;
        await this.runOnReadState([pending]);
      }
      return;
    }
    batch[0].reject(error);
  }

  /**
   * Never answers before knowing: a committed write must not be reported as failed, and a
   * write reported as failed must not be stored. Asks until the database answers or the
   * time is up; only then, with the outcome still unknown, it answers unavailable (a retry
   * of the same unit is safe: the event ids make it idempotent).
   */
  private async settleUnknown(batch: Pending[], decision: BatchDecision, error: CommitOutcomeUnknownError): Promise<void> {
    const deadline = Date.now() + this.options.unknownOutcomeTimeoutMs;
    for (;;) {
      try {
        if (await this.storage.landed(decision)) return this.settle(batch, decision);
        return this.failed(batch, new RetryableBatchError(error.message, { cause: error }));
      } catch (checkError) {
        if (Date.now() >= deadline) {
          const message = 'the database went away during a commit and whether it was stored is unknown; appending the same unit again is safe';
          for (const pending of batch) pending.reject(new EventStoreUnavailableError(message, { cause: checkError }));
          return;
        }
        await delay(250);
      }
    }
  }
}

function unitsOf(batch: Pending[]): PreparedUnit[] {
  return batch.map((pending) => pending.unit);
}
