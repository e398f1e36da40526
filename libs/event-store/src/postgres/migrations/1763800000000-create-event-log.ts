import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The event log and the idempotency keys stored with it. Events are append-only: a
 * statement-level trigger refuses UPDATE, DELETE and TRUNCATE (even of no rows), so a
 * correction is always a new event. `recordedAt` lives in `metadata`, where the chain
 * covers it. Runs before the read models' migrations (earlier timestamp).
 */
export class CreateEventLog1763800000000 implements MigrationInterface {
  name = 'CreateEventLog1763800000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE events (
        log_position bigint PRIMARY KEY CHECK (log_position > 0),
        stream_id text NOT NULL,
        revision int NOT NULL CHECK (revision >= 0),
        event_id uuid NOT NULL UNIQUE,
        type text NOT NULL,
        data jsonb NOT NULL,
        data_hash text NOT NULL CHECK (data_hash ~ '^[0-9a-f]{64}$'),
        metadata jsonb NOT NULL,
        prev_hash text NOT NULL CHECK (prev_hash ~ '^[0-9a-f]{64}$'),
        hash text NOT NULL CHECK (hash ~ '^[0-9a-f]{64}$'),
        UNIQUE (stream_id, revision)
      );

      CREATE FUNCTION events_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION 'the event log is append-only: % on events is refused', TG_OP
          USING ERRCODE = 'restrict_violation',
                HINT = 'Record a correction or retraction as a new event instead.';
      END
      $$;

      CREATE TRIGGER events_append_only
        BEFORE UPDATE OR DELETE OR TRUNCATE ON events
        FOR EACH STATEMENT EXECUTE FUNCTION events_refuse_change();

      CREATE TABLE idempotency_keys (
        scope text NOT NULL,
        key text NOT NULL,
        request_hash text NOT NULL,
        response jsonb NOT NULL,
        log_position bigint,
        created_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (scope, key)
      );
    `);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      DROP TABLE idempotency_keys;
      DROP TABLE events;
      DROP FUNCTION events_refuse_change();
    `);
  }
}
