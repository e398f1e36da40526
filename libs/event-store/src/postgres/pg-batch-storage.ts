import pg from 'pg';
import { setTimeout as delay } from 'node:timers/promises';
import { EventStoreUnavailableError } from '../event-store.errors.js';
import { GENESIS_HASH, type StoredResult } from '../event-store.port.js';
import { CommitOutcomeUnknownError, RetryableBatchError, type BatchStorage } from './append-batch-writer.js';
import { keyOf, type BatchDecision, type BatchState, type IdempotencyKeyRow } from './batch-decision.js';
import { EVENTS_CHANNEL } from './commit-watcher.js';
import { toEventRow } from './event-rows.js';
import { isRaceError, isStatementError } from './pg-errors.js';
import type { PreparedUnit } from './prepared-unit.js';

/** Fixed: every process writing this database serialises its batches on it. */
export const WRITER_LOCK_KEY = 7_305_113_203;

const UTC_MS = `'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'`;

/**
 * Everything a batch's decisions depend on, in one statement (one snapshot). It runs after
 * the lock is taken, as its own statement: under READ COMMITTED a statement's snapshot is
 * taken when it starts, so it sees every batch committed before ours.
 */
function batchStateQuery(input: string): string {
  return `
    WITH input AS (SELECT ${input}::jsonb AS j)
    SELECT
      (SELECT json_build_object('logPosition', log_position, 'hash', hash, 'recordedAt', metadata->>'recordedAt')
         FROM events ORDER BY log_position DESC LIMIT 1) AS head,
      to_char(clock_timestamp() AT TIME ZONE 'UTC', ${UTC_MS}) AS now,
      (SELECT coalesce(json_agg(json_build_object('streamId', s.stream_id, 'revision', e.revision, 'logPosition', e.log_position)), '[]')
         FROM jsonb_array_elements_text(input.j->'streams') AS s(stream_id)
         CROSS JOIN LATERAL (SELECT revision, log_position FROM events
                             WHERE stream_id = s.stream_id ORDER BY revision DESC LIMIT 1) AS e) AS streams,
      (SELECT coalesce(json_agg(json_build_object('eventId', event_id, 'streamId', stream_id, 'revision', revision,
                                                  'logPosition', log_position, 'recordedAt', metadata->>'recordedAt')), '[]')
         FROM events
         WHERE event_id IN (SELECT id::uuid FROM jsonb_array_elements_text(input.j->'eventIds') AS ids(id))) AS events,
      (SELECT coalesce(json_agg(json_build_object('scope', k.scope, 'key', k.key, 'requestHash', k.request_hash,
                                                  'response', k.response, 'logPosition', k.log_position,
                                                  'recordedAt', to_char(k.created_at AT TIME ZONE 'UTC', ${UTC_MS}))), '[]')
         FROM idempotency_keys AS k
         JOIN jsonb_to_recordset(input.j->'keys') AS q(scope text, key text) ON q.scope = k.scope AND q.key = k.key) AS keys,
      (SELECT coalesce(json_agg(json_build_object('key', c.key, 'owner', c.owner)), '[]')
         FROM unique_claims AS c WHERE c.key IN (SELECT jsonb_array_elements_text(input.j->'claims'))) AS claims
    FROM input`;
}

interface BatchStateRow {
  head: { logPosition: number; hash: string; recordedAt: string } | null;
  now: string;
  streams: { streamId: string; revision: number; logPosition: number }[];
  events: { eventId: string; streamId: string; revision: number; logPosition: number; recordedAt: string }[];
  keys: { scope: string; key: string; requestHash: string; response: StoredResult; logPosition: number | null; recordedAt: string }[];
  claims: { key: string; owner: string }[];
}

export interface PgBatchStorageOptions {
  url: string;
  connectTimeoutMs: number;
  /** How long to keep trying to connect before answering EventStoreUnavailableError. */
  unavailableAfterMs: number;
}

