import pg from 'pg';
import { LEDGER_PROJECTION } from '../read-model-tables.js';
import { PROJECTION_CHANNEL, ProjectionProgress } from './projection-progress.js';

const POLL_MS = 250;

/**
 * Follows projections that run in another process (apps/projector): LISTEN for each
 * committed batch, with polling as the fallback, since notifications are lost across
 * reconnects. Read-your-writes across processes waits on this.
 */
export class ProjectionWatcher extends ProjectionProgress {
  private listener: pg.Client | null = null;
  private timer: NodeJS.Timeout | null = null;
  private stopped = false;

  constructor(
    private readonly url: string,
    private readonly pool: pg.Pool,
    private readonly name: string = LEDGER_PROJECTION,
  ) {
    super();
  }

  async start(): Promise<void> {
    this.stopped = false;
    await this.poll();
    await this.listen();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    await this.listener?.end().catch(() => undefined);
    this.listener = null;
    this.releaseWaiters();
  }

  private async listen(): Promise<void> {
    if (this.stopped || this.listener) return;
    const client = new pg.Client({ connectionString: this.url, connectionTimeoutMillis: 2000 });
    client.on('error', () => {
      if (this.listener === client) this.listener = null;
      void client.end().catch(() => undefined);
    });
    client.on('notification', (message) => {
      if (message.channel === PROJECTION_CHANNEL) this.advance(Number(message.payload));
    });
    try {
      await client.connect();
      await client.query(`LISTEN ${PROJECTION_CHANNEL}`);
      this.listener = client;
    } catch {
      await client.end().catch(() => undefined);
    }
  }

  private async poll(): Promise<void> {
    try {
      await this.follow(this.pool, this.name);
      if (!this.listener) await this.listen();
    } catch (error) {
      this.retrying = error instanceof Error ? error.message : String(error);
    }
    if (!this.stopped) {
      this.timer = setTimeout(() => void this.poll(), POLL_MS);
      this.timer.unref();
    }
  }
}
