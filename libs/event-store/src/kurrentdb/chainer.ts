import {
  excludeSystemEvents,
  FORWARDS,
  START,
  streamNameFilter,
  type AllStreamResolvedEvent,
  type AllStreamSubscription,
  type KurrentDBClient,
  type Position,
} from '@kurrent/kurrentdb-client';
import pg from 'pg';
import { setTimeout as delay } from 'node:timers/promises';
import { GENESIS_HASH, type RecordedEvent } from '../event-store.port.js';
import { EVENTS_CHANNEL } from '../postgres/commit-watcher.js';
import { EVENT_COLUMNS, toEventRow } from '../postgres/event-rows.js';
import { chainEvents, type ChainTip } from './chain-assignment.js';
import { fromResolvedEvent, type IncomingEvent } from './event-codec.js';

/** Fixed: every chainer candidate on this database competes for this session advisory lock. */
export const CHAINER_LOCK_KEY = 7_305_113_205;

/** The part of the official client the adapter uses (a test double can stand in for it). */
export type KurrentDbClientPort = Pick<KurrentDBClient, 'appendToStream' | 'multiStreamAppend' | 'subscribeToAll' | 'readStream' | 'dispose'>;

/** What the chainer reports, for logs and metrics; it never throws at its owner. */
export type ChainerReport =
  | { kind: 'leader' }
  | { kind: 'follower'; error?: unknown }
  | { kind: 'chained'; logPosition: number; events: number }
  | { kind: 'skipped'; eventId?: string; streamId?: string; reason: string }
  | { kind: 'error'; error: unknown };

export interface ChainerOptions {
  postgresUrl: string;
  client: KurrentDbClientPort;
  streamPrefix: string;
  /** Most events one chaining transaction takes. */
  batchSize: number;
  /** How often a standby asks for leadership, and the pause after a failure. */
  retryMs: number;
  connectTimeoutMs: number;
  report(report: ChainerReport): void;
}

interface TipRow {
  log_position: string;
  hash: string;
  recorded_at: string;
  stream_id: string;
  revision: number;
}

/**
 * The leader-elected chainer of DESIGN.md ("Scale-out"). Every store instance runs one as a
 * candidate; the one holding a PostgreSQL session advisory lock leads. The leader reads
 * the chain's tip from `events`, finds that event's place in `$all`, follows `$all` from
 * there with a filtered catch-up subscription, and for each batch of new events assigns
 * positions, `recordedAt` and the chain (chainEvents, pure) and inserts them with a NOTIFY
 * in one transaction, on the very session that holds the lock: a leader that lost its
 * session cannot write, and `events`' primary key refuses a second writer of a position.
 * When the leader's session ends (crash, network), PostgreSQL frees the lock and a standby
 * takes over within `retryMs`, resuming after the last chained event.
 */
export class Chainer {
  private readonly stopped = new AbortController();
  private done: Promise<void> | null = null;
  private leading = false;

  constructor(private readonly options: ChainerOptions) {}

  get isLeader(): boolean {
    return this.leading;
  }

  start(): void {
    this.done ??= this.run();
  }

  async close(): Promise<void> {
    this.stopped.abort();
    await this.done;
  }

  private async run(): Promise<void> {
    const signal = this.stopped.signal;
    let session: pg.Client | null = null;
    while (!signal.aborted) {
      try {
        session ??= await this.connect();
        const { rows } = await session.query<{ locked: boolean }>('SELECT pg_try_advisory_lock($1) AS locked', [CHAINER_LOCK_KEY]);
        if (rows[0].locked) {
          this.leading = true;
          this.options.report({ kind: 'leader' });
          await this.lead(session, signal);
        }
      } catch (error) {
        if (!signal.aborted) this.options.report({ kind: 'error', error });
        // Ending the session frees the lock (if held) for a standby or for our next try.
        await session?.end().catch(() => undefined);
        session = null;
      } finally {
        if (this.leading) {
          this.leading = false;
          this.options.report({ kind: 'follower' });
        }
      }
      await delay(this.options.retryMs, undefined, { signal }).catch(() => undefined);
    }
    await session?.end().catch(() => undefined);
  }

  private async connect(): Promise<pg.Client> {
    const session = new pg.Client({
      connectionString: this.options.postgresUrl,
      connectionTimeoutMillis: this.options.connectTimeoutMs,
      keepAlive: true,
      application_name: 'stance-ledger-chainer',
    });
    session.on('error', () => undefined); // the next query fails and the loop starts over
    await session.connect();
    return session;
  }

