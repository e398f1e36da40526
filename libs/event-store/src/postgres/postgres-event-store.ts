import pg from 'pg';
import { EventStoreUnavailableError } from '../event-store.errors.js';
import {
  type AppendResult,
  type AppendUnit,
  type EventStore,
  type Head,
  type IdempotencyRecord,
  type ReadAllOptions,
  type ReadStreamOptions,
  type RecordedEvent,
  type SubscribeOptions,
  type Subscription,
} from '../event-store.port.js';
import { AppendBatchWriter } from './append-batch-writer.js';
import { CatchUpSubscription } from './catch-up-subscription.js';
import { CommitWatcher } from './commit-watcher.js';
import { EventLogReader } from './event-log-reader.js';
import { RecentEvents } from './recent-events.js';
import { PgBatchStorage } from './pg-batch-storage.js';

export interface PostgresEventStoreOptions {
  /** PostgreSQL ≥ 15 whose schema has `eventStoreMigrations` applied. */
  url: string;
  /** Most units one batch transaction takes. Default 500. */
  maxBatchUnits?: number;
  /** Most events one batch takes (a larger unit still goes, alone). Default 5000. */
  maxBatchEvents?: number;
  /**
   * Connections of the store's own pool: the write path's reads (a stream's events, an
   * idempotency key), subscriptions catching up, head polls. Public reads belong on a pool
   * of their own (EventLogReader). Default 10.
   */
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
 * lock, see AppendBatchWriter), a pool for the store's own reads (the write path's,
 * subscriptions'), and one that LISTENs for other processes' commits once something
 * subscribes. `close()` lets queued appends finish.
 */
export class PostgresEventStore implements EventStore {
  private readonly pool: pg.Pool;
  private readonly reads: EventLogReader;
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
      // Connections once opened are kept: the write path then finds them open under load
      // rather than opening one when the process is busiest (and a connect may overrun).
      min: options.readPoolSize ?? 10,
      connectionTimeoutMillis: connectTimeoutMs,
      keepAlive: true,
      application_name: 'stance-ledger-reader',
    });
    this.pool.on('error', () => undefined); // an idle client lost with the server; the next query reconnects
    this.reads = new EventLogReader(this.pool);
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

  findIdempotencyRecord(scope: string, key: string): Promise<IdempotencyRecord | null> {
    return this.reads.findIdempotencyRecord(scope, key);
  }

  claimHolder(key: string): Promise<string | null> {
    return this.reads.claimHolder(key);
  }

  readStream(streamId: string, options?: ReadStreamOptions): Promise<RecordedEvent[]> {
    return this.reads.readStream(streamId, options);
  }

  readAll(options: ReadAllOptions): Promise<RecordedEvent[]> {
    return this.reads.readAll(options);
  }

  head(): Promise<Head> {
    return this.reads.head();
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
    const [row] = await this.reads.query<{ events: string | null; keys: string | null; claims: string | null; append: string | null }>(
      `SELECT to_regclass('events') AS events, to_regclass('idempotency_keys') AS keys, to_regclass('unique_claims') AS claims,
              to_regprocedure('event_store_append(bigint, bigint, text, jsonb, jsonb, text, jsonb, jsonb)') AS append`,
    );
    if (!row.events || !row.keys || !row.claims || !row.append)
      throw new Error('the event store schema is missing or out of date: run eventStoreMigrations first');
  }
}
