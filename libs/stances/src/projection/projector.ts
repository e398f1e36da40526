import type { EventStore, RecordedEvent, Subscription } from '@app/event-store';
import type pg from 'pg';
import { LEDGER_PROJECTION, LIVE_TABLES, type ReadModelTables } from '../read-model-tables.js';
import { applyLedgerEvents } from './ledger.projection.js';

/** Serialises every projector batch and the rebuild's swap, across processes. */
export const PROJECTOR_LOCK_KEY = 7_305_113_202;

export interface ProjectorStatus {
  logPosition: number;
  failed: { logPosition: number; error: string } | null;
  /** Set while a lost database connection is being retried. */
  retrying: string | null;
}

/**
 * Applies the log to the read models. Each batch commits together with the checkpoint
 * under a transaction-scoped advisory lock; events at or below the stored checkpoint are
 * skipped, so several projectors (a hot standby, a rebuild swapping tables underneath)
 * never apply an event twice or miss one.
 */
export class Projector {
  private subscription: Subscription | null = null;
  private position = 0;
  private failure: ProjectorStatus['failed'] = null;
  private lastTransientError: string | null = null;
  private waiters = new Set<{ position: number; resolve: (reached: boolean) => void }>();
  private progressListeners = new Set<(position: number, events: RecordedEvent[]) => void>();

  constructor(
    private readonly store: EventStore,
    private readonly pool: pg.Pool,
    private readonly tables: ReadModelTables = LIVE_TABLES,
    private readonly name: string = LEDGER_PROJECTION,
  ) {}

  get status(): ProjectorStatus {
    return { logPosition: this.position, failed: this.failure, retrying: this.lastTransientError };
  }

  async start(): Promise<void> {
    this.position = await readCheckpoint(this.pool, this.name);
    this.resolveWaiters();
    this.subscription = this.store.subscribe({
      after: this.position,
      batchSize: 1000,
      onEvents: (events) => this.applyWithRetry(events),
      onError: (error) => this.fail(error),
    });
  }

  async stop(): Promise<void> {
    await this.subscription?.close();
    this.subscription = null;
    for (const waiter of this.waiters) waiter.resolve(this.position >= waiter.position);
    this.waiters.clear();
  }

  /** Called after each committed batch with the new checkpoint and the events applied. */
  onProgress(listener: (position: number, events: RecordedEvent[]) => void): () => void {
    this.progressListeners.add(listener);
    return () => this.progressListeners.delete(listener);
  }

  /** Resolves true once the read models include `position`, false after `timeoutMs`. */
  waitFor(position: number, timeoutMs: number): Promise<boolean> {
    if (this.position >= position) return Promise.resolve(true);
    return new Promise((resolve) => {
      const waiter = {
        position,
        resolve: (reached: boolean) => {
          clearTimeout(timer);
          this.waiters.delete(waiter);
          resolve(reached);
        },
      };
      const timer = setTimeout(() => waiter.resolve(false), timeoutMs);
      timer.unref();
      this.waiters.add(waiter);
    });
  }

  /**
   * A lost database connection is retried until it comes back; any other error stops the
   * projection at that event (health turns not-ready) instead of skipping it.
   */
  private async applyWithRetry(events: RecordedEvent[]): Promise<void> {
    for (;;) {
      try {
        return await this.applyBatch(events);
      } catch (error) {
        if (!this.subscription || !isTransient(error)) {
          this.fail(error);
          throw error;
        }
        this.lastTransientError = error instanceof Error ? error.message : String(error);
        await new Promise((resolve) => setTimeout(resolve, 250));
      }
    }
  }

  private async applyBatch(events: RecordedEvent[]): Promise<void> {
    if (this.failure) throw new Error(`projection ${this.name} stopped at ${this.failure.logPosition}`);
    const client = await this.pool.connect();
    let applied: RecordedEvent[] = [];
    let checkpoint = 0;
    try {
      await client.query('BEGIN');
      await client.query('SELECT pg_advisory_xact_lock($1)', [PROJECTOR_LOCK_KEY]);
      checkpoint = await readCheckpoint(client, this.name);
      applied = events.filter((event) => event.logPosition > checkpoint);
      if (applied.length > 0) {
        if (applied[0].logPosition !== checkpoint + 1) {
          // Another projector (or a rebuild) is behind us: never skip an event.
          throw new Error(`projection ${this.name}: checkpoint ${checkpoint} but batch starts at ${applied[0].logPosition}`);
        }
        await applyLedgerEvents(client, this.tables, applied);
        checkpoint = applied[applied.length - 1].logPosition;
        await client.query('UPDATE projection_checkpoints SET log_position = $2, updated_at = now() WHERE name = $1', [
          this.name,
          checkpoint,
        ]);
      }
      await client.query('COMMIT');
    } catch (error) {
      await client.query('ROLLBACK').catch(() => undefined);
      client.release();
      throw error;
    }
    client.release();
    this.lastTransientError = null;
    this.position = Math.max(this.position, checkpoint);
    for (const listener of this.progressListeners) listener(this.position, applied);
    this.resolveWaiters();
  }

  private fail(error: unknown): void {
    const message = error instanceof Error ? error.message : String(error);
    this.failure = { logPosition: this.position + 1, error: message };
  }

  private resolveWaiters(): void {
    for (const waiter of this.waiters) if (this.position >= waiter.position) waiter.resolve(true);
  }
}

export async function readCheckpoint(db: pg.Pool | pg.PoolClient, name: string = LEDGER_PROJECTION): Promise<number> {
  const result = await db.query<{ log_position: string }>(
    'SELECT log_position FROM projection_checkpoints WHERE name = $1',
    [name],
  );
  return Number(result.rows[0]?.log_position ?? 0);
}

const TRANSIENT_SQLSTATE = /^(08|53|57P0[1-3])/;

/** Connection loss, server shutdown or resource exhaustion: worth retrying, not a bug in the data. */
export function isTransient(error: unknown): boolean {
  const candidate = error as { code?: string; message?: string } | null;
  const code = candidate?.code ?? '';
  if (TRANSIENT_SQLSTATE.test(code)) return true;
  if (['ECONNREFUSED', 'ECONNRESET', 'EPIPE', 'ETIMEDOUT', 'ENOTFOUND'].includes(code)) return true;
  return /Connection terminated|connection timeout|Client has encountered a connection error/i.test(candidate?.message ?? '');
}