  /** Follows `$all` while this session leads; returns on close, throws when anything fails. */
  private async lead(session: pg.Client, stopped: AbortSignal): Promise<void> {
    const lost = new AbortController();
    const onLost = () => lost.abort();
    session.once('error', onLost);
    session.once('end', onLost);
    const signal = AbortSignal.any([stopped, lost.signal]);
    try {
      while (!signal.aborted) {
        const tip = await this.readTip(session);
        const fromPosition = tip.row ? await this.positionOf(tip.row) : START;
        const filter = this.options.streamPrefix ? streamNameFilter({ prefixes: [this.options.streamPrefix] }) : excludeSystemEvents();
        const subscription = this.options.client.subscribeToAll({ fromPosition, filter, resolveLinkTos: false });
        await this.follow(session, subscription, tip.tip, signal);
        if (lost.signal.aborted) throw new Error('the chainer lost its PostgreSQL session');
        // The subscription ended without an error: resubscribe from the tip.
        await delay(this.options.retryMs, undefined, { signal }).catch(() => undefined);
      }
    } finally {
      session.off('error', onLost);
      session.off('end', onLost);
    }
  }

  private async follow(session: pg.Client, subscription: AllStreamSubscription, tip: ChainTip, signal: AbortSignal): Promise<void> {
    const stop = () => void subscription.unsubscribe().catch(() => undefined);
    signal.addEventListener('abort', stop, { once: true });
    // Closed while the tip was being read: an abort listener added now never fires, and the
    // subscription would wait for events forever (a close() that never returned).
    if (signal.aborted) stop();
    let buffer: AllStreamResolvedEvent[] = [];
    try {
      for await (const resolved of subscription) {
        if (signal.aborted) return;
        buffer.push(resolved);
        // Flush once the subscription has nothing more buffered: a KurrentDB transaction
        // arrives together, and live events are chained at once.
        if (buffer.length >= this.options.batchSize || subscription.readableLength === 0) {
          tip = await this.chain(session, buffer, tip);
          buffer = [];
        }
      }
      if (buffer.length > 0 && !signal.aborted) await this.chain(session, buffer, tip);
    } catch (error) {
      if (!signal.aborted) throw error;
    } finally {
      signal.removeEventListener('abort', stop);
      stop();
    }
  }

  private async chain(session: pg.Client, batch: AllStreamResolvedEvent[], tip: ChainTip): Promise<ChainTip> {
    const incoming: IncomingEvent[] = [];
    for (const resolved of batch) {
      const decoded = fromResolvedEvent(resolved, this.options.streamPrefix);
      if (decoded.ok) incoming.push(decoded.event);
      else this.options.report({ kind: 'skipped', eventId: decoded.eventId, streamId: decoded.streamId, reason: decoded.reason });
    }
    if (incoming.length === 0) return tip;
    const { rows } = await session.query<{ id: string }>('SELECT event_id::text AS id FROM events WHERE event_id = ANY($1::uuid[])', [
      incoming.map((event) => event.eventId),
    ]);
    const chained = chainEvents(tip, incoming, new Set(rows.map((row) => row.id)));
    for (const event of chained.skipped) {
      this.options.report({ kind: 'skipped', eventId: event.eventId, streamId: event.streamId, reason: 'its event id is already chained' });
    }
    if (chained.events.length === 0) return tip;
    await this.insert(session, chained.events);
    this.options.report({ kind: 'chained', logPosition: chained.tip.logPosition, events: chained.events.length });
    return chained.tip;
  }

  private async insert(session: pg.Client, events: RecordedEvent[]): Promise<void> {
    await session.query('BEGIN');
    try {
      await session.query(
        `INSERT INTO events (${EVENT_COLUMNS})
         SELECT ${EVENT_COLUMNS} FROM jsonb_to_recordset($1::jsonb)
           AS r(log_position bigint, stream_id text, revision int, event_id uuid, type text, data jsonb,
                data_hash text, metadata jsonb, prev_hash text, hash text)`,
        [JSON.stringify(events.map(toEventRow))],
      );
      // Delivered at COMMIT, only if it commits: readers and waiting appends wake.
      await session.query('SELECT pg_notify($1, $2)', [EVENTS_CHANNEL, String(events[events.length - 1].logPosition)]);
      await session.query('COMMIT');
    } catch (error) {
      await session.query('ROLLBACK').catch(() => undefined);
      throw error;
    }
  }

  private async readTip(session: pg.Client): Promise<{ tip: ChainTip; row: TipRow | null }> {
    const { rows } = await session.query<TipRow>(
      `SELECT log_position, hash, metadata->>'recordedAt' AS recorded_at, stream_id, revision
       FROM events ORDER BY log_position DESC LIMIT 1`,
    );
    const row = rows[0] ?? null;
    const tip = row
      ? { logPosition: Number(row.log_position), hash: row.hash, recordedAt: row.recorded_at }
      : { logPosition: 0, hash: GENESIS_HASH, recordedAt: null };
    return { tip, row };
  }

  /** Where the last chained event stands in `$all`: the subscription resumes right after it. */
  private async positionOf(row: TipRow): Promise<Position> {
    const name = this.options.streamPrefix + row.stream_id;
    const events = this.options.client.readStream(name, { fromRevision: BigInt(row.revision), maxCount: 1, direction: FORWARDS });
    for await (const resolved of events) {
      if (resolved.event?.position) return resolved.event.position;
    }
    throw new Error(`the last chained event (${name} at revision ${row.revision}) has no position in KurrentDB: cannot resume $all after it`);
  }
}
