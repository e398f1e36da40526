import type pg from 'pg';
import {
  GENESIS_HASH,
  type EventStore,
  type Head,
  type IdempotencyRecord,
  type ReadAllOptions,
  type ReadStreamOptions,
  type RecordedEvent,
  type StoredResult,
} from '../event-store.port.js';
import { EVENT_COLUMNS, toRecordedEvent, type EventRow } from './event-rows.js';
import { unavailableOr } from './pg-errors.js';

/** The read half of the event store: what can be asked of the stored log without writing. */
export type EventLogReads = Pick<EventStore, 'findIdempotencyRecord' | 'claimHolder' | 'readStream' | 'readAll' | 'head'>;

/**
 * Reads the `events` table (the log of the PostgreSQL store, the chained log of the
 * KurrentDB one) on whichever pool it is given. The stores read with one on their own pool;
 * the API serves its public reads (`/v1/events`, a statement's history) with one on the
 * readers' pool, so that no amount of public reading can take the connections the write
 * path and the projector's subscription draw on (the bulkheads of docs/reliability.md).
 * A database that cannot serve a read answers EventStoreUnavailableError, busy or down.
 */
export class EventLogReader implements EventLogReads {
  constructor(private readonly pool: pg.Pool) {}

  async findIdempotencyRecord(scope: string, key: string): Promise<IdempotencyRecord | null> {
    const rows = await this.query<{ request_hash: string; response: StoredResult }>(
      'SELECT request_hash, response FROM idempotency_keys WHERE scope = $1 AND key = $2',
      [scope, key],
    );
    return rows[0] ? { requestHash: rows[0].request_hash, result: rows[0].response } : null;
  }

  async claimHolder(key: string): Promise<string | null> {
    const rows = await this.query<{ owner: string }>('SELECT owner FROM unique_claims WHERE key = $1', [key]);
    return rows[0]?.owner ?? null;
  }

  async readStream(streamId: string, options: ReadStreamOptions = {}): Promise<RecordedEvent[]> {
    const backwards = options.direction === 'backwards';
    const from = options.fromRevision ?? (backwards ? 2_147_483_647 : 0);
    const rows = await this.query<EventRow>(
      `SELECT ${EVENT_COLUMNS} FROM events WHERE stream_id = $1 AND revision ${backwards ? '<=' : '>='} $2
       ORDER BY revision ${backwards ? 'DESC' : 'ASC'} LIMIT $3`,
      [streamId, from, options.limit ?? null],
    );
    return rows.map(toRecordedEvent);
  }

  async readAll({ after, limit }: ReadAllOptions): Promise<RecordedEvent[]> {
    const rows = await this.query<EventRow>(`SELECT ${EVENT_COLUMNS} FROM events WHERE log_position > $1 ORDER BY log_position LIMIT $2`, [after, limit]);
    return rows.map(toRecordedEvent);
  }

  async head(): Promise<Head> {
    const rows = await this.query<{ log_position: string; hash: string; recorded_at: string }>(
      `SELECT log_position, hash, metadata->>'recordedAt' AS recorded_at FROM events ORDER BY log_position DESC LIMIT 1`,
    );
    const row = rows[0];
    return row
      ? { logPosition: Number(row.log_position), hash: row.hash, recordedAt: row.recorded_at }
      : { logPosition: 0, hash: GENESIS_HASH, recordedAt: null };
  }

  async query<Row extends pg.QueryResultRow>(text: string, values?: unknown[]): Promise<Row[]> {
    try {
      return (await this.pool.query<Row>(text, values)).rows;
    } catch (error) {
      throw unavailableOr(error);
    }
  }
}
