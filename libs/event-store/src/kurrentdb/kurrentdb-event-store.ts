import { KurrentDBClient } from '@kurrent/kurrentdb-client';
import pg from 'pg';
import { EventStoreUnavailableError, IdempotencyKeyReusedError, WrongExpectedRevisionError } from '../event-store.errors.js';
import {
  GENESIS_HASH,
  type AppendedItem,
  type AppendResult,
  type AppendUnit,
  type EventStore,
  type Head,
  type IdempotencyRecord,
  type IdempotencyRequest,
  type ReadAllOptions,
  type ReadStreamOptions,
  type RecordedEvent,
  type StoredResult,
  type SubscribeOptions,
  type Subscription,
} from '../event-store.port.js';
import { decideBatch, type StreamHead } from '../postgres/batch-decision.js';
import { isStatementError, unavailableOr } from '../postgres/pg-errors.js';
import { PostgresEventStore } from '../postgres/postgres-event-store.js';
import { prepareUnit, storableJson, type PreparedUnit } from '../postgres/prepared-unit.js';
import { chainedPlaces, ChainWaiter, type ChainedPlace } from './chain-waiter.js';
import { Chainer, type ChainerReport, type KurrentDbClientPort } from './chainer.js';
import { toEventData } from './event-codec.js';
import { toEventStoreError } from './kurrentdb-errors.js';
import { actualRevisionOf, toStreamState } from './stream-state.js';

export interface KurrentDbEventStoreOptions {
  /** KurrentDB connection string, e.g. `kurrentdb://admin:changeit@kurrentdb:2113?tls=false`. */
  connectionString: string;
  /** PostgreSQL ≥ 15 migrated with `eventStoreMigrations`: holds the chained log and the idempotency keys. */
  postgresUrl: string;
  /**
   * Put before every stream id to form the KurrentDB stream name, and the chainer follows
   * only streams with it (several ledgers, or other systems, can share one cluster). Default
   * '' (stream ids are KurrentDB names one to one; the chainer passes by `$` system streams).
   */
  streamPrefix?: string;
  /** Whether this instance stands for chainer leadership. Default true; at least one instance per database must. */
  chainer?: boolean;
  /** How long an append waits for the chainer to chain its events before ChainingTimeoutError. Default 10000 ms. */
  chainTimeoutMs?: number;
  /** Most events the chainer inserts in one transaction. Default 500. */
  chainerBatchSize?: number;
  /** How often a standby chainer asks for leadership, and its pause after a failure. Default 1000 ms. */
  chainerRetryMs?: number;
  /** Connections of the readers' pool (another pool of the same size serialises idempotency keys). Default 10. */
  readPoolSize?: number;
  /** Timeout of one PostgreSQL connection attempt. Default 2000 ms. */
  connectTimeoutMs?: number;
  /** Head polling behind LISTEN/NOTIFY. Default 500 ms. */
  pollIntervalMs?: number;
  /** Told what the chainer does (leadership, batches, events passed by, errors); for logs and metrics. */
  onChainerReport?: (report: ChainerReport) => void;
  /** A client to use instead of connecting with `connectionString` (tests); the store disposes it on close. */
  client?: KurrentDbClientPort;
}

/** Fixed class of the two-key advisory locks that serialise appends under one idempotency key. */
const IDEMPOTENCY_LOCK_CLASS = 730_511_320;
const UTC_MS = `'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'`;

/**
 * The event store on a KurrentDB/EventStoreDB cluster (DESIGN.md, "Scale-out"; docs/kurrentdb.md).
 *
 * ```ts
 * await runMigrations(postgresUrl, [...eventStoreMigrations, ...]);
 * const store = await KurrentDbEventStore.create({ connectionString, postgresUrl });
 * ```
 *
 * Writes go to KurrentDB: one stream per stream id, the caller's event ids, the expected
 * revision as `streamState`; a unit over several streams through the server's atomic
 * multi-stream append (KurrentDB 25.1+). Concurrent writers on KurrentDB cannot know their
 * predecessor in `$all`, so a leader-elected chainer (see Chainer) gives the events their
 * `logPosition`, `recordedAt` and hash chain in the PostgreSQL `events` table, and an
 * append answers once its events are chained. Everything read — `readStream`, `readAll`,
 * `head`, `subscribe`, `onCommitted` — reads that chained table through the PostgreSQL
 * adapter's readers, so the API, read-your-writes and verify behave exactly as on the
 * PostgreSQL store.
 */
