import { EventLogReader, eventStoreMigrations, KurrentDbEventStore, PostgresEventStore, type EventStore } from '@app/event-store';
import { loadCameoCodebook, loadConfig, runMigrations, startEmbeddedPostgres, type AppConfig, type EmbeddedDatabase } from '@app/platform';
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

/** How long /health waits to connect before it calls the database down. */
const HEALTH_CONNECT_TIMEOUT_MS = 2000;

/** The process's connection pools, one per kind of work (the bulkheads of docs/reliability.md). */
interface Pools {
  /** Query endpoints: statements, stances, topics, audit changes, events. */
  readers: pg.Pool;
  /** The projector (or, with PROJECTOR=external, the watcher of its progress); nothing else. */
  projector: pg.Pool;
  /** /health's one connection: it can tell a busy server from a database that does not answer. */
  health: pg.Pool;
}

function createPools(config: AppConfig, databaseUrl: string): Pools {
  const pool = (name: string, max: number, connectionTimeoutMillis: number) => {
    // `min: max`: a connection once opened is kept (the budget counts it anyway), so that a
    // burst finds them open rather than opening them while the process is at its busiest,
    // when a connect can overrun its timeout and look like a database that does not answer.
    const created = new pg.Pool({
      connectionString: databaseUrl,
      max,
      min: max,
      connectionTimeoutMillis,
      keepAlive: true,
      application_name: `stance-ledger-${name}`,
    });
    created.on('error', () => undefined); // an idle client lost with the server; the next query reconnects
    return created;
  };
  return {
    readers: pool('readers', config.DB_READ_POOL_SIZE, config.DB_POOL_WAIT_MS),
    projector: pool('projector', config.DB_PROJECTOR_POOL_SIZE, config.DB_POOL_WAIT_MS),
    health: pool('health', 1, HEALTH_CONNECT_TIMEOUT_MS),
  };
}

/** Opens `count` connections of `pool` now, and keeps them (see createPools). */
async function warm(pool: pg.Pool, count: number): Promise<void> {
  const clients = await Promise.all(Array.from({ length: count }, () => pool.connect()));
  for (const client of clients) client.release();
}

/**
 * Everything a Stance Ledger process holds: the database (embedded unless DATABASE_URL),
 * the migrated schema, the event store and the projector. The HTTP app and the CLI both
 * start one.
 *
 * Each kind of work draws on connections of its own, so that none can starve another: the
 * readers (`pool`, also behind `events`), the projector (`projectorPool`), /health
 * (`healthPool`), and inside the event store the writer's connection and the pool of the
 * write path's reads and subscriptions (DB_WRITE_POOL_SIZE).
 */
export class LedgerRuntime {
  private constructor(
    readonly config: AppConfig,
    readonly databaseUrl: string,
    /** The readers' pool: every query endpoint draws on it, and nothing the writer or the projector needs. */
    readonly pool: pg.Pool,
    readonly projectorPool: pg.Pool,
    readonly healthPool: pg.Pool,
    readonly store: EventStore,
    /** The log as the public reads (`/v1/events`, a statement's history) see it, on the readers' pool. */
    readonly events: EventLogReader,
    readonly projections: ProjectionProgress,
    private readonly embedded: EmbeddedDatabase | null,
    readonly startHead: number,
  ) {}

  static async start(options: RuntimeOptions = {}): Promise<LedgerRuntime> {
    const config = options.config ?? loadConfig();
    // The domain's shipped data (the CAMEO codebook), read before anything can validate a statement.
    loadCameoCodebook();
    const log = options.log ?? ((message: string) => process.stderr.write(message + '\n'));
    const embedded = config.DATABASE_URL ? null : await startEmbeddedPostgres(config.DATA_DIR, log);
    const databaseUrl = config.DATABASE_URL ?? embedded!.url;
    await runMigrations(databaseUrl, [...eventStoreMigrations, ...readModelMigrations]);
    const mode = options.projections ?? config.PROJECTOR;
    const pools = createPools(config, databaseUrl);
    // A serving process opens its readers' connections now; a CLI command (no projections) as it needs them.
    if (mode !== 'off') await Promise.all([warm(pools.readers, config.DB_READ_POOL_SIZE), warm(pools.health, 1)]);
    const storePool = { readPoolSize: config.DB_WRITE_POOL_SIZE, connectTimeoutMs: config.DB_POOL_WAIT_MS };
    // The log lives in PostgreSQL, or in KurrentDB with a chainer assigning positions and
    // the hash chain in PostgreSQL (docs/kurrentdb.md); either way reads see one chained log.
    const store: EventStore =
      config.EVENT_STORE === 'kurrentdb'
        ? await KurrentDbEventStore.create({
            connectionString: config.KURRENTDB_URL!,
            postgresUrl: databaseUrl,
            onChainerReport: (report) => log(`chainer: ${JSON.stringify(report)}`),
            ...storePool,
          })
        : await PostgresEventStore.create({ url: databaseUrl, ...storePool });
    const projections = mode === 'embedded' ? new Projector(store, pools.projector) : new ProjectionWatcher(databaseUrl, pools.projector);
    const startHead = (await store.head()).logPosition;
    if (mode !== 'off') await projections.start();
    const events = new EventLogReader(pools.readers);
    return new LedgerRuntime(config, databaseUrl, pools.readers, pools.projector, pools.health, store, events, projections, embedded, startHead);
  }

  async stop(): Promise<void> {
    await this.projections.stop();
    await this.store.close();
    await Promise.all([this.pool.end(), this.projectorPool.end(), this.healthPool.end()]);
    await this.embedded?.stop();
  }
}
