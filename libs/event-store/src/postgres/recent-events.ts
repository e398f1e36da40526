import type { RecordedEvent } from '../event-store.port.js';

/**
 * The events this process's writer committed last, for its own subscriptions: a projector
 * in the same process would otherwise read back from PostgreSQL, one round trip per batch,
 * the very rows the writer has just written.
 *
 * It holds one contiguous run of positions. A commit that does not continue the run (another
 * process wrote in between) starts a new one, so whatever it answers is exactly the log's
 * content at those positions — each was committed by this writer. It may answer a shorter
 * page than the log holds (not what other processes wrote after it), which a subscription
 * tolerates: it reads on from where the page ended. `readAll` must not use it, since its
 * callers take a short page for the end of the log.
 */
export class RecentEvents {
  private events: RecordedEvent[] = [];

  constructor(private readonly capacity = 4096) {}

  /** Called with each committed batch's events, in commit order. */
  add(committed: readonly RecordedEvent[]): void {
    if (committed.length === 0) return;
    const last = this.events.at(-1);
    if (!last || committed[0].logPosition !== last.logPosition + 1) this.events = [];
    this.events.push(...committed);
    if (this.events.length > this.capacity) this.events = this.events.slice(this.events.length - this.capacity);
  }

  /** Up to `limit` events from `after + 1` on, or null when `after + 1` is not held. */
  after(after: number, limit: number): RecordedEvent[] | null {
    const first = this.events[0];
    if (!first) return null;
    const index = after + 1 - first.logPosition;
    if (index < 0 || index >= this.events.length) return null;
    return this.events.slice(index, index + limit);
  }

  clear(): void {
    this.events = [];
  }
}
