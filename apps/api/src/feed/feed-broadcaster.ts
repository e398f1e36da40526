import { Injectable, Logger, type OnModuleDestroy } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import type { AppConfig } from '@app/platform';
import { EventLogReader } from '@app/event-store';
import { stanceChangesBetween, type StatementEventAt } from '@app/stances';
import { STATEMENT_EVENT_TYPES } from '@app/statements';
import type { Response } from 'express';
import pg from 'pg';
import { setTimeout as delay } from 'node:timers/promises';
import { Problem } from '../http/problem.js';
import { LedgerRuntime } from '@app/runtime';
import { CLOSING, feedEntry, INTERRUPTED, OPENING, textAfter, type FeedEntry } from './feed-messages.js';
import { FeedSubscriber } from './feed-subscriber.js';
import { MessageRing } from './message-ring.js';

/** The events whose stance changes the feed announces. */
const STATEMENT_TYPES: ReadonlySet<string> = new Set(STATEMENT_EVENT_TYPES);

/** Events read (and diffed) per page, live or catching up. */
const PAGE = 500;
/** The ring: resuming within the last RING_EVENTS events (or RING_BYTES of messages) reads nothing. */
const RING_EVENTS = 5000;
const RING_BYTES = 32 * 1024 * 1024;
/** Catch-ups from further back page through the log, this many at a time for the whole process. */
const CATCH_UP_CONCURRENCY = 2;
/** A catch-up waits this long for a subscriber to take a page before dropping it. */
const CATCH_UP_DRAIN_MS = 30_000;
/** A comment line goes to any feed quiet for this long. */
export const HEARTBEAT_MS = 15_000;
/** Sockets written between two yields to other I/O during a fan-out. */
const FAN_OUT_SLICE = 100;
/** Live page reads + catch-ups; the broadcaster never draws on the API's other pools. */
const POOL_SIZE = 1 + CATCH_UP_CONCURRENCY;

/**
 * The live feed's one reader: it follows the projector (a message never announces a
 * stance the API cannot serve yet), reads each new page of the log once, computes its
 * stance changes once (two queries a page), serialises each message once and writes the
 * same text to every live subscriber. A subscriber resuming from an older position is
 * served from a ring of recent messages, or pages through the log under a process-wide
 * concurrency limit until the ring covers it, then joins the live stream with no gap and
 * no repeat: joining takes everything after its cursor from the ring (which a page enters
 * before it is fanned out) in one synchronous step, and a live subscriber is sent only
 * what lies after its cursor.
 */
@Injectable()
export class FeedBroadcaster implements OnModuleDestroy {
  private readonly logger = new Logger('FeedBroadcaster');
  private readonly maxPerKey: number;
  private readonly maxTotal: number;
  private readonly subscribers = new Set<FeedSubscriber>();
  private readonly perKey = new Map<string, number>();
  private readonly catchUpSlots = new Slots(CATCH_UP_CONCURRENCY);
  private pool: pg.Pool | null = null;
  /** The log, read on the feed's own pool. */
  private log: EventLogReader | null = null;
  /** Covers (start, live]: `ring.end` is the live point, the last position published. */
  private ring: MessageRing | null = null;
  private running: Promise<void> | null = null;
  private stopped = false;
  private wake: (() => void) | null = null;
  private stopping: () => void = () => undefined;
  private readonly stop = new Promise<false>((resolve) => (this.stopping = () => resolve(false)));
  private readonly heartbeat: NodeJS.Timeout;

  constructor(
    private readonly runtime: LedgerRuntime,
    config: ConfigService<AppConfig, true>,
  ) {
    this.maxPerKey = config.get('FEED_MAX_PER_KEY', { infer: true });
    this.maxTotal = config.get('FEED_MAX_TOTAL', { infer: true });
    this.heartbeat = setInterval(() => {
      const quietSince = Date.now() - HEARTBEAT_MS;
      for (const subscriber of this.subscribers) subscriber.keepAliveIfQuietSince(quietSince);
    }, HEARTBEAT_MS / 3);
    this.heartbeat.unref();
  }

