import type { EventStore, RecordedEvent } from '@app/event-store';
import type pg from 'pg';
import { generationTables, LEDGER_PROJECTION, type ReadModelTables } from '../read-model-tables.js';
import { recomputeStances, StanceKeys } from './read-models/current-stances.read-model.js';
import { applyLedgerEvents, prepareLedgerBatch, writeLedgerBatch, type BatchState } from './batch-applier.js';
import { PROJECTOR_LOCK_KEY } from './projector.js';
import { inTransaction, withPooledClient } from './pooled-client.js';
import { createShadowTables, dropTables, swapIn, type ShadowTables } from './shadow-tables.js';

export interface RebuildProgress {
  /**
   * Replaying the log into the shadow tables (after each batch), then recomputing the
   * stances it touched (after each chunk of keys), then `done` once, after the swap, with
   * `logPosition` = `head` = the position the new tables hold.
   */
  stage: 'replay' | 'stances' | 'done';
  logPosition: number;
  head: number;
  /** Stance keys recomputed so far, of `keys` (stage `stances`). */
  keysDone?: number;
  keys?: number;
}

export interface RebuildResult {
  eventsApplied: number;
  logPosition: number;
  generation: number;
}

/** Events per replay transaction: fewer, larger statements; ~10–20 MB of events in memory. */
const BATCH = 5000;

export interface RebuildOptions {
  /** Events per replay batch (default 5,000); tests make it small to cross many batch boundaries. */
  batchSize?: number;
}

/** Stance keys per recompute transaction at the end. */
const RECOMPUTE_KEYS = 2000;

/**
 * Replays the whole log through the same projection code as live updates
 * (`applyLedgerEvents`), into a fresh generation of tables, then swaps them in. Safe while
 * a server runs: the long replay holds no lock; only the final catch-up and the swap run
 * under the projector lock, in one transaction with the checkpoint, so the live projector
 * continues after it.
 *
 * What makes it fast without a second copy of the logic: the stance keys the replay
 * touches are collected and each recomputed once at the end (by the live projector's
 * recompute) rather than in every batch; the shadow tables get their secondary indexes
 * only once filled; a batch's new rows go by COPY (`insertRows`); each batch is prepared
 * (read and evolved, `prepareLedgerBatch`) while the previous one's writes commit; and the
 * replay transactions commit asynchronously — the shadow tables are thrown away on any
 * failure, and the swap's own synchronous commit flushes the WAL (theirs included) before
 * it answers.
 */
export async function rebuildReadModels(
  pool: pg.Pool,
  store: EventStore,
  onProgress: (progress: RebuildProgress) => void = () => undefined,
  { batchSize = BATCH }: RebuildOptions = {},
): Promise<RebuildResult> {
  const generation = Date.now();
  const shadow = await createShadowTables(pool, generationTables(generation));
  const touched = new StanceKeys();
  let position = 0;
  let applied = 0;
  // Two batches overlap: the next is read and evolved while this one's writes commit.
  // What this one changed is handed to the next as pending state (its rows may not be
  // committed yet); everything older is committed, so the next batch reads it as usual.
  let writing: Promise<void> = Promise.resolve();
  try {
    let pending: BatchState | undefined;
    for await (const events of pages(store, position, batchSize)) {
      const batch = await withPooledClient(pool, (client) => prepareLedgerBatch(client, shadow.tables, events, { deferStances: touched, pending }));
      await writing;
      // BEGIN and COMMIT ride in the batch's own round trips.
      writing = withPooledClient(pool, (client) =>
        writeLedgerBatch(client, batch, {
          prelude: ['BEGIN', 'SET LOCAL synchronous_commit = off'],
          epilogue: () => ['COMMIT'],
        }),
      );
      writing.catch(() => undefined); // awaited on the next turn or after the loop
      pending = batch.state;
      position = events[events.length - 1].logPosition;
      applied += events.length;
      // Reported once the batch is counted (while its rows commit), so even a log that fits
      // in one batch reports N of N, not 0 of N.
      onProgress({ stage: 'replay', logPosition: position, head: Math.max(position, (await store.head()).logPosition) });
    }
    await writing;
    await vacuum(pool, shadow);
    // The recompute reads the statements by their covering index: theirs first. The
    // versions' and publishers' indexes (most of the building: full-text and expression
    // indexes over every document) are built on another connection during the recompute,
    // which they do not serve — PostgreSQL builds while Node computes stances.
    await buildIndexes(pool, shadow, (table) => RECOMPUTE_TABLES.has(table));
    const others = buildIndexes(pool, shadow, (table) => !RECOMPUTE_TABLES.has(table));
    others.catch(() => undefined); // awaited below, also when the recompute fails
    try {
      await recomputeTouched(pool, shadow.tables, touched, (keysDone, keys) =>
        onProgress({ stage: 'stances', logPosition: position, head: position, keysDone, keys }),
      );
    } finally {
      await others.catch(() => undefined);
    }
    await others;
    await inTransaction(pool, async (client) => {
      await client.query('SELECT pg_advisory_xact_lock($1)', [PROJECTOR_LOCK_KEY]);
      // Events that arrived during the replay: applied like live updates, stances included.
      for (;;) {
        const events = await store.readAll({ after: position, limit: batchSize });
        if (events.length === 0) break;
        await applyLedgerEvents(client, shadow.tables, events);
        position = events[events.length - 1].logPosition;
        applied += events.length;
      }
      await swapIn(client, shadow);
      await client.query('UPDATE projection_checkpoints SET log_position = $2, updated_at = now(), failed_at_position = NULL, error = NULL WHERE name = $1', [
        LEDGER_PROJECTION,
        position,
      ]);
    });
    // The last word: every event up to the swapped-in position, the catch-up's included.
    onProgress({ stage: 'done', logPosition: position, head: position });
  } catch (error) {
    await writing.catch(() => undefined);
    await dropTables(pool, shadow.tables).catch(() => undefined);
    throw error;
  }
  return { eventsApplied: applied, logPosition: position, generation };
}