/**
 * The writer's dedicated connection and its SQL. Rows are stored by the `event_store_append`
 * function (see its migration), which takes them as JSON. A batch decided on the writer's
 * cached head is one round trip: that function alone, as a prepared statement. Any other
 * batch takes two, both simple queries holding several statements (so its data travels as
 * escaped literals): (1) BEGIN, the advisory lock and the batch state; (2) the function
 * and COMMIT.
 */
export class PgBatchStorage implements BatchStorage {
  private client: pg.Client | null = null;

  constructor(private readonly options: PgBatchStorageOptions) {}

  async begin(units: PreparedUnit[]): Promise<BatchState> {
    const input = {
      streams: [...new Set(units.flatMap((unit) => unit.items.map((item) => item.streamId)))],
      eventIds: [...new Set(units.flatMap((unit) => unit.items.flatMap((item) => item.events.map((event) => event.eventId))))],
      keys: units.flatMap((unit) => (unit.idempotency ? [{ scope: unit.idempotency.scope, key: unit.idempotency.key }] : [])),
      claims: [...new Set(units.flatMap((unit) => [...(unit.claims?.release ?? []), ...(unit.claims?.take ?? []).map(({ key }) => key)]))],
    };
    const client = await this.connection();
    const text = `BEGIN; SELECT pg_advisory_xact_lock(${WRITER_LOCK_KEY}); ${batchStateQuery(literal(input))}`;
    try {
      return toBatchState(lastRow(await multiStatementResults(client, text)));
    } catch (error) {
      if (isStatementError(error) && !isRaceError(error)) throw error;
      if (!isStatementError(error)) this.drop();
      // Nothing was committed: the transaction died with the connection or lost a race.
      throw new RetryableBatchError(messageOf(error), { cause: error });
    }
  }

  async commit(decision: BatchDecision): Promise<void> {
    const client = this.client;
    if (!client) throw new RetryableBatchError('the connection was lost before COMMIT');
    const write = decision.events.length > 0 || decision.keys.length > 0;
    // A simple query takes no parameters: the arguments go as literals.
    const call = `SELECT event_store_append(${appendArguments(decision).map(sqlLiteral).join(', ')})`;
    try {
      await client.query(write ? `${call}; COMMIT` : 'ROLLBACK');
    } catch (error) {
      // A statement error skips the rest of the query, COMMIT included: nothing is stored.
      throw this.commitFailure(error, client);
    }
  }

  async appendOnHead(decision: BatchDecision): Promise<void> {
    const client = await this.connection();
    try {
      // Named: parsed once per connection, and the function's own plans are cached with it.
      await client.query({ name: 'event_store_append', text: APPEND_CALL, values: appendArguments(decision) });
    } catch (error) {
      // One statement in its own transaction: refused, it stored nothing.
      throw this.commitFailure(error, client);
    }
  }

  /** What a failed committing query on `client` means for the writer. */
  private commitFailure(error: unknown, client: pg.Client): unknown {
    if (isRaceError(error)) return new RetryableBatchError(messageOf(error), { cause: error });
    if (isStatementError(error)) return error;
    // Only that connection: a batch queued behind fails with it after a new one may be open.
    this.drop(client);
    return new CommitOutcomeUnknownError(messageOf(error), { cause: error });
  }

  async rollback(): Promise<void> {
    const client = this.client;
    if (!client) return;
    try {
      await client.query('ROLLBACK');
    } catch {
      this.drop();
    }
  }

  /**
   * Looks for the batch's last event with its exact hash (or its first key with its time):
   * only this batch's commit could have put it there. Should the lost session commit after
   * this answered "no", the rerun finds the event ids stored and answers without writing.
   */
  async landed(decision: BatchDecision): Promise<boolean> {
    const client = await this.connection();
    try {
      const last = decision.events.at(-1);
      if (last) {
        const found = await client.query('SELECT 1 FROM events WHERE log_position = $1 AND hash = $2', [last.logPosition, last.hash]);
        return found.rowCount === 1;
      }
      const key = decision.keys[0];
      if (key) {
        const found = await client.query('SELECT 1 FROM idempotency_keys WHERE scope = $1 AND key = $2 AND request_hash = $3 AND created_at = $4', [
          key.scope,
          key.key,
          key.requestHash,
          key.recordedAt,
        ]);
        return found.rowCount === 1;
      }
      return true;
    } catch (error) {
      if (!isStatementError(error)) this.drop();
      throw error;
    }
  }

