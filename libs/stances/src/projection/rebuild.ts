import type { EventStore } from '@app/event-store';
import type pg from 'pg';
import { generationTables, LEDGER_PROJECTION, LIVE_TABLES, type ReadModelTables } from '../read-model-tables.js';
import { applyLedgerEvents } from './ledger.projection.js';
import { PROJECTOR_LOCK_KEY } from './projector.js';

export interface RebuildProgress {
  logPosition: number;
  head: number;
}

export interface RebuildResult {
  eventsApplied: number;
  logPosition: number;
  generation: number;
}

const BATCH = 2000;

/**
 * Replays the whole log through the same projection code as live updates, into a fresh
 * generation of tables, then swaps them in. Safe while a server runs: the long replay
 * holds no lock; only the final catch-up and the swap run under the projector lock, in
 * one transaction with the checkpoint, so the live projector continues after it.
 */
export async function rebuildReadModels(
  pool: pg.Pool,
  store: EventStore,
  onProgress: (progress: RebuildProgress) => void = () => undefined,
): Promise<RebuildResult> {
  const generation = Date.now();
  const shadow = generationTables(generation);
  await createShadowTables(pool, shadow);
  let position = 0;
  let applied = 0;
  try {
    for (;;) {
      const events = await store.readAll({ after: position, limit: BATCH });
      if (events.length === 0) break;
      await inTransaction(pool, (client) => applyLedgerEvents(client, shadow, events));
      position = events[events.length - 1].logPosition;
      applied += events.length;
      onProgress({ logPosition: position, head: (await store.head()).logPosition });
    }
    await inTransaction(pool, async (client) => {
      await client.query('SELECT pg_advisory_xact_lock($1)', [PROJECTOR_LOCK_KEY]);
      for (;;) {
        const events = await store.readAll({ after: position, limit: BATCH });
        if (events.length === 0) break;
        await applyLedgerEvents(client, shadow, events);
        position = events[events.length - 1].logPosition;
        applied += events.length;
      }
      await swapIn(client, shadow);
      await client.query('UPDATE projection_checkpoints SET log_position = $2, updated_at = now(), failed_at_position = NULL, error = NULL WHERE name = $1', [
        LEDGER_PROJECTION,
        position,
      ]);
    });
  } catch (error) {
    await dropTables(pool, shadow).catch(() => undefined);
    throw error;
  }
  return { eventsApplied: applied, logPosition: position, generation };
}

async function createShadowTables(pool: pg.Pool, shadow: ReadModelTables): Promise<void> {
  const statements = (Object.keys(LIVE_TABLES) as (keyof ReadModelTables)[]).map(
    (name) => `CREATE TABLE ${shadow[name]} (LIKE ${LIVE_TABLES[name]} INCLUDING ALL)`,
  );
  await pool.query(statements.join(';\n'));
}

async function swapIn(client: pg.PoolClient, shadow: ReadModelTables): Promise<void> {
  for (const name of Object.keys(LIVE_TABLES) as (keyof ReadModelTables)[]) {
    await client.query(`DROP TABLE ${LIVE_TABLES[name]}`);
    await client.query(`ALTER TABLE ${shadow[name]} RENAME TO ${LIVE_TABLES[name]}`);
  }
}

async function dropTables(pool: pg.Pool, tables: ReadModelTables): Promise<void> {
  await pool.query(Object.values(tables).map((table) => `DROP TABLE IF EXISTS ${table}`).join(';\n'));
}

async function inTransaction<T>(pool: pg.Pool, work: (client: pg.PoolClient) => Promise<T>): Promise<T> {
  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    const result = await work(client);
    await client.query('COMMIT');
    return result;
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw error;
  } finally {
    client.release();
  }
}

