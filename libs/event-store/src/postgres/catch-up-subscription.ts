import { setTimeout as delay } from 'node:timers/promises';
import { EventStoreUnavailableError } from '../event-store.errors.js';
import type { RecordedEvent, SubscribeOptions, Subscription } from '../event-store.port.js';
import type { CommitWatcher } from './commit-watcher.js';

export const DEFAULT_SUBSCRIPTION_BATCH = 500;

/**
 * Reads the log from `after` in pages and hands each page to `onEvents`, waiting for it
 * before reading on; at the head it sleeps until the watcher knows of a later commit. The
 * log has no gaps and commits in position order, so "after the last position delivered"
 * is all the state needed for exactly-once, in-order delivery.
 *
 * A database that cannot be reached is waited out; an `onEvents` that throws stops the
 * subscription (it is not skipped or retried) and goes to `onError`.
 */
export class CatchUpSubscription implements Subscription {
  private readonly stopped = new AbortController();
  private readonly done: Promise<void>;

  constructor(
    private readonly readAll: (after: number, limit: number) => Promise<RecordedEvent[]>,
    private readonly watcher: CommitWatcher,
    private readonly options: SubscribeOptions,
    private readonly retryDelayMs: number,
  ) {
    this.done = this.run();
  }

  /** Stops reading; waits for a delivery in progress to finish. */
  async close(): Promise<void> {
    this.stopped.abort();
    await this.done;
  }

  private async run(): Promise<void> {
    const signal = this.stopped.signal;
    const batchSize = this.options.batchSize ?? DEFAULT_SUBSCRIPTION_BATCH;
    let position = this.options.after;
    while (!signal.aborted) {
      let events: RecordedEvent[];
      try {
        events = await this.readAll(position, batchSize);
      } catch (error) {
        if (!(error instanceof EventStoreUnavailableError)) return this.options.onError?.(error);
        await delay(this.retryDelayMs, undefined, { signal }).catch(() => undefined);
        continue;
      }
      if (signal.aborted) return;
      if (events.length === 0) {
        await this.watcher.waitBeyond(position, signal);
        continue;
      }
      try {
        await this.options.onEvents(events);
      } catch (error) {
        return this.options.onError?.(error);
      }
      position = events[events.length - 1].logPosition;
    }
  }
}