/** The log after `after`, page by page, the next page read while the caller applies this one. */
async function* pages(store: EventStore, after: number, limit: number): AsyncGenerator<RecordedEvent[]> {
  let next = store.readAll({ after, limit });
  for (;;) {
    const events = await next;
    if (events.length === 0) return;
    next = store.readAll({ after: events[events.length - 1].logPosition, limit });
    next.catch(() => undefined); // awaited on the next turn; an abandoned page must not crash the process
    yield events;
  }
}

/** The tables the stances' recompute reads (or writes, with its key's unique index). */
const RECOMPUTE_TABLES: ReadonlySet<keyof ReadModelTables> = new Set(['statements', 'actors', 'stances', 'topics']);

/**
 * VACUUM first, while the tables have only their constraints' indexes: the replay's updates
 * and deletes (closed versions, corrected statements, their replaced publishers) left dead
 * rows that a VACUUM after the builds would have to look up in every secondary index, GIN
 * ones included — and CREATE INDEX leaves what VACUUM sets alone (the visibility map,
 * without which the covering index cannot answer alone).
 */
async function vacuum(pool: pg.Pool, shadow: ShadowTables): Promise<void> {
  for (const table of Object.values(shadow.tables)) await pool.query(`VACUUM ${table}`);
}

/**
 * The secondary indexes of some tables, built once over the filled tables, then their
 * statistics (for the recompute's plan and the queries). ANALYZE comes after the builds:
 * it keeps statistics per expression index, so it needs them built.
 */
async function buildIndexes(pool: pg.Pool, shadow: ShadowTables, which: (table: keyof ReadModelTables) => boolean): Promise<void> {
  await inTransaction(
    pool,
    async (client) => {
      await client.query(`SET LOCAL maintenance_work_mem = '256MB'`);
      for (const index of shadow.deferredIndexes) if (which(index.table)) await client.query(index.sql);
    },
    { durable: false },
  );
  const names = Object.keys(shadow.tables) as (keyof ReadModelTables)[];
  await pool.query(
    `ANALYZE ${names
      .filter(which)
      .map((name) => shadow.tables[name])
      .join(', ')}`,
  );
}

/** Each touched stance key once, with the live projector's recompute, in key order. */
async function recomputeTouched(pool: pg.Pool, tables: ReadModelTables, touched: StanceKeys, onChunk: (keysDone: number, keys: number) => void): Promise<void> {
  const keys = touched.all.sort((a, b) => compareText(a.topic, b.topic) || compareText(a.holder, b.holder) || compareText(a.target ?? '', b.target ?? ''));
  for (let start = 0; start < keys.length; start += RECOMPUTE_KEYS) {
    const chunk = keys.slice(start, start + RECOMPUTE_KEYS);
    await inTransaction(pool, (client) => recomputeStances(client, tables, chunk), { durable: false });
    onChunk(start + chunk.length, keys.length);
  }
}

const compareText = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
