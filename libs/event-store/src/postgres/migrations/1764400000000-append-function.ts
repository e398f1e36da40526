import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * How the writer stores a batch's decision (PgBatchStorage): the events and idempotency
 * keys, and the notification. Called alone it is the one-round-trip append: a batch decided
 * on the head the writer last committed, written in its own transaction under the writer
 * lock. It checks nothing but that head (position 0: none); the constraints of `events`
 * and `idempotency_keys` catch everything else another writer may have done meanwhile (a
 * position, a stream revision, an event id or a key already taken), and any refusal rolls
 * the whole call back so that the writer can decide again on state it reads. The
 * two-step path calls it inside the transaction that read the state (the lock is
 * re-entrant there).
 *
 * VOLATILE (the default): each statement inside takes a fresh snapshot, so the head check
 * that follows the lock sees every batch committed before the lock was granted.
 */
export class AppendFunction1764400000000 implements MigrationInterface {
  name = 'AppendFunction1764400000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE FUNCTION event_store_append(p_lock_key bigint, p_prev_position bigint, p_prev_hash text, p_events jsonb, p_keys jsonb, p_channel text)
      RETURNS void LANGUAGE plpgsql AS $$
      DECLARE
        last_position bigint;
      BEGIN
        PERFORM pg_advisory_xact_lock(p_lock_key);
        IF p_prev_position > 0 AND NOT EXISTS (SELECT 1 FROM events e WHERE e.log_position = p_prev_position AND e.hash = p_prev_hash) THEN
          RAISE EXCEPTION 'the log head is no longer position % with the hash the writer holds', p_prev_position
            USING ERRCODE = 'serialization_failure';
        END IF;
        INSERT INTO events (log_position, stream_id, revision, event_id, type, data, data_hash, metadata, prev_hash, hash)
        SELECT r.log_position, r.stream_id, r.revision, r.event_id, r.type, r.data, r.data_hash, r.metadata, r.prev_hash, r.hash
          FROM jsonb_to_recordset(p_events) AS r(log_position bigint, stream_id text, revision int, event_id uuid, type text,
                                               data jsonb, data_hash text, metadata jsonb, prev_hash text, hash text);
        IF jsonb_array_length(p_keys) > 0 THEN
          INSERT INTO idempotency_keys (scope, key, request_hash, response, log_position, created_at)
          SELECT k.scope, k.key, k.request_hash, k.response, k.log_position, k.created_at
            FROM jsonb_to_recordset(p_keys) AS k(scope text, key text, request_hash text, response jsonb, log_position bigint,
                                               created_at timestamptz);
        END IF;
        -- Sent at COMMIT, and only if it commits: other processes' subscriptions wake.
        last_position := (p_events -> -1 ->> 'log_position')::bigint;
        IF last_position IS NOT NULL THEN
          PERFORM pg_notify(p_channel, last_position::text);
        END IF;
      END
      $$;
    `);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP FUNCTION event_store_append(bigint, bigint, text, jsonb, jsonb, text)`);
  }
}
