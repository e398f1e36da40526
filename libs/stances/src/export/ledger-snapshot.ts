import type pg from 'pg';
import { readCheckpoint } from '../projection/projector.js';

/**
 * The read models as one moment of the ledger: a REPEATABLE READ transaction on one
 * connection, whose every query sees the tables as they stood at its first — the
 * projection checkpoint, committed with them, says which log position that is.
 */
export interface LedgerSnapshot {
  /** The snapshot's connection, for the read-model queries (they only call `query`). */
  db: pg.Pool;
  /** The logPosition the read models had applied: the export is the ledger as of it. */
  logPosition: number;
  /** Ends the transaction and gives the connection back. */
  close(): Promise<void>;
}

export async function openLedgerSnapshot(pool: pg.Pool): Promise<LedgerSnapshot> {
  const client = await pool.connect();
  let closed = false;
  const close = async (failure?: unknown) => {
    if (closed) return;
    closed = true;
    try {
      if (failure === undefined) await client.query('ROLLBACK');
      client.release();
    } catch (error) {
      // A connection that could not end its transaction is not given back to the pool.
      client.release(error instanceof Error ? error : true);
    }
  };
  try {
    await client.query('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
    const logPosition = await readCheckpoint(client);
    // The queries take a pool; a client answers `query` the same way, inside this transaction.
    return { db: client as unknown as pg.Pool, logPosition, close: () => close() };
  } catch (error) {
    await close(error);
    throw error;
  }
}
