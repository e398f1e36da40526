import { classifyDatabaseError, type EventStore, type RecordedEvent, type Subscription } from '@app/event-store';
import type pg from 'pg';
import { LEDGER_PROJECTION, LIVE_TABLES, type ReadModelTables } from '../read-model-tables.js';
import { applyLedgerEvents } from './batch-applier.js';
import { withPooledClient } from './pooled-client.js';
import { integerLiteral, literal } from './sql-script.js';
import { PROJECTION_CHANNEL, ProjectionProgress } from './projection-progress.js';

/** Serialises every projector batch and the rebuild's swap, across processes. */
export const PROJECTOR_LOCK_KEY = 7_305_113_202;
/** Held for as long as a process is the active projector; others stand by. */
export const PROJECTOR_LEADER_KEY = 7_305_113_204;

const STANDBY_POLL_MS = 500;
/** Pause before a batch is tried again after a busy or unreachable database; it doubles up to the cap. */
const RETRY_FIRST_MS = 100;
const RETRY_MAX_MS = 2000;
const RECOVERY_PAGE = 1000;

/** The stored checkpoint is behind the first event of a batch. */
class CheckpointBehind extends Error {
  constructor(
    readonly checkpoint: number,
    readonly next: number,
  ) {
    super(`checkpoint ${checkpoint} but batch starts at ${next}`);
  }
}

/**
 * Applies the log to the read models. One process leads (a session advisory lock); the
 * others stand by, following the checkpoint, and take over within a poll interval when the
 * leader's session ends. Each batch commits together with the checkpoint under a
 * transaction-scoped lock, and events at or below the stored checkpoint are skipped, so
 * even overlapping leaders (or a rebuild swapping tables underneath) never apply an event
 * twice or miss one.
 */
export class Projector extends ProjectionProgress {
  private subscription: Subscription | null = null;
  private leaderClient: pg.PoolClient | null = null;
  private timer: NodeJS.Timeout | null = null;
  private stopped = false;

  constructor(
    private readonly store: EventStore,
    private readonly pool: pg.Pool,
    private readonly tables: ReadModelTables = LIVE_TABLES,
    private readonly name: string = LEDGER_PROJECTION,
  ) {
    super();
  }

  async start(): Promise<void> {
    this.stopped = false;
    this.advance(await readCheckpoint(this.pool, this.name));
    await this.tryToLead();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    await this.resign();
    this.releaseWaiters();
  }

  private async tryToLead(): Promise<void> {
    if (this.stopped) return;
    try {
      if (this.leader) await this.recoverLostBatches();
      else {
        const client = await this.pool.connect();
        client.on('error', ignoreLostConnection);
        const { rows } = await client.query<{ locked: boolean }>('SELECT pg_try_advisory_lock($1) AS locked', [PROJECTOR_LEADER_KEY]).catch((error) => {
          client.off('error', ignoreLostConnection);
          client.release(true);
          throw error;
        });
        client.off('error', ignoreLostConnection);
        if (rows[0].locked) {
          client.on('error', () => void this.resign());
          this.leaderClient = client;
          this.leader = true;
          const checkpoint = await readCheckpoint(this.pool, this.name);
          this.advance(checkpoint);
          const subscription: Subscription = this.store.subscribe({
            after: checkpoint,
            batchSize: 1000,
            onEvents: (events) => this.applyWithRetry(events),
            // Once the lead is lost (resign), the delivery in flight ends on the lost
            // connection: that ends this subscription, it is no failure of the projection.
            onError: (error) => (this.subscription === subscription ? this.fail(error) : undefined),
          });
          this.subscription = subscription;
        } else {
          client.release();
          // A standby keeps its position (and failure) in step with the leader's checkpoint.
          await this.follow(this.pool, this.name);
        }
      }
    } catch (error) {
      this.retrying = retryingBecause(error);
    }
    if (!this.stopped) {
      this.timer = setTimeout(() => void this.tryToLead(), STANDBY_POLL_MS);
      this.timer.unref();
    }
  }

  private async resign(): Promise<void> {
    const subscription = this.subscription;
    this.subscription = null;
    await subscription?.close().catch(() => undefined);
    const client = this.leaderClient;
    this.leaderClient = null;
    this.leader = false;
    if (client) {
      await client.query('SELECT pg_advisory_unlock($1)', [PROJECTOR_LEADER_KEY]).catch(() => undefined);
      client.release(true);
    }
  }

  /**
   * A database that is busy (no connection of the projector's pool came free in time, lock
   * or serialisation contention) or down (lost, shutting down) is overload or an outage,
   * not a fault of the projection: the batch is tried again, after a pause that doubles up
   * to RETRY_MAX_MS, until it goes through — for as long as it takes. Health reports it as
   * lag, never as a failure. Anything else (the database refusing what the projection
   * wrote, the projection's own code throwing on an event) is a fault in the data or the
   * code that a retry would only repeat: the projection stops at that event, recorded
   * where every process's health check sees it, rather than skip it.
   */
  private async applyWithRetry(events: RecordedEvent[]): Promise<void> {
    for (let attempt = 0; ; attempt++) {
      try {
        return await this.applyBatch(events);
      } catch (error) {
        if (this.stopped || !this.leader) throw error;
        const kind = classifyDatabaseError(error);
        if (kind === 'permanent') {
          await this.fail(error);
          throw error;
        }
        this.retrying = retryingBecause(error);
        await new Promise((resolve) => setTimeout(resolve, Math.min(RETRY_FIRST_MS * 2 ** attempt, RETRY_MAX_MS)));
      }
    }
  }