export class KurrentDbEventStore implements EventStore {
  private readonly streamPrefix: string;
  private readonly chainTimeoutMs: number;
  private readonly pool: pg.Pool;
  private readonly keyPool: pg.Pool;
  private readonly waiter: ChainWaiter;
  private readonly chainer: Chainer | null;
  private readonly gate = new IdGate();
  private readonly inFlight = new Set<Promise<unknown>>();
  private closing: Promise<void> | null = null;

  /** Connects to PostgreSQL, checks its schema, and starts this instance's chainer candidate. */
  static async create(options: KurrentDbEventStoreOptions): Promise<KurrentDbEventStore> {
    const client = options.client ?? KurrentDBClient.connectionString(options.connectionString);
    let reader: PostgresEventStore;
    try {
      reader = await PostgresEventStore.create({
        url: options.postgresUrl,
        readPoolSize: options.readPoolSize,
        connectTimeoutMs: options.connectTimeoutMs,
        pollIntervalMs: options.pollIntervalMs,
      });
    } catch (error) {
      await client.dispose().catch(() => undefined);
      throw error;
    }
    return new KurrentDbEventStore(options, client, reader);
  }

  private constructor(
    options: KurrentDbEventStoreOptions,
    private readonly client: KurrentDbClientPort,
    /** The PostgreSQL adapter, used only to read the chained table (its writer is never started). */
    private readonly reader: PostgresEventStore,
  ) {
    this.streamPrefix = options.streamPrefix ?? '';
    this.chainTimeoutMs = options.chainTimeoutMs ?? 10_000;
    const pool = (name: string) => {
      const created = new pg.Pool({
        connectionString: options.postgresUrl,
        max: options.readPoolSize ?? 10,
        connectionTimeoutMillis: options.connectTimeoutMs ?? 2000,
        keepAlive: true,
        application_name: name,
      });
      created.on('error', () => undefined); // an idle client lost with the server; the next query reconnects
      return created;
    };
    this.pool = pool('stance-ledger-kurrentdb');
    this.keyPool = pool('stance-ledger-idempotency');
    this.waiter = new ChainWaiter(this.pool, (listener) => reader.onCommitted(listener), options.pollIntervalMs ?? 500);
    this.chainer =
      options.chainer === false
        ? null
        : new Chainer({
            postgresUrl: options.postgresUrl,
            client,
            streamPrefix: this.streamPrefix,
            batchSize: options.chainerBatchSize ?? 500,
            retryMs: options.chainerRetryMs ?? 1000,
            connectTimeoutMs: options.connectTimeoutMs ?? 2000,
            report: options.onChainerReport ?? (() => undefined),
          });
    this.chainer?.start();
  }

  /** Whether this instance's chainer currently leads. */
  get isChainerLeader(): boolean {
    return this.chainer?.isLeader ?? false;
  }

  append(unit: AppendUnit): Promise<AppendResult> {
    if (this.closing) return Promise.reject(new EventStoreUnavailableError('the event store is closed'));
    let prepared: PreparedUnit;
    try {
      prepared = prepareUnit(unit);
      assertWritable(prepared);
    } catch (error) {
      return Promise.reject(error);
    }
    const appending = prepared.idempotency ? this.appendUnderKey(prepared, prepared.idempotency) : this.appendOnce(prepared);
    this.inFlight.add(appending);
    void appending.catch(() => undefined).finally(() => this.inFlight.delete(appending));
    return appending;
  }

  findIdempotencyRecord(scope: string, key: string): Promise<IdempotencyRecord | null> {
    return this.reader.findIdempotencyRecord(scope, key);
  }

  claimHolder(key: string): Promise<string | null> {
    return this.reader.claimHolder(key);
  }

  readStream(streamId: string, options?: ReadStreamOptions): Promise<RecordedEvent[]> {
    return this.reader.readStream(streamId, options);
  }

  readAll(options: ReadAllOptions): Promise<RecordedEvent[]> {
    return this.reader.readAll(options);
  }

  head(): Promise<Head> {
    return this.reader.head();
  }

  subscribe(options: SubscribeOptions): Subscription {
    if (this.closing) throw new EventStoreUnavailableError('the event store is closed');
    return this.reader.subscribe(options);
  }

  onCommitted(listener: (logPosition: number) => void): () => void {
    return this.reader.onCommitted(listener);
  }

  close(): Promise<void> {
    this.closing ??= this.shutDown();
    return this.closing;
  }

  private async shutDown(): Promise<void> {
    await Promise.allSettled([...this.inFlight]);
    await this.chainer?.close();
    this.waiter.close(new EventStoreUnavailableError('the event store is closed'));
    await this.client.dispose().catch(() => undefined);
    await this.reader.close();
    await Promise.all([this.pool.end(), this.keyPool.end()]);
  }

