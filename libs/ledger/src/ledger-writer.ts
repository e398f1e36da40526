import { Injectable } from '@nestjs/common';
import type { AppendResult, AppendUnit, RecordedEvent } from '@app/event-store';
import { LedgerRuntime } from '@app/runtime';

/** How long a write waits for the projections before answering anyway (CONTRACT: 5 s). */
export const READ_YOUR_WRITES_TIMEOUT_MS = 5000;

/** Bounds the memory of streamExists' answers; topics are few, so it is rarely reached. */
const KNOWN_STREAMS_LIMIT = 10_000;

/**
 * The write side's single door to the log: append a unit, then wait until the projections
 * have applied it so that reads sent after the answer reflect it (read-your-writes).
 */
@Injectable()
export class LedgerWriter {
  private readonly existingStreams = new Set<string>();
  private readonly appendedListeners = new Set<(events: number) => void>();

  constructor(private readonly runtime: LedgerRuntime) {}

  /** Tells `listener` the event count of every unit written (the API's metrics). */
  onAppended(listener: (events: number) => void): () => void {
    this.appendedListeners.add(listener);
    return () => this.appendedListeners.delete(listener);
  }

  async append(unit: AppendUnit): Promise<AppendResult> {
    const result = await this.runtime.store.append(unit);
    if (result.written && this.appendedListeners.size > 0) {
      const events = unit.items.reduce((sum, item) => sum + item.events.length, 0);
      for (const listener of this.appendedListeners) listener(events);
    }
    await this.runtime.projections.waitFor(result.logPosition, READ_YOUR_WRITES_TIMEOUT_MS);
    return result;
  }

  findIdempotencyRecord(scope: string, key: string) {
    return this.runtime.store.findIdempotencyRecord(scope, key);
  }

  readStream(streamId: string): Promise<RecordedEvent[]> {
    return this.runtime.store.readStream(streamId);
  }

  /**
   * The log is append-only, so a stream once seen stays: a "yes" is remembered (topics are
   * asked about on every write), a "no" is asked again next time.
   */
  async streamExists(streamId: string): Promise<boolean> {
    if (this.existingStreams.has(streamId)) return true;
    const last = await this.runtime.store.readStream(streamId, { direction: 'backwards', limit: 1 });
    if (last.length === 0) return false;
    if (this.existingStreams.size >= KNOWN_STREAMS_LIMIT) this.existingStreams.clear();
    this.existingStreams.add(streamId);
    return true;
  }
}