  /**
   * One transaction per batch in two or three round trips (see applyLedgerEvents): BEGIN,
   * the lock and the checkpoint travel with the batch's reads; the checkpoint, NOTIFY and
   * COMMIT with its last writes.
   *
   * The commit is asynchronous (`synchronous_commit = off` for this transaction only): it
   * is visible at once, so read-your-writes holds, but not flushed before COMMIT returns,
   * which saves an fsync per batch. Nothing durable depends on it: the events themselves
   * were committed synchronously by the writer, and read models and checkpoint commit
   * atomically together, so a PostgreSQL crash can only take the last batches back as a
   * whole — the stored checkpoint then lies behind what this process applied, and the log
   * after it is applied again (the gap is filled below, and by `recoverLostBatches` when no
   * new event comes).
   */
  private async applyBatch(events: RecordedEvent[]): Promise<void> {
    if (this.failure) throw new Error(`projection ${this.name} stopped at ${this.failure.logPosition}`);
    let applied: RecordedEvent[];
    let checkpoint = 0;
    try {
      applied = await withPooledClient(this.pool, (client) =>
        applyLedgerEvents(client, this.tables, events, {
          prelude: ['BEGIN', 'SET LOCAL synchronous_commit = off', `SELECT pg_advisory_xact_lock(${PROJECTOR_LOCK_KEY})`, checkpointSql(this.name)],
          select: (prelude) => {
            checkpoint = Number(prelude[3].rows[0]?.log_position ?? 0);
            const after = events.filter((event) => event.logPosition > checkpoint);
            // Behind us: batches lost in a crash, or another projector lagging. Never skip an event.
            if (after.length > 0 && after[0].logPosition !== checkpoint + 1) throw new CheckpointBehind(checkpoint, after[0].logPosition);
            return after;
          },
          epilogue: (applied) => {
            if (applied.length === 0) return ['COMMIT'];
            checkpoint = applied[applied.length - 1].logPosition;
            return [
              `UPDATE projection_checkpoints SET log_position = ${integerLiteral(checkpoint)}, updated_at = now() WHERE name = ${literal(this.name)}`,
              `SELECT pg_notify(${literal(PROJECTION_CHANNEL)}, ${literal(String(checkpoint))})`,
              'COMMIT',
            ];
          },
        }),
      );
    } catch (error) {
      if (!(error instanceof CheckpointBehind)) throw error;
      await this.applyBatch(await this.missing(error));
      return this.applyBatch(events);
    }
    this.retrying = null;
    this.advance(checkpoint, applied);
  }

  /** The events between the stored checkpoint and a batch that starts after it, a page at most. */
  private async missing({ checkpoint, next }: CheckpointBehind): Promise<RecordedEvent[]> {
    const events = await this.store.readAll({ after: checkpoint, limit: Math.min(next - 1 - checkpoint, RECOVERY_PAGE) });
    if (events[0]?.logPosition !== checkpoint + 1) {
      throw new Error(`projection ${this.name}: checkpoint ${checkpoint} but the log continues at ${events[0]?.logPosition ?? 'nothing'}`);
    }
    return events;
  }

  /**
   * The leader's half-second check: when PostgreSQL lost the last asynchronously committed
   * batches in a crash and no new event has come since, the stored checkpoint lies behind
   * what this process applied; apply the log after it again.
   */
  private async recoverLostBatches(): Promise<void> {
    const stored = await readCheckpoint(this.pool, this.name);
    if (stored >= this.position || this.failure) return;
    const events = await this.store.readAll({ after: stored, limit: RECOVERY_PAGE });
    if (events.length > 0) await this.applyWithRetry(events);
  }

  /** Records the failure where every process's health check sees it. */
  private async fail(error: unknown): Promise<void> {
    const message = error instanceof Error ? error.message : String(error);
    this.failure = { logPosition: this.position + 1, error: message };
    await this.pool
      .query('UPDATE projection_checkpoints SET failed_at_position = $2, error = $3 WHERE name = $1', [
        this.name,
        this.failure.logPosition,
        message.slice(0, 2000),
      ])
      .catch(() => undefined);
  }
}

/** What `status.retrying` says: how the database failed (busy or down) and its message. */
function retryingBecause(error: unknown): string {
  return `${classifyDatabaseError(error)}: ${error instanceof Error ? error.message : String(error)}`;
}

/**
 * For a client checked out of the pool, which then has no 'error' listener of the pool's:
 * a connection lost under it would emit an unhandled 'error' and end the process. The
 * query in flight fails with the same error and is handled (retried: the database is down).
 */
function ignoreLostConnection(): void {}

export async function readCheckpoint(db: pg.Pool | pg.PoolClient, name: string = LEDGER_PROJECTION): Promise<number> {
  const result = await db.query<{ log_position: string }>(checkpointSql(name));
  return Number(result.rows[0]?.log_position ?? 0);
}

/**
 * What the read models hold, as one token: the checkpoint's position and when it was last
 * written. A rebuild swaps in new tables at the position it replayed to — possibly the same
 * — and writes the checkpoint with them, so the token changes whenever the tables may have.
 */
export async function readCheckpointVersion(db: pg.Pool | pg.PoolClient, name: string = LEDGER_PROJECTION): Promise<string> {
  const result = await db.query<{ version: string }>(`SELECT log_position || '@' || updated_at::text AS version FROM projection_checkpoints WHERE name = $1`, [
    name,
  ]);
  return result.rows[0]?.version ?? '0';
}

/** The stored checkpoint of projection `name`, as one statement (a column `log_position`) to send in a script. */
function checkpointSql(name: string): string {
  return `SELECT log_position FROM projection_checkpoints WHERE name = ${literal(name)}`;
}