  /**
   * Serialises appends under one idempotency key across processes with a transaction-scoped
   * advisory lock: the first writes and stores the key with its answer; the others, let in
   * after it, find the key and replay. The key is stored after the events are chained, in
   * PostgreSQL, not in KurrentDB's write: see docs/kurrentdb.md on that gap.
   */
  private async appendUnderKey(unit: PreparedUnit, idempotency: IdempotencyRequest): Promise<AppendResult> {
    let session: pg.PoolClient;
    try {
      session = await this.keyPool.connect();
    } catch (error) {
      throw unavailableOr(error);
    }
    let broken = false;
    const sql = async <Row extends pg.QueryResultRow>(text: string, values?: unknown[]) => {
      try {
        return (await session.query<Row>(text, values)).rows;
      } catch (error) {
        broken ||= !isStatementError(error);
        throw unavailableOr(error);
      }
    };
    let open = false;
    try {
      await sql('BEGIN');
      open = true;
      await sql('SELECT pg_advisory_xact_lock($1, hashtext($2))', [IDEMPOTENCY_LOCK_CLASS, JSON.stringify([idempotency.scope, idempotency.key])]);
      const [stored] = await sql<{ request_hash: string; response: StoredResult; log_position: string | null; recorded_at: string }>(
        `SELECT request_hash, response, log_position, to_char(created_at AT TIME ZONE 'UTC', ${UTC_MS}) AS recorded_at
         FROM idempotency_keys WHERE scope = $1 AND key = $2`,
        [idempotency.scope, idempotency.key],
      );
      if (stored) {
        if (stored.request_hash !== idempotency.requestHash) throw new IdempotencyKeyReusedError(idempotency.key);
        const heads = await this.streamHeads(unit.items.map((item) => item.streamId));
        return {
          written: false,
          items: unit.items.map((item) => headItem(item.streamId, heads)),
          logPosition: stored.log_position === null ? 0 : Number(stored.log_position),
          recordedAt: stored.recorded_at,
          replayed: stored.response,
        };
      }
      const result = await this.appendOnce(unit);
      const response = storableJson(idempotency.storedResult(result), 'the idempotent result');
      try {
        await sql(`INSERT INTO idempotency_keys (scope, key, request_hash, response, log_position, created_at) VALUES ($1, $2, $3, $4, $5, $6)`, [
          idempotency.scope,
          idempotency.key,
          idempotency.requestHash,
          JSON.stringify(response),
          result.logPosition,
          result.recordedAt,
        ]);
        await sql('COMMIT');
        open = false;
      } catch {
        // The events are stored: a committed write is not reported as failed. The key is
        // lost; a retry maps onto the same event ids, is answered from the log, and stores it.
      }
      return result;
    } finally {
      if (open && !broken) await sql('ROLLBACK').catch(() => undefined);
      session.release(broken);
    }
  }

  /** One unit, answered once its events are chained. Units sharing an event id run one after the other in this process. */
  private appendOnce(unit: PreparedUnit): Promise<AppendResult> {
    const ids = unit.items.flatMap((item) => item.events.map((event) => event.eventId));
    return this.gate.run(ids, async () => {
      const stored = await this.storedResult(unit, ids);
      if (stored) return stored;
      const written = await this.write(unit);
      const places = ids.length > 0 ? await this.waiter.wait(ids, this.chainTimeoutMs) : new Map<string, ChainedPlace>();
      return this.resultOf(unit, places, written);
    });
  }

  /**
   * The unit's answer when (some of) its event ids are already chained, decided by the
   * PostgreSQL store's rule (EventStoreDB's): all of them right after the expected
   * revisions is a replay, anything else a DuplicateEventIdError. Null when none is chained.
   */
  private async storedResult(unit: PreparedUnit, ids: string[]): Promise<AppendResult | null> {
    const places = await chainedPlaces(this.pool, ids);
    if (places.size === 0) return null;
    const streams = await this.streamHeads(unit.items.map((item) => item.streamId));
    const state = {
      head: { logPosition: 0, hash: GENESIS_HASH, recordedAt: null },
      now: new Date().toISOString(),
      streams,
      eventsById: places,
      keys: new Map(),
      // Unique claims are enforced by the PostgreSQL store only (docs/kurrentdb.md): none are read here.
      claims: new Map(),
    };
    const [outcome] = decideBatch(state, [{ ...unit, idempotency: undefined }]).outcomes;
    if (!outcome.ok) throw outcome.error;
    return outcome.result;
  }