  /** Refuses a feed over the key's cap (429) or the process's (503); call before any byte is sent. */
  admit(key: string): void {
    if ((this.perKey.get(key) ?? 0) >= this.maxPerKey) {
      throw new Problem('rate-limited', `the key "${key}" already has ${this.maxPerKey} feeds open (FEED_MAX_PER_KEY); close one first`, {
        headers: { 'Retry-After': '10' },
      });
    }
    if (this.subscribers.size >= this.maxTotal) {
      throw new Problem('unavailable', 'the server is busy: it has as many feeds open as it allows; retry later', {
        headers: { 'Retry-After': '10' },
      });
    }
  }

  /**
   * Opens a feed on `response` after `cursor` (null: at the live point). The headers and
   * the opening comment go out at once; the rest follows as the log grows.
   */
  subscribe(key: string, cursor: number | null, response: Response): void {
    this.admit(key);
    const ring = this.follow();
    const subscriber = new FeedSubscriber(key, cursor ?? Math.max(ring.end, this.runtime.projections.status.logPosition), response);
    this.subscribers.add(subscriber);
    this.perKey.set(key, (this.perKey.get(key) ?? 0) + 1);
    subscriber.onClose(() => {
      this.subscribers.delete(subscriber);
      const left = (this.perKey.get(key) ?? 1) - 1;
      if (left > 0) this.perKey.set(key, left);
      else this.perKey.delete(key);
    });
    response.status(200);
    response.setHeader('Content-Type', 'text/event-stream; charset=utf-8');
    response.setHeader('Cache-Control', 'no-cache, no-transform');
    response.setHeader('X-Accel-Buffering', 'no');
    // The body ends with the connection rather than in chunks: each message then goes to
    // the socket as it is, without a chunk header around every write of every fan-out.
    response.useChunkedEncodingByDefault = false;
    response.flushHeaders();
    subscriber.send(OPENING);
    if (ring.covers(subscriber.cursor)) this.goLive(subscriber);
    else void this.catchUp(subscriber);
  }

  /**
   * At shutdown, once new requests are refused: a feed never ends by itself, so the drain
   * would wait its whole grace period for every open one. End them now with a comment; their
   * clients resume elsewhere (or after the restart) by Last-Event-ID.
   */
  endFeeds(): void {
    for (const subscriber of this.subscribers) subscriber.end(CLOSING);
  }

  async onModuleDestroy(): Promise<void> {
    this.stopped = true;
    clearInterval(this.heartbeat);
    this.stopping();
    this.wake?.();
    this.endFeeds();
    await this.running;
    await this.pool?.end();
  }

  /** The ring, with the live loop running; started at the first subscriber. */
  private follow(): MessageRing {
    const position = this.runtime.projections.status.logPosition;
    if (!this.ring) this.ring = new MessageRing(RING_EVENTS, RING_BYTES, position);
    // Nobody listened while the log moved on further than the ring holds: start again from
    // where it is now rather than read what nobody asked for (before the new subscriber
    // looks at the ring).
    if (this.subscribers.size === 0 && position - this.ring.end > RING_EVENTS) this.ring.reset(position);
    if (!this.pool) {
      this.pool = new pg.Pool({ connectionString: this.runtime.databaseUrl, max: POOL_SIZE, connectionTimeoutMillis: 10_000 });
      this.pool.on('error', () => undefined); // an idle client lost with the server; the next query reconnects
      this.log = new EventLogReader(this.pool);
    }
    if (!this.running) this.running = this.run(this.ring);
    this.wake?.();
    return this.ring;
  }

  private async run(ring: MessageRing): Promise<void> {
    let failures = 0;
    while (!this.stopped) {
      if (this.subscribers.size === 0) {
        // Nobody listens: stop reading until someone does.
        await new Promise<void>((resolve) => (this.wake = resolve));
        this.wake = null;
        continue;
      }
      const reached = await Promise.race([this.runtime.projections.waitFor(ring.end + 1, HEARTBEAT_MS), this.stop]);
      if (this.stopped || !reached) continue;
      const after = ring.end;
      const upTo = Math.min(after + PAGE, this.runtime.projections.status.logPosition);
      let entries: FeedEntry[];
      try {
        entries = await this.readRange(after, upTo);
        failures = 0;
      } catch (error) {
        failures++;
        this.logger.warn(`reading the log after ${after} failed (${(error as Error).message}); retrying`);
        await delay(Math.min(100 * 2 ** failures, 5000));
        continue;
      }
      if (this.stopped) break;
      if (ring.end !== after) continue; // reset while reading (nobody was listening)
      await this.publish(ring, entries, upTo);
    }
  }

