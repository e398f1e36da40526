import type pg from 'pg';
import { unavailableOr } from '../postgres/pg-errors.js';
import { ChainingTimeoutError } from './kurrentdb-errors.js';

/** Where an event stands in the chained log. */
export interface ChainedPlace {
  streamId: string;
  revision: number;
  logPosition: number;
  recordedAt: string;
}

interface Waiter {
  ids: string[];
  resolve(places: Map<string, ChainedPlace>): void;
  reject(error: unknown): void;
  timer: NodeJS.Timeout;
}

/** Where the given event ids stand in the chained log (those that are chained). */
export async function chainedPlaces(pool: pg.Pool, ids: readonly string[]): Promise<Map<string, ChainedPlace>> {
  if (ids.length === 0) return new Map();
  try {
    const { rows } = await pool.query<{ id: string; stream_id: string; revision: number; log_position: string; recorded_at: string }>(
      `SELECT event_id::text AS id, stream_id, revision, log_position, metadata->>'recordedAt' AS recorded_at
       FROM events WHERE event_id = ANY($1::uuid[])`,
      [ids],
    );
    return new Map(
      rows.map((row) => [row.id, { streamId: row.stream_id, revision: row.revision, logPosition: Number(row.log_position), recordedAt: row.recorded_at }]),
    );
  } catch (error) {
    throw unavailableOr(error);
  }
}

/**
 * Lets appends wait (bounded) until the chainer has chained their events. One query looks
 * up every waiting append's ids whenever the chain's head moves (the chainer NOTIFYs; the
 * waiter polls too), so many waiting appends cost one round trip.
 */
export class ChainWaiter {
  private readonly waiters = new Set<Waiter>();
  private checking = false;
  private again = false;
  private stopListening: (() => void) | null = null;
  private poll: NodeJS.Timeout | null = null;

  constructor(
    private readonly pool: pg.Pool,
    private readonly onCommitted: (listener: (logPosition: number) => void) => () => void,
    /** A check this often as well, in case a notice was missed or a check failed. */
    private readonly pollIntervalMs: number,
  ) {}

  wait(ids: string[], timeoutMs: number): Promise<Map<string, ChainedPlace>> {
    return new Promise((resolve, reject) => {
      const waiter: Waiter = {
        ids,
        resolve,
        reject,
        timer: setTimeout(() => {
          this.waiters.delete(waiter);
          this.idle();
          reject(new ChainingTimeoutError(ids, timeoutMs));
        }, timeoutMs),
      };
      this.waiters.add(waiter);
      this.stopListening ??= this.onCommitted(() => this.check());
      this.poll ??= setInterval(() => this.check(), this.pollIntervalMs);
      this.check();
    });
  }

  /** Fails every waiting append (the store is closing). */
  close(error: unknown): void {
    for (const waiter of [...this.waiters]) this.settle(waiter, () => waiter.reject(error));
    this.idle();
  }

  private check(): void {
    if (this.checking) {
      this.again = true;
      return;
    }
    if (this.waiters.size === 0) return;
    this.checking = true;
    this.again = false;
    const waiting = [...this.waiters];
    chainedPlaces(this.pool, [...new Set(waiting.flatMap((waiter) => waiter.ids))])
      .then((places) => {
        for (const waiter of waiting) {
          if (this.waiters.has(waiter) && waiter.ids.every((id) => places.has(id))) {
            this.settle(waiter, () => waiter.resolve(new Map(waiter.ids.map((id) => [id, places.get(id)!]))));
          }
        }
      })
      .catch(() => undefined) // PostgreSQL is away: the next notice or poll asks again, the deadline bounds the wait
      .finally(() => {
        this.checking = false;
        this.idle();
        if (this.again) this.check();
      });
  }

  private settle(waiter: Waiter, answer: () => void): void {
    clearTimeout(waiter.timer);
    this.waiters.delete(waiter);
    answer();
  }

  private idle(): void {
    if (this.waiters.size > 0 || this.checking) return;
    this.stopListening?.();
    this.stopListening = null;
    if (this.poll) clearInterval(this.poll);
    this.poll = null;
  }
}
