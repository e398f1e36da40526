import type { Response } from 'express';
import { DROPPED, KEEPALIVE } from './feed-messages.js';

/**
 * What one subscriber may have waiting in its socket's user-space buffer (beyond what the
 * kernel has taken) before it counts as too slow. A page of the feed is at most ~1 MB.
 */
export const SUBSCRIBER_BUFFER_BYTES = 1024 * 1024;
/** A dropped subscriber has this long to read what was queued (the final comment last). */
const DROP_GRACE_MS = 30_000;

/**
 * One open feed. `cursor`: every event up to it has been written (or was before the
 * subscriber's start). While `live`, the broadcaster writes each new page to it; before,
 * a catch-up brings it to the ring.
 */
export class FeedSubscriber {
  live = false;
  closed = false;
  private lastWrite = Date.now();
  private readonly closeListeners: (() => void)[] = [];

  constructor(
    readonly key: string,
    public cursor: number,
    private readonly response: Response,
  ) {
    response.on('close', () => this.markClosed());
    // The client may have gone while the request was being authenticated: its 'close' is past.
    if (response.destroyed || !response.socket || response.socket.destroyed) this.markClosed();
  }

  onClose(listener: () => void): void {
    if (this.closed) listener();
    else this.closeListeners.push(listener);
  }

  /**
   * Writes `text` without waiting; a subscriber whose buffer passes the bound is dropped,
   * so a slow socket never holds up the broadcaster or the others.
   */
  send(text: string | Buffer): void {
    if (this.closed || text.length === 0) return;
    this.response.write(text);
    this.lastWrite = Date.now();
    if (this.response.writableLength > SUBSCRIBER_BUFFER_BYTES) this.drop();
  }

  /** Writes `text` and waits until the socket has taken it (catch-ups pull at the client's pace). */
  async sendAndDrain(text: string, timeoutMs: number): Promise<void> {
    if (this.closed || text === '') return;
    this.response.write(text);
    this.lastWrite = Date.now();
    if (this.response.writableLength <= SUBSCRIBER_BUFFER_BYTES) return;
    const drained = await new Promise<boolean>((resolve) => {
      const done = (value: boolean) => {
        clearTimeout(timer);
        this.response.off('drain', onDrain);
        this.response.off('close', onClose);
        resolve(value);
      };
      const onDrain = () => done(true);
      const onClose = () => done(false);
      const timer = setTimeout(() => done(false), timeoutMs);
      this.response.on('drain', onDrain);
      this.response.on('close', onClose);
    });
    if (!drained) this.drop();
  }

  /** A comment to a feed that got nothing since `before` (one with bytes still queued is not idle). */
  keepAliveIfQuietSince(before: number): void {
    if (this.lastWrite <= before && this.response.writableLength === 0) this.send(KEEPALIVE);
  }

  /** Ends the feed with a final comment saying why and how to resume. */
  end(comment: string): void {
    if (this.closed) return;
    this.response.end(comment);
    this.markClosed();
    // A client that never reads would hold its socket (and the bytes queued) forever.
    setTimeout(() => this.response.destroy(), DROP_GRACE_MS).unref();
  }

  drop(): void {
    this.end(DROPPED);
  }

  private markClosed(): void {
    if (this.closed) return;
    this.closed = true;
    this.live = false;
    for (const listener of this.closeListeners.splice(0)) listener();
  }
}