  /**
   * The ring moves to `upTo` at once (a subscriber joining from now on gets the page from
   * it); the live subscribers get it in slices, yielding to other I/O between them, so a
   * fan-out to thousands of sockets never holds a write's answer for long. Whether a
   * subscriber still needs the page is decided when its turn comes.
   */
  private async publish(ring: MessageRing, entries: FeedEntry[], upTo: number): Promise<void> {
    ring.append(entries, upTo);
    const first = entries[0]?.position ?? upTo;
    // Encoded once: every subscriber's socket gets the same bytes.
    let page: Buffer | null = null;
    let sent = 0;
    for (const subscriber of [...this.subscribers]) {
      if (!subscriber.live || subscriber.cursor >= upTo) continue;
      if (subscriber.cursor < first) subscriber.send((page ??= Buffer.from(entries.map((entry) => entry.text).join(''))));
      else subscriber.send(textAfter(entries, subscriber.cursor));
      subscriber.cursor = upTo;
      if (++sent % FAN_OUT_SLICE === 0) await new Promise((resolve) => setImmediate(resolve));
    }
  }

  private goLive(subscriber: FeedSubscriber): void {
    const ring = this.ring!;
    if (subscriber.cursor < ring.end) {
      subscriber.send(ring.textAfter(subscriber.cursor));
      subscriber.cursor = ring.end;
    }
    subscriber.live = true;
  }

  /** Pages from the subscriber's cursor until the ring covers it, then goes live. */
  private async catchUp(subscriber: FeedSubscriber): Promise<void> {
    const ring = this.ring!;
    try {
      while (!subscriber.closed && !this.stopped) {
        if (ring.covers(subscriber.cursor)) return this.goLive(subscriber);
        let entries: FeedEntry[];
        let upTo: number;
        const release = await this.catchUpSlots.take();
        try {
          if (subscriber.closed || ring.covers(subscriber.cursor)) continue;
          const after = subscriber.cursor;
          const gap = ring.start - after;
          upTo = Math.min(after + PAGE, ring.start);
          entries = await this.readRange(after, upTo);
          // Close behind the ring (reconnects after a restart or a drop): keep the page
          // there, so that the next subscriber resuming from here reads nothing.
          if (gap <= PAGE) ring.prepend(entries, after, upTo);
        } finally {
          release();
        }
        await subscriber.sendAndDrain(textAfter(entries, subscriber.cursor), CATCH_UP_DRAIN_MS);
        subscriber.cursor = Math.max(subscriber.cursor, upTo);
      }
    } catch (error) {
      this.logger.warn(`a feed's catch-up after ${subscriber.cursor} failed: ${(error as Error).message}`);
      subscriber.end(INTERRUPTED);
    }
  }

  /** The feed's entries for the events in (after, upTo]: one log read and two diff queries. */
  private async readRange(after: number, upTo: number): Promise<FeedEntry[]> {
    // A gap in the positions (a rolled-back append) can bring events past upTo: not yet projected.
    // Read on the feed's own pool (the chained `events` table, whichever store writes it), so
    // that feeds never take the connections of the write path or the readers.
    const events = (await this.log!.readAll({ after, limit: upTo - after })).filter((event) => event.logPosition <= upTo);
    const statementEvents: StatementEventAt[] = [];
    for (const { logPosition, type, data } of events) {
      if (STATEMENT_TYPES.has(type)) statementEvents.push({ logPosition, type: type as StatementEventAt['type'], statementId: String(data.statementId) });
    }
    const changes = await stanceChangesBetween(this.pool!, after, upTo, statementEvents);
    return events.map((event) => feedEntry(event, changes.get(event.logPosition)));
  }
}

/** A counting semaphore: `take()` resolves with the function that gives the slot back. */
class Slots {
  private waiting: (() => void)[] = [];

  constructor(private free: number) {}

  async take(): Promise<() => void> {
    if (this.free > 0) this.free--;
    else await new Promise<void>((resolve) => this.waiting.push(resolve));
    let released = false;
    return () => {
      if (released) return;
      released = true;
      const next = this.waiting.shift();
      if (next) next();
      else this.free++;
    };
  }
}
