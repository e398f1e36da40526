import type { RecordedEvent } from '@app/event-store';

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

  protected releaseWaiters(): void {
    for (const waiter of this.waiters) waiter.resolve(this.position >= waiter.position);
  }
}

/** The channel a projector notifies after each committed batch (payload: its checkpoint). */
export const PROJECTION_CHANNEL = 'stance_ledger_projection';
