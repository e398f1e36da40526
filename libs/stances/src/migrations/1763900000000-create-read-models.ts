import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Read models of the ledger projection. `target` null is one stance key: stances use
 * UNIQUE NULLS NOT DISTINCT (PostgreSQL ≥ 15). `doc` holds the served Statement JSON;
 * the typed columns beside it exist for filtering, ordering and time travel.
 */
export class CreateReadModels1763900000000 implements MigrationInterface {
  name = 'CreateReadModels1763900000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE projection_checkpoints (
        name text PRIMARY KEY,
        log_position bigint NOT NULL DEFAULT 0,
        updated_at timestamptz NOT NULL DEFAULT now(),
        failed_at_position bigint,
        error text
      );
      INSERT INTO projection_checkpoints (name, log_position) VALUES ('ledger', 0);

      CREATE TABLE topics (
        slug text PRIMARY KEY,
        title text NOT NULL,
        description text,
        registered_log_position bigint NOT NULL,
        log_position bigint NOT NULL
      );

      CREATE TABLE statements (
        statement_id uuid PRIMARY KEY,
        revision int NOT NULL,
        status text NOT NULL,
        country text NOT NULL,
        topic text NOT NULL,
        target text,
        position text NOT NULL,
        stated_from timestamptz NOT NULL,
        utterance_id uuid,
        record_log_position bigint NOT NULL,
        log_position bigint NOT NULL,
        doc jsonb NOT NULL
      );
      CREATE INDEX statements_listing_idx ON statements (stated_from DESC, record_log_position DESC);
      CREATE INDEX statements_key_idx ON statements (topic, country, target, stated_from, record_log_position) WHERE status = 'active';
      CREATE INDEX statements_record_idx ON statements (record_log_position);
      CREATE INDEX statements_country_idx ON statements (country, stated_from DESC);
      CREATE INDEX statements_utterance_idx ON statements (utterance_id) WHERE utterance_id IS NOT NULL;

      CREATE TABLE statement_versions (
        statement_id uuid NOT NULL,
        revision int NOT NULL,
        log_position bigint NOT NULL,
        recorded_from timestamptz NOT NULL,
        recorded_to timestamptz,
        superseded_at bigint,
        status text NOT NULL,
        country text NOT NULL,
        topic text NOT NULL,
        target text,
        position text NOT NULL,
        stated_from timestamptz NOT NULL,
        utterance_id uuid,
        record_log_position bigint NOT NULL,
        doc jsonb NOT NULL,
        PRIMARY KEY (statement_id, revision)
      );
      CREATE INDEX statement_versions_known_idx ON statement_versions (topic, country, target, recorded_from);
      CREATE INDEX statement_versions_log_idx ON statement_versions (log_position);
      CREATE INDEX statement_versions_time_idx ON statement_versions (recorded_from, recorded_to);

      CREATE TABLE current_stances (
        country text NOT NULL,
        topic text NOT NULL,
        target text,
        position text NOT NULL,
        score smallint NOT NULL,
        stated_at text NOT NULL,
        statement_id uuid NOT NULL,
        since text NOT NULL,
        statement_count int NOT NULL,
        last_stated_from timestamptz NOT NULL,
        last_record_log_position bigint NOT NULL,
        CONSTRAINT current_stances_key UNIQUE NULLS NOT DISTINCT (country, topic, target)
      );
      CREATE INDEX current_stances_topic_idx ON current_stances (topic, country, target NULLS FIRST);
    `);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      DROP TABLE current_stances; DROP TABLE statement_versions; DROP TABLE statements;
      DROP TABLE topics; DROP TABLE projection_checkpoints;
    `);
  }
}
