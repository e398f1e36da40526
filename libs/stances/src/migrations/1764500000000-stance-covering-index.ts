import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A stance is recomputed from its key's active statements in order (statedFrom, then
 * recording order). `stated_at` beside `doc` and a covering index let PostgreSQL answer that
 * read from the index alone: before, every active statement cost a random visit to a table
 * whose rows (with `doc`) are ~1 kB, and at 1M events that read was half of a rebuild.
 * It replaces the key index of the first migration, which it covers.
 */
export class StanceCoveringIndex1764500000000 implements MigrationInterface {
  name = 'StanceCoveringIndex1764500000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      ALTER TABLE statements ADD COLUMN stated_at text;
      UPDATE statements SET stated_at = doc->>'statedAt';
      ALTER TABLE statements ALTER COLUMN stated_at SET NOT NULL;
      CREATE INDEX statements_stance_idx ON statements (topic, country, target, stated_from, record_log_position)
        INCLUDE (position, stated_at, statement_id) WHERE status = 'active';
    `);
    // By definition, not by name: a rebuild before this migration renamed the indexes it swapped in.
    await queryRunner.query(`
      DO $$
      DECLARE found record;
      BEGIN
        FOR found IN
          SELECT indexname FROM pg_indexes
           WHERE schemaname = current_schema() AND tablename = 'statements' AND indexname <> 'statements_stance_idx'
             AND indexdef LIKE '%(topic, country, target, stated_from, record_log_position) WHERE (status = ''active''::text)'
        LOOP
          EXECUTE format('DROP INDEX %I', found.indexname);
        END LOOP;
      END $$;
    `);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE INDEX statements_key_idx ON statements (topic, country, target, stated_from, record_log_position) WHERE status = 'active';
      DROP INDEX statements_stance_idx;
      ALTER TABLE statements DROP COLUMN stated_at;
    `);
  }
}
