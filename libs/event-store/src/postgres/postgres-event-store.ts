import pg from 'pg';
import { EventStoreUnavailableError } from '../event-store.errors.js';
import {
  GENESIS_HASH,
  type AppendResult,
  type AppendUnit,
  type EventStore,
  type Head,
  type IdempotencyRecord,
  type ReadAllOptions,
  type ReadStreamOptions,
  type RecordedEvent,
  type StoredResult,
  type SubscribeOptions,
  type Subscription,
} from '../event-store.port.js';
import { AppendBatchWriter } from './append-batch-writer.js';
import { CatchUpSubscription } from './catch-up-subscription.js';
import { CommitWatcher } from './commit-watcher.js';
import { RecentEvents } from './recent-events.js';
import { EVENT_COLUMNS, toRecordedEvent, type EventRow } from './event-rows.js';
import { PgBatchStorage } from './pg-batch-storage.js';
import { unavailableOr } from './pg-errors.js';

export interface PostgresEventStoreOptions {
  /** PostgreSQL ≥ 15 whose schema has `eventStoreMigrations` applied. */
  url: string;
  /** Most units one batch transaction takes. Default 500. */
  maxBatchUnits?: number;
  /** Most events one batch takes (a larger unit still goes, alone). Default 5000. */
  maxBatchEvents?: number;
  /** Connections of the readers' pool. Default 10. */
  readPoolSize?: number;
  /** Timeout of one connection attempt. Default 2000 ms. */
  connectTimeoutMs?: number;
  /** How long an append keeps trying to reach the database before EventStoreUnavailableError. Default 5000 ms. */
  unavailableAfterMs?: number;
  /** How long the writer asks whether a commit whose answer was lost took effect. Default 30000 ms. */
  unknownOutcomeTimeoutMs?: number;
  /** Head polling behind LISTEN/NOTIFY for subscriptions and commit listeners. Default 500 ms. */
  pollIntervalMs?: number;
}

/**
 * The PostgreSQL event store (DESIGN.md, "The PostgreSQL adapter").
 *
 * ```ts
 * await runMigrations(url, [...eventStoreMigrations, ...]);
 * const store = await PostgresEventStore.create({ url });
 * ```
 *
 * Three kinds of connection: one for the single writer (group commit under an advisory
 * lock, see AppendBatchWriter), a pool for readers, and one that LISTENs for other
 * processes' commits once something subscribes. `close()` lets queued appends finish.
 */
export class PostgresEventStore implements EventStore {
  private readonly pool: pg.Pool;
  private readonly writer: AppendBatchWriter;
  private readonly watcher: CommitWatcher;
  private readonly subscriptions = new Set<CatchUpSubscription>();
  private readonly recent = new RecentEvents();
  private readonly pollIntervalMs: number;
  private closing: Promise<void> | null = null;

  /** Connects and checks that the schema is migrated. */
  static async create(options: PostgresEventStoreOptions): Promise<PostgresEventStore> {
    const store = new PostgresEventStore(options);
    try {
      await store.assertMigrated();
    } catch (error) {
      await store.close();
      throw error;
    }
    return store;
  }

  private constructor(options: PostgresEventStoreOptions) {
    const connectTimeoutMs = options.connectTimeoutMs ?? 2000;
    this.pollIntervalMs = options.pollIntervalMs ?? 500;
    this.pool = new pg.Pool({
      connectionString: options.url,
      max: options.readPoolSize ?? 10,
      connectionTimeoutMillis: connectTimeoutMs,
      keepAlive: true,
      application_name: 'stance-ledger-reader',
    });
    this.pool.on('error', () => undefined); // an idle client lost with the server; the next query reconnects
    this.watcher = new CommitWatcher({
      url: options.url,
      connectTimeoutMs,
      pollIntervalMs: this.pollIntervalMs,
      readHead: async () => (await this.head()).logPosition,
    });
    const storage = new PgBatchStorage({
      url: options.url,
      connectTimeoutMs,
      unavailableAfterMs: options.unavailableAfterMs ?? 5000,
    });
    this.writer = new AppendBatchWriter(storage, {
      maxBatchUnits: options.maxBatchUnits ?? 500,
      maxBatchEvents: options.maxBatchEvents ?? 5000,
      maxAttempts: 5,
      unknownOutcomeTimeoutMs: options.unknownOutcomeTimeoutMs ?? 30_000,
      onCommitted: (logPosition, events) => {
        this.recent.add(events);
        this.watcher.committed(logPosition);
      },
    });
  }

