import { PostgresEventStore, eventStoreMigrations, type JsonObject } from '@app/event-store';
import { runMigrations } from '@app/platform';
import { createHash, randomUUID } from 'node:crypto';
import pg from 'pg';
import { LedgerGenerator } from '@app/testing';
import { EmmettAppender } from '../peers/emmett.js';
import { closedLoop, combine, ratio, type MeasuredRun, type ThroughputResult } from './stats.js';

export const BASELINE_TABLE = 'bench_baseline_events';

export interface AppendComparison {
  concurrency: number;
  store: ThroughputResult;
  baseline: ThroughputResult;
  /** Emmett's PostgreSQL event store, the same event on a fresh stream (issue 18); absent when not measured. */
  emmett?: ThroughputResult;
}

/** One appender's next event: a new statement on its own stream. */
interface Pending {
  streamId: string;
  eventId: string;
  data: JsonObject;
  metadata: { recordedBy: string; correlationId: string; causationId: null; schemaVersion: number };
}

/**
 * The append comparison: `PostgresEventStore.append` (one unit of one event on a fresh
 * stream) against one plain parameterised single-row INSERT through `pg` per append, into
 * a twin of `events` (same columns, primary key, unique constraints and checks: LIKE …
 * INCLUDING ALL), one pooled client per appender, on the same database and server.
 */
export class AppendBench {
  private constructor(
    private readonly store: PostgresEventStore,
    private readonly pool: pg.Pool,
    generator: LedgerGenerator,
    private readonly emmett: EmmettAppender | null,
  ) {
    this.templates = Array.from({ length: 2000 }, () => generator.recordItem().item.events[0].data);
  }

  /** `emmettUrl`: a database of its own for Emmett's event store, the peer measured beside ours. */
  static async open(url: string, emmettUrl?: string): Promise<AppendBench> {
    await runMigrations(url, eventStoreMigrations);
    const pool = new pg.Pool({ connectionString: url, max: 130, application_name: 'bench-baseline' });
    pool.on('error', () => undefined); // an idle client lost with the server (the run is ending)
    await pool.query(`CREATE TABLE ${BASELINE_TABLE} (LIKE events INCLUDING ALL); CREATE SEQUENCE ${BASELINE_TABLE}_seq`);
    const store = await PostgresEventStore.create({ url });
    const generator = new LedgerGenerator(7, 1_000_000, 'bench-appender');
    const emmett = emmettUrl ? await EmmettAppender.open(emmettUrl) : null;
    return new AppendBench(store, pool, generator, emmett);
  }

  /** Statements made (parsed and decided by the domain) before any clock starts; each append gets fresh ids. */
  private readonly templates: object[];
  private used = 0;

  private next(): Pending {
    const statementId = randomUUID();
    return {
      streamId: `statement-${statementId}`,
      eventId: randomUUID(),
      data: { ...this.templates[this.used++ % this.templates.length], statementId },
      metadata: { recordedBy: 'bench-appender', correlationId: randomUUID(), causationId: null, schemaVersion: 1 },
    };
  }

  /** Events are generated before the clock starts; hashing and storing them is timed. */
  async store1(concurrency: number, seconds: number, warmupSeconds = 0.5): Promise<MeasuredRun> {
    const next = Array.from({ length: concurrency }, () => this.next());
    return closedLoop(
      concurrency,
      seconds,
      async (worker) => {
        const event = next[worker];
        await this.store.append({
          items: [
            {
              streamId: event.streamId,
              expected: 'no_stream',
              events: [{ eventId: event.eventId, type: 'StatementRecorded', data: event.data, metadata: event.metadata }],
            },
          ],
        });
        next[worker] = this.next();
      },
      { warmupSeconds },
    );
  }

  async baseline(concurrency: number, seconds: number): Promise<MeasuredRun> {
    const clients = await Promise.all(Array.from({ length: concurrency }, () => this.pool.connect()));
    const next = Array.from({ length: concurrency }, () => this.next());
    try {
      return await closedLoop(concurrency, seconds, async (worker) => {
        const event = next[worker];
        const data = JSON.stringify(event.data);
        const metadata = JSON.stringify({ ...event.metadata, recordedAt: new Date().toISOString() });
        const dataHash = sha256(data);
        const hash = sha256(dataHash + metadata);
        await clients[worker].query(
          `INSERT INTO ${BASELINE_TABLE} (log_position, stream_id, revision, event_id, type, data, data_hash, metadata, prev_hash, hash)
           VALUES (nextval('${BASELINE_TABLE}_seq'), $1, 0, $2, 'StatementRecorded', $3, $4, $5, $6, $7)`,
          [event.streamId, event.eventId, data, dataHash, metadata, dataHash, hash],
        );
        next[worker] = this.next();
      });
    } finally {
      for (const client of clients) client.release();
    }
  }

  /** Emmett's `appendToStream` of the same event (data and metadata) on a fresh stream, closed loop. */
  async emmettRun(concurrency: number, seconds: number): Promise<MeasuredRun> {
    const emmett = this.emmett;
    if (!emmett) throw new Error('AppendBench was opened without an Emmett database');
    const next = Array.from({ length: concurrency }, () => this.next());
    return closedLoop(concurrency, seconds, async (worker) => {
      const event = next[worker];
      await emmett.appendNew(event.streamId, { type: 'StatementRecorded', data: event.data, metadata: event.metadata });
      next[worker] = this.next();
    });
  }

  /** Baseline, store (and Emmett) alternate, two rounds each, so drift in the machine's load hits both. */
  async compare(concurrency: number, seconds: number, log: (message: string) => void): Promise<AppendComparison> {
    const store: MeasuredRun[] = [];
    const baseline: MeasuredRun[] = [];
    const emmett: MeasuredRun[] = [];
    for (let round = 0; round < 2; round++) {
      baseline.push(await this.baseline(concurrency, seconds));
      store.push(await this.store1(concurrency, seconds));
      if (this.emmett) emmett.push(await this.emmettRun(concurrency, seconds));
    }
    const result: AppendComparison = { concurrency, store: combine(store), baseline: combine(baseline) };
    if (emmett.length > 0) result.emmett = combine(emmett);
    const figures = (side: ThroughputResult) => `${side.opsPerSec}/s p50 ${side.latency.p50} ms p99 ${side.latency.p99} ms`;
    log(
      `  appenders ${String(concurrency).padStart(3)}: store ${figures(result.store)} | baseline ${figures(result.baseline)}` +
        (result.emmett ? ` | Emmett ${figures(result.emmett)}; store ÷ Emmett ${ratio(result.store.opsPerSec, result.emmett.opsPerSec)}×` : ''),
    );
    return result;
  }

  private closing: Promise<void> | null = null;

  close(): Promise<void> {
    this.closing ??= this.store
      .close()
      .then(() => this.pool.end())
      .then(() => this.emmett?.close());
    return this.closing;
  }
}

function sha256(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}
