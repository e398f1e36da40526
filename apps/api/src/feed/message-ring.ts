import { textAfter, type FeedEntry } from './feed-messages.js';

/**
 * The last messages of the feed, serialised, covering every event in (start, end]: a
 * subscriber resuming from any position in that range is served from memory. Bounded by a
 * number of events and of bytes; the oldest are dropped first.
 */
export class MessageRing {
  private entries: FeedEntry[] = [];
  private first = 0;
  private bytes = 0;

  constructor(
    private readonly maxEvents: number,
    private readonly maxBytes: number,
    private startPosition: number,
    private endPosition = startPosition,
  ) {}

  /** Every event after `start` (and up to `end`) is here. */
  get start(): number {
    return this.startPosition;
  }

  get end(): number {
    return this.endPosition;
  }

  covers(cursor: number): boolean {
    return cursor >= this.startPosition;
  }

  /** The text of every message after `cursor`; `cursor` must be covered. */
  textAfter(cursor: number): string {
    return textAfter(this.entries.slice(this.first), cursor);
  }

  /** The events in (end, upTo], appended as the live point moves. */
  append(entries: readonly FeedEntry[], upTo: number): void {
    for (const entry of entries) {
      this.entries.push(entry);
      this.bytes += entry.text.length;
    }
    this.endPosition = upTo;
    while (this.entries.length - this.first > this.maxEvents || (this.bytes > this.maxBytes && this.entries.length - this.first > 1)) {
      const oldest = this.entries[this.first++];
      this.bytes -= oldest.text.length;
      this.startPosition = oldest.position;
    }
    if (this.first > 1024 && this.first * 2 > this.entries.length) {
      this.entries = this.entries.slice(this.first);
      this.first = 0;
    }
  }

  /** The events in (from, start], read by a catch-up; kept if they still fit. */
  prepend(entries: readonly FeedEntry[], from: number, upTo: number): boolean {
    const bytes = entries.reduce((sum, entry) => sum + entry.text.length, 0);
    const fits = this.entries.length - this.first + entries.length <= this.maxEvents && this.bytes + bytes <= this.maxBytes;
    if (upTo !== this.startPosition || !fits) return false;
    this.entries = [...entries, ...this.entries.slice(this.first)];
    this.first = 0;
    this.bytes += bytes;
    this.startPosition = from;
    return true;
  }

  /** Forgets everything; the ring now covers nothing before `position`. */
  reset(position: number): void {
    this.entries = [];
    this.first = 0;
    this.bytes = 0;
    this.startPosition = position;
    this.endPosition = position;
  }
}
