import { eventStoreMigrations, KurrentDbEventStore, PostgresEventStore, type EventStore } from '@app/event-store';
import { loadConfig, runMigrations, startEmbeddedPostgres, type AppConfig, type EmbeddedDatabase } from '@app/platform';
import { ProjectionWatcher, Projector, readModelMigrations, type ProjectionProgress } from '@app/stances';
import pg from 'pg';

export interface RuntimeOptions {
  config?: AppConfig;
  log?: (message: string) => void;
  /**
   * `embedded`: this process runs the projector (leader or hot standby); `external`: it
   * follows a projector in another process (apps/projector); `off`: neither (CLI reads).
   * Defaults to the PROJECTOR setting.
   */
  projections?: 'embedded' | 'external' | 'off';
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
    readonly projections: ProjectionProgress,
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
    // The log lives in PostgreSQL, or in KurrentDB with a chainer assigning positions and
    // the hash chain in PostgreSQL (docs/kurrentdb.md); either way reads see one chained log.
    const store: EventStore =
      config.EVENT_STORE === 'kurrentdb'
        ? await KurrentDbEventStore.create({
            connectionString: config.KURRENTDB_URL!,
            postgresUrl: databaseUrl,
            onChainerReport: (report) => log(`chainer: ${JSON.stringify(report)}`),
          })
        : await PostgresEventStore.create({ url: databaseUrl });
    const mode = options.projections ?? config.PROJECTOR;
    const projections = mode === 'embedded' ? new Projector(store, pool) : new ProjectionWatcher(databaseUrl, pool);
    const startHead = (await store.head()).logPosition;
    if (mode !== 'off') await projections.start();
    return new LedgerRuntime(config, databaseUrl, pool, store, projections, embedded, startHead);
  }

  async stop(): Promise<void> {
    await this.projections.stop();
    await this.store.close();
    await this.pool.end();
    await this.embedded?.stop();
  }
}
