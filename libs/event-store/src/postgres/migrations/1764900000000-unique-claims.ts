import type { MigrationInterface, QueryRunner } from 'typeorm';
import { AppendFunction1764400000000 } from './1764400000000-append-function.js';

/**
 * Unique claims (`AppendUnit.claims`): keys a caller's uniqueness rule gives to one owner at
 * a time, taken and released by `event_store_append` in the transaction that stores the
 * events, so a rule checked this way is atomic with the append (two racing units: one is
 * refused by the primary key, and the writer decides it again on state it reads). Releases
 * go first, so a unit may release a key and take it again. A release deletes the key only
 * from the owner the writer saw holding it.
 */
export class UniqueClaims1764900000000 implements MigrationInterface {
  name = 'UniqueClaims1764900000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE unique_claims (key text PRIMARY KEY, owner text NOT NULL);
      DROP FUNCTION event_store_append(bigint, bigint, text, jsonb, jsonb, text);
      CREATE FUNCTION event_store_append(p_lock_key bigint, p_prev_position bigint, p_prev_hash text, p_events jsonb, p_keys jsonb, p_channel text,
                                         p_released jsonb, p_taken jsonb)
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
        IF jsonb_array_length(p_released) > 0 THEN
          DELETE FROM unique_claims c USING jsonb_to_recordset(p_released) AS r(key text, owner text) WHERE c.key = r.key AND c.owner = r.owner;
        END IF;
        IF jsonb_array_length(p_taken) > 0 THEN
          INSERT INTO unique_claims (key, owner) SELECT t.key, t.owner FROM jsonb_to_recordset(p_taken) AS t(key text, owner text);
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
    await queryRunner.query(`DROP FUNCTION event_store_append(bigint, bigint, text, jsonb, jsonb, text, jsonb, jsonb); DROP TABLE unique_claims;`);
    await new AppendFunction1764400000000().up(queryRunner);
  }
}
