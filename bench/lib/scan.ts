import { PostgresEventStore } from '@app/event-store';
import { withClient } from './database.js';
import { nowMs, round } from './stats.js';

export interface ScanResult {
  rows: number;
  seconds: number;
  rowsPerSec: number;
}

/**
 * The raw read ceiling: `SELECT * FROM events ORDER BY log_position` through a server-side
 * cursor, FETCH 2000 at a time (the rebuild's batch size), rows parsed by pg (jsonb → objects).
 */
export async function rawScan(url: string): Promise<ScanResult> {
  return withClient(url, async (client) => {
    const started = nowMs();
    let rows = 0;
    await client.query('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
    await client.query('DECLARE scan NO SCROLL CURSOR FOR SELECT * FROM events ORDER BY log_position');
    for (;;) {
      const result = await client.query('FETCH 2000 FROM scan');
      if (result.rows.length === 0) break;
      rows += result.rows.length;
    }
    await client.query('COMMIT');
    const seconds = (nowMs() - started) / 1000;
    return { rows, seconds: round(seconds, 2), rowsPerSec: round(rows / seconds, 0) };
  });
}

/** What the rebuild reads with: `store.readAll` pages of 2000 (keyset on log_position, rows mapped to RecordedEvent). */
export async function readAllScan(url: string): Promise<ScanResult> {
  const store = await PostgresEventStore.create({ url });
  try {
    const started = nowMs();
    let after = 0;
    let rows = 0;
    for (;;) {
      const events = await store.readAll({ after, limit: 2000 });
      if (events.length === 0) break;
      rows += events.length;
      after = events[events.length - 1].logPosition;
    }
    const seconds = (nowMs() - started) / 1000;
    return { rows, seconds: round(seconds, 2), rowsPerSec: round(rows / seconds, 0) };
  } finally {
    await store.close();
  }
}
