import type { RecordedEvent } from '@app/event-store';
import type pg from 'pg';

export interface ProjectionStatus {
  /** The logPosition the read models have applied. */
  logPosition: number;
  failed: { logPosition: number; error: string } | null;
  /** Set while a lost database connection is being retried. */
  retrying: string | null;
  /** This process applies the log (true), or follows another process's progress. */
  leader: boolean;
}

/**
 * What the API needs of the projections, whether they run in this process (Projector) or
 * in another (ProjectionWatcher): how far they are, and a way to wait for a position.
 */
export abstract class ProjectionProgress {
  protected position = 0;
  protected failure: ProjectionStatus['failed'] = null;
  protected retrying: string | null = null;
  protected leader = false;
  private waiters = new Set<{ position: number; resolve: (reached: boolean) => void }>();
  private listeners = new Set<(position: number, events: RecordedEvent[]) => void>();

  abstract start(): Promise<void>;
  abstract stop(): Promise<void>;

  get status(): ProjectionStatus {
    return { logPosition: this.position, failed: this.failure, retrying: this.retrying, leader: this.leader };
  }

  /** Called whenever the position advances (with the events applied here, if any). */
  onProgress(listener: (position: number, events: RecordedEvent[]) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
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

  protected advance(position: number, events: RecordedEvent[] = []): void {
    if (position <= this.position && events.length === 0) return;
    this.position = Math.max(this.position, position);
    for (const listener of this.listeners) listener(this.position, events);
    for (const waiter of this.waiters) if (this.position >= waiter.position) waiter.resolve(true);
  }

  /** Takes position and failure from the stored checkpoint (a follower of another process). */
  protected async follow(db: pg.Pool, name: string): Promise<void> {
    const { rows } = await db.query<{ log_position: string; failed_at_position: string | null; error: string | null }>(
      'SELECT log_position, failed_at_position, error FROM projection_checkpoints WHERE name = $1',
      [name],
    );
    const row = rows[0];
    this.failure = row?.failed_at_position ? { logPosition: Number(row.failed_at_position), error: row.error ?? '' } : null;
    this.retrying = null;
    this.advance(Number(row?.log_position ?? 0));
  }

  protected releaseWaiters(): void {
    for (const waiter of this.waiters) waiter.resolve(this.position >= waiter.position);
  }
}

/** The channel a projector notifies after each committed batch (payload: its checkpoint). */
export const PROJECTION_CHANNEL = 'stance_ledger_projection';
