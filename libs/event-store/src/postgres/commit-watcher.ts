import pg from 'pg';

/** The writer NOTIFYs the new head on this channel inside each batch transaction. */
export const EVENTS_CHANNEL = 'stance_ledger_events';

export interface CommitWatcherOptions {
  url: string;
  connectTimeoutMs: number;
  /** How often to read the head in case a notification was lost. */
  pollIntervalMs: number;
  readHead(): Promise<number>;
}

/**
 * Knows the highest committed logPosition as soon as possible: this process's writer tells
 * it directly, other processes through LISTEN/NOTIFY, and a poll of the head covers the
 * notifications lost while the listening connection was down. Started by the first
 * listener or waiter; from then on it polls and listens until closed.
 */
export class CommitWatcher {
  private highest = 0;
  private readonly listeners = new Set<(logPosition: number) => void>();
  private readonly waiters = new Set<() => void>();
  private listener: pg.Client | null = null;
  private connecting: Promise<void> | null = null;
  private pollTimer: NodeJS.Timeout | null = null;
  private polling = false;
  private closed = false;

  constructor(private readonly options: CommitWatcherOptions) {}

  /** A commit was seen (by our writer, a notification or a poll); tells whoever waits. */
  committed(logPosition: number): void {
    if (logPosition <= this.highest) return;
    this.highest = logPosition;
    for (const listener of this.listeners) {
      try {
        listener(logPosition);
      } catch {
        // One listener's bug must not stop the others or the writer that called us.
      }
    }
    const waiters = [...this.waiters];
    this.waiters.clear();
    for (const wake of waiters) wake();
  }

  onCommitted(listener: (logPosition: number) => void): () => void {
    this.listeners.add(listener);
    this.start();
    return () => this.listeners.delete(listener);
  }

  /** Resolves once a commit beyond `logPosition` is known, or when `signal` aborts or the watcher closes. */
  waitBeyond(logPosition: number, signal: AbortSignal): Promise<void> {
    if (this.highest > logPosition || signal.aborted || this.closed) return Promise.resolve();
    this.start();
    return new Promise((resolve) => {
      const wake = () => {
        this.waiters.delete(wake);
        signal.removeEventListener('abort', wake);
        resolve();
      };
      this.waiters.add(wake);
      signal.addEventListener('abort', wake, { once: true });
    });
  }

  async close(): Promise<void> {
    this.closed = true;
    if (this.pollTimer) clearInterval(this.pollTimer);
    for (const wake of [...this.waiters]) wake();
    await this.connecting;
    await this.listener?.end().catch(() => undefined);
    this.listener = null;
  }

  private start(): void {
    if (this.pollTimer || this.closed) return;
    this.pollTimer = setInterval(() => this.poll(), this.options.pollIntervalMs);
    this.pollTimer.unref();
    this.listen();
  }

  private poll(): void {
    this.listen();
    if (this.polling) return;
    this.polling = true;
    this.options
      .readHead()
      .then((head) => this.committed(head))
      .catch(() => undefined) // the database is away; the next tick asks again
      .finally(() => (this.polling = false));
  }

  private listen(): void {
    if (this.listener || this.connecting || this.closed) return;
    this.connecting = this.connectListener().finally(() => (this.connecting = null));
  }

  private async connectListener(): Promise<void> {
    const client = new pg.Client({
      connectionString: this.options.url,
      connectionTimeoutMillis: this.options.connectTimeoutMs,
      keepAlive: true,
      application_name: 'stance-ledger-listener',
    });
    const lost = () => {
      if (this.listener === client) this.listener = null;
      void client.end().catch(() => undefined);
    };
    client.on('error', lost);
    client.on('end', lost);
    client.on('notification', (message) => {
      const logPosition = Number(message.payload);
      if (Number.isSafeInteger(logPosition)) this.committed(logPosition);
    });
    try {
      await client.connect();
      await client.query(`LISTEN ${EVENTS_CHANNEL}`);
    } catch {
      lost(); // polling covers until the next tick tries again
      return;
    }
    if (this.closed) await client.end().catch(() => undefined);
    else this.listener = client;
  }
}