  append(unit: AppendUnit): Promise<AppendResult> {
    return this.writer.append(unit);
  }

  async findIdempotencyRecord(scope: string, key: string): Promise<IdempotencyRecord | null> {
    const rows = await this.query<{ request_hash: string; response: StoredResult }>(
      'SELECT request_hash, response FROM idempotency_keys WHERE scope = $1 AND key = $2',
      [scope, key],
    );
    return rows[0] ? { requestHash: rows[0].request_hash, result: rows[0].response } : null;
  }

  async readStream(streamId: string, options: ReadStreamOptions = {}): Promise<RecordedEvent[]> {
    const backwards = options.direction === 'backwards';
    const from = options.fromRevision ?? (backwards ? 2_147_483_647 : 0);
    const rows = await this.query<EventRow>(
      `SELECT ${EVENT_COLUMNS} FROM events WHERE stream_id = $1 AND revision ${backwards ? '<=' : '>='} $2
       ORDER BY revision ${backwards ? 'DESC' : 'ASC'} LIMIT $3`,
      [streamId, from, options.limit ?? null],
    );
    return rows.map(toRecordedEvent);
  }

  async readAll({ after, limit }: ReadAllOptions): Promise<RecordedEvent[]> {
    const rows = await this.query<EventRow>(
      `SELECT ${EVENT_COLUMNS} FROM events WHERE log_position > $1 ORDER BY log_position LIMIT $2`,
      [after, limit],
    );
    return rows.map(toRecordedEvent);
  }

  async head(): Promise<Head> {
    const rows = await this.query<{ log_position: string; hash: string; recorded_at: string }>(
      `SELECT log_position, hash, metadata->>'recordedAt' AS recorded_at FROM events ORDER BY log_position DESC LIMIT 1`,
    );
    const row = rows[0];
    return row
      ? { logPosition: Number(row.log_position), hash: row.hash, recordedAt: row.recorded_at }
      : { logPosition: 0, hash: GENESIS_HASH, recordedAt: null };
  }

  subscribe(options: SubscribeOptions): Subscription {
    if (this.closing) throw new EventStoreUnavailableError('the event store is closed');
    const subscription = new CatchUpSubscription(
      // What this process just committed comes from memory; anything else from PostgreSQL.
      async (after, limit) => this.recent.after(after, limit) ?? this.readAll({ after, limit }),
      this.watcher,
      options,
      this.pollIntervalMs,
    );
    this.subscriptions.add(subscription);
    return {
      close: async () => {
        this.subscriptions.delete(subscription);
        await subscription.close();
      },
    };
  }

  onCommitted(listener: (logPosition: number) => void): () => void {
    return this.watcher.onCommitted(listener);
  }

  close(): Promise<void> {
    this.closing ??= this.shutDown();
    return this.closing;
  }

  private async shutDown(): Promise<void> {
    await this.writer.close();
    await Promise.all([...this.subscriptions].map((subscription) => subscription.close()));
    this.subscriptions.clear();
    await this.watcher.close();
    await this.pool.end();
  }

  private async assertMigrated(): Promise<void> {
    const [row] = await this.query<{ events: string | null; keys: string | null; append: string | null }>(
      `SELECT to_regclass('events') AS events, to_regclass('idempotency_keys') AS keys,
              to_regprocedure('event_store_append(bigint, bigint, text, jsonb, jsonb, text)') AS append`,
    );
    if (!row.events || !row.keys || !row.append) throw new Error('the event store schema is missing or out of date: run eventStoreMigrations first');
  }

  private async query<Row extends pg.QueryResultRow>(text: string, values?: unknown[]): Promise<Row[]> {
    try {
      return (await this.pool.query<Row>(text, values)).rows;
    } catch (error) {
      throw unavailableOr(error);
    }
  }
}