  async close(): Promise<void> {
    const client = this.client;
    this.client = null;
    await client?.end().catch(() => undefined);
  }

  private async connection(): Promise<pg.Client> {
    if (this.client) return this.client;
    const deadline = Date.now() + this.options.unavailableAfterMs;
    for (let attempt = 1; ; attempt++) {
      const client = new pg.Client({
        connectionString: this.options.url,
        connectionTimeoutMillis: this.options.connectTimeoutMs,
        keepAlive: true,
        application_name: 'stance-ledger-writer',
        // A writer that stalls inside a batch must not hold every process's lock for long.
        idle_in_transaction_session_timeout: 30_000,
      });
      client.on('error', () => this.drop(client));
      try {
        await client.connect();
        this.client = client;
        return client;
      } catch (error) {
        void client.end().catch(() => undefined);
        const wait = Math.min(100 * 2 ** attempt, 1000);
        if (Date.now() + wait >= deadline) {
          throw new EventStoreUnavailableError(`cannot reach PostgreSQL: ${messageOf(error)}`, { cause: error });
        }
        await delay(wait);
      }
    }
  }

  /** Forgets a broken connection; the next batch opens a new one. */
  private drop(client: pg.Client | null = this.client): void {
    if (!client) return;
    if (this.client === client) this.client = null;
    void client.end().catch(() => undefined);
  }
}

function literal(value: unknown): string {
  return pg.escapeLiteral(JSON.stringify(value));
}

const APPEND_CALL = 'SELECT event_store_append($1, $2, $3, $4, $5, $6, $7, $8)';

/** event_store_append's arguments: the head the decision continues (none when it writes no event), then the rows as JSON. */
function appendArguments(decision: BatchDecision): (string | number)[] {
  const first = decision.events[0];
  return [
    WRITER_LOCK_KEY,
    first ? first.logPosition - 1 : 0,
    first ? first.prevHash : GENESIS_HASH,
    JSON.stringify(decision.events.map(toEventRow)),
    JSON.stringify(decision.keys.map(toKeyRow)),
    EVENTS_CHANNEL,
    JSON.stringify(decision.claims.release),
    JSON.stringify(decision.claims.take),
  ];
}

function sqlLiteral(value: string | number): string {
  return typeof value === 'number' ? String(value) : pg.escapeLiteral(value);
}

function toKeyRow(key: IdempotencyKeyRow) {
  return {
    scope: key.scope,
    key: key.key,
    request_hash: key.requestHash,
    response: key.response,
    log_position: key.logPosition,
    created_at: key.recordedAt,
  };
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

function toBatchState(row: BatchStateRow): BatchState {
  return {
    head: row.head ?? { logPosition: 0, hash: GENESIS_HASH, recordedAt: null },
    now: row.now,
    streams: new Map(row.streams.map(({ streamId, revision, logPosition }) => [streamId, { revision, logPosition }])),
    eventsById: new Map(row.events.map(({ eventId, ...place }) => [eventId, place])),
    keys: new Map(row.keys.map(({ scope, key, ...stored }) => [keyOf(scope, key), stored])),
    claims: new Map(row.claims.map(({ key, owner }) => [key, owner])),
  };
}

/**
 * Several statements in one text answer one result each, as an array: pg's types know only
 * the single form, so the shape is checked here rather than cast.
 */
async function multiStatementResults(client: pg.ClientBase, text: string): Promise<pg.QueryResult[]> {
  const answer: unknown = await client.query(text);
  if (!Array.isArray(answer)) throw new Error('expected one result per statement of a multi-statement query');
  return answer;
}

/** The first row of the last statement's result: the batch state the script ends with. */
function lastRow(results: pg.QueryResult[]): BatchStateRow {
  return results[results.length - 1].rows[0];
}