  /** Writes the unit to KurrentDB; false when the server answered an idempotent replay of it. */
  private async write(unit: PreparedUnit): Promise<boolean> {
    const name = (streamId: string) => this.streamPrefix + streamId;
    try {
      if (unit.items.length === 1) {
        const [item] = unit.items;
        const result = await this.client.appendToStream(name(item.streamId), item.events.map(toEventData), {
          streamState: toStreamState(item.expected),
        });
        if (!result.success) {
          throw new WrongExpectedRevisionError(item.streamId, item.expected, actualRevisionOf(result.nextExpectedRevision), 0);
        }
        // The server answers a write that its idempotency check found already done without a position.
        return item.events.length > 0 && result.position !== undefined;
      }
      await this.client.multiStreamAppend(
        unit.items.map((item) => ({ streamName: name(item.streamId), events: item.events.map(toEventData), expectedState: toStreamState(item.expected) })),
      );
      return true;
    } catch (error) {
      throw toEventStoreError(error, unit.items, this.streamPrefix);
    }
  }

  private async resultOf(unit: PreparedUnit, places: Map<string, ChainedPlace>, written: boolean): Promise<AppendResult> {
    const emptyStreams = unit.items.filter((item) => item.events.length === 0).map((item) => item.streamId);
    const heads = emptyStreams.length > 0 ? await this.streamHeads(emptyStreams) : new Map<string, StreamHead>();
    const items = unit.items.map((item): AppendedItem => {
      const last = item.events.at(-1);
      const place = last && places.get(last.eventId);
      return place ? { streamId: item.streamId, revision: place.revision, logPosition: place.logPosition } : headItem(item.streamId, heads);
    });
    const latest = [...places.values()].reduce<ChainedPlace | null>((max, place) => (!max || place.logPosition > max.logPosition ? place : max), null);
    return {
      written: written && latest !== null,
      items,
      logPosition: latest?.logPosition ?? Math.max(0, ...items.map((item) => item.logPosition)),
      recordedAt: latest?.recordedAt ?? new Date().toISOString(),
    };
  }

  /** The chained log's last revision of each stream that has events. */
  private async streamHeads(streamIds: string[]): Promise<Map<string, StreamHead>> {
    try {
      const { rows } = await this.pool.query<{ stream_id: string; revision: number; log_position: string }>(
        `SELECT s.stream_id, e.revision, e.log_position
         FROM unnest($1::text[]) AS s(stream_id)
         CROSS JOIN LATERAL (SELECT revision, log_position FROM events WHERE stream_id = s.stream_id
                             ORDER BY revision DESC LIMIT 1) AS e`,
        [[...new Set(streamIds)]],
      );
      return new Map(rows.map((row) => [row.stream_id, { revision: row.revision, logPosition: Number(row.log_position) }]));
    } catch (error) {
      throw unavailableOr(error);
    }
  }
}

function headItem(streamId: string, heads: Map<string, StreamHead>): AppendedItem {
  const head = heads.get(streamId);
  return { streamId, revision: head?.revision ?? -1, logPosition: head?.logPosition ?? 0 };
}

/**
 * What KurrentDB's appends can take: each stream once per unit (a multi-stream append
 * names a stream once), and in a unit over several streams every item writes an event
 * (a multi-stream append has no check-only member). A single item may write nothing: its
 * expectation is still checked.
 */
export function assertWritable(unit: PreparedUnit): void {
  if (unit.items.length < 2) return;
  const seen = new Set<string>();
  unit.items.forEach((item, itemIndex) => {
    if (seen.has(item.streamId)) {
      throw new TypeError(`item ${itemIndex}: stream ${item.streamId} is named twice in one unit; the KurrentDB store takes each stream once per unit`);
    }
    seen.add(item.streamId);
    if (item.events.length === 0) {
      throw new TypeError(`item ${itemIndex}: a unit over several streams on the KurrentDB store must write at least one event to each`);
    }
  });
}

/** Runs work for units sharing an event id one after another, so a racing retry finds the first chained and replays it. */
class IdGate {
  private readonly running = new Map<string, Promise<void>>();

  async run<T>(ids: string[], work: () => Promise<T>): Promise<T> {
    for (;;) {
      const busy = [...new Set(ids.flatMap((id) => this.running.get(id) ?? []))];
      if (busy.length === 0) break;
      await Promise.all(busy);
    }
    let finished!: () => void;
    const turn = new Promise<void>((resolve) => (finished = resolve));
    for (const id of ids) this.running.set(id, turn);
    try {
      return await work();
    } finally {
      for (const id of ids) if (this.running.get(id) === turn) this.running.delete(id);
      finished();
    }
  }
}
