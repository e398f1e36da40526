import { eventStoreMigrations, PostgresEventStore, type EventStore } from '@app/event-store';
import { loadConfig, runMigrations, startEmbeddedPostgres, type AppConfig, type EmbeddedDatabase } from '@app/platform';
import { Projector, readModelMigrations } from '@app/stances';
import pg from 'pg';

export interface RuntimeOptions {
  config?: AppConfig;
  log?: (message: string) => void;
  /** Run the projector in this process (the default; `apps/projector` runs it apart). */
  projector?: boolean;
}

/**
 * Everything a Stance Ledger process holds: the database (embedded unless DATABASE_URL),
 * the migrated schema, the event store and the projector. The HTTP app and the CLI both
 * start one.
 */
export class LedgerRuntime {
  private constructor(
    readonly config: AppConfig,
    readonly databaseUrl: string,
    readonly pool: pg.Pool,
    readonly store: EventStore,
    readonly projector: Projector,
    private readonly embedded: EmbeddedDatabase | null,
    readonly startHead: number,
  ) {}

  static async start(options: RuntimeOptions = {}): Promise<LedgerRuntime> {
    const config = options.config ?? loadConfig();
    const log = options.log ?? ((message: string) => process.stderr.write(message + '\n'));
    const embedded = config.DATABASE_URL ? null : await startEmbeddedPostgres(config.DATA_DIR, log);
    const databaseUrl = config.DATABASE_URL ?? embedded!.url;
    await runMigrations(databaseUrl, [...eventStoreMigrations, ...readModelMigrations]);
    const pool = new pg.Pool({ connectionString: databaseUrl, max: 20, connectionTimeoutMillis: 3000 });
    pool.on('error', () => undefined); // an idle client lost with the server; the next query reconnects
    const store = await PostgresEventStore.create({ url: databaseUrl });
    const projector = new Projector(store, pool);
    const startHead = (await store.head()).logPosition;
    if (options.projector !== false) await projector.start();
    return new LedgerRuntime(config, databaseUrl, pool, store, projector, embedded, startHead);
  }

  async stop(): Promise<void> {
    await this.projector.stop();
    await this.store.close();
    await this.pool.end();
    await this.embedded?.stop();
  }
}
