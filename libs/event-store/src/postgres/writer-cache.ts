import type { Head } from '../event-store.port.js';
import type { BatchDecision, BatchState, StreamHead } from './batch-decision.js';
import type { PreparedUnit } from './prepared-unit.js';

/**
 * What the single writer knows without reading: the head it last saw committed and the
 * last revision of the streams it recently wrote or read (most recent first out of a
 * bounded map). A batch it can decide from this alone is written in one round trip
 * (`BatchStorage.appendOnHead`); the database's constraints, not this cache, are what
 * make that safe, so the cache only has to be right often, and is forgotten whenever
 * anything goes wrong.
 *
 * Pure: no I/O, no clock.
 */
export class WriterCache {
  private head: Head | null = null;
  private readonly streams = new Map<string, StreamHead>();

  constructor(private readonly capacity: number) {}

  /**
   * The state to decide `units` on without reading, or null when the batch needs state
   * read under the lock. Every item must insert at least one event: the first one takes
   * `(streamId, revision)` right after the revision assumed here, so a stream that moved
   * on (or, for an unknown stream taken as absent by `no_stream`, exists) makes the insert
   * fail. An item with no events inserts nothing that could fail, and any expectation but
   * `no_stream` needs the stream's revision, so an unknown stream needs reading.
   */
  stateFor(units: PreparedUnit[], clock: () => string): BatchState | null {
    if (!this.head) return null;
    const streams = new Map<string, StreamHead>();
    for (const unit of units) {
      for (const item of unit.items) {
        if (item.events.length === 0) return null;
        const known = this.streams.get(item.streamId);
        if (known) streams.set(item.streamId, known);
        else if (item.expected !== 'no_stream') return null;
      }
    }
    // Event ids, idempotency keys and claims are taken as new: their unique constraints catch the others.
    return { head: this.head, now: clock(), streams, eventsById: new Map(), keys: new Map(), claims: new Map() };
  }

  /** After a batch committed: `read` is the state it was decided on when that was read under the lock. */
  learn(decision: BatchDecision, read?: BatchState): void {
    const last = decision.events.at(-1);
    if (last) this.head = { logPosition: last.logPosition, hash: last.hash, recordedAt: decision.recordedAt };
    else if (read) this.head = read.head;
    for (const [streamId, head] of read?.streams ?? []) this.remember(streamId, head);
    for (const { streamId, revision, logPosition } of decision.events) this.remember(streamId, { revision, logPosition });
  }

  /** After any failure, or a commit whose outcome is unknown: the next batch reads. */
  forget(): void {
    this.head = null;
    this.streams.clear();
  }

  private remember(streamId: string, head: StreamHead): void {
    this.streams.delete(streamId); // re-inserted last: a Map iterates in insertion order
    this.streams.set(streamId, head);
    if (this.streams.size > this.capacity) this.streams.delete(this.streams.keys().next().value!);
  }
}
