import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Stances are keyed by (holder, topic, target) (v2): the holder is a country's government or
 * a registered actor. Every stance of a v1 ledger is held by its country, on record, firm —
 * so `current_stances` upgrades in place without a replay, and without rewriting a row:
 * `country` is renamed `holder` (its key constraint and topic index follow the column), and
 * the new columns take constant defaults (stored once in the catalogue, PostgreSQL ≥ 11),
 * dropped afterwards so that every write names them. The stance's v1 `country` is derived
 * when served (the holder when its kind is `country`). The topic index is rebuilt (one row
 * per stance, not per statement) in the lists' order: holders in code point order.
 *
 * The key's statements are read (recompute, time travel) by the covering index of
 * 1764500000000 re-keyed by holder and carrying what a stance takes from its last statement;
 * the versions' key index likewise. Those two are built over the tables (the one step that
 * grows with the ledger). Needs the v2 columns of `statements`/`statement_versions`
 * (1764800000000).
 */
export class StancesByHolder1764810000000 implements MigrationInterface {
  name = 'StancesByHolder1764810000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      ALTER TABLE current_stances RENAME COLUMN country TO holder;
      ALTER TABLE current_stances
        ADD COLUMN holder_kind text NOT NULL DEFAULT 'country',
        ADD COLUMN attribution text NOT NULL DEFAULT 'on_record',
        ADD COLUMN modality text NOT NULL DEFAULT 'firm';
      ALTER TABLE current_stances ALTER COLUMN holder_kind DROP DEFAULT, ALTER COLUMN attribution DROP DEFAULT, ALTER COLUMN modality DROP DEFAULT;
    `);
    await dropIndexesShaped(queryRunner, [
      ['current_stances', '(topic, holder, target NULLS FIRST)'],
      ['statements', '(topic, country, target, stated_from, record_log_position)'],
      ['statement_versions', '(topic, country, target, recorded_from)'],
    ]);
    // Building an index in memory rather than in sorted runs on disk: several times faster at 1M rows (the rebuild does the same).
    await queryRunner.query(`SET LOCAL maintenance_work_mem = '256MB'`);
    await queryRunner.query(`
      CREATE INDEX current_stances_topic_idx ON current_stances (topic, holder COLLATE "C", target NULLS FIRST);
      CREATE INDEX statements_stance_idx ON statements (topic, holder, target, stated_from, record_log_position)
        INCLUDE (position, stated_at, statement_id, attribution, modality) WHERE status = 'active';
      CREATE INDEX statement_versions_known_idx ON statement_versions (topic, holder, target, recorded_from);
    `);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      DROP INDEX statements_stance_idx;
      DROP INDEX statement_versions_known_idx;
      DROP INDEX current_stances_topic_idx;
      CREATE INDEX statements_stance_idx ON statements (topic, country, target, stated_from, record_log_position)
        INCLUDE (position, stated_at, statement_id) WHERE status = 'active';
      CREATE INDEX statement_versions_known_idx ON statement_versions (topic, country, target, recorded_from);
      DELETE FROM current_stances WHERE holder_kind <> 'country';
      ALTER TABLE current_stances DROP COLUMN holder_kind, DROP COLUMN attribution, DROP COLUMN modality;
      ALTER TABLE current_stances RENAME COLUMN holder TO country;
      CREATE INDEX current_stances_topic_idx ON current_stances (topic, country, target NULLS FIRST);
    `);
  }
}

/** Drops each table's indexes whose definition has the given key columns — by definition, not by name (a rebuild may have renamed them). */
async function dropIndexesShaped(queryRunner: QueryRunner, shapes: [table: string, columns: string][]): Promise<void> {
  for (const [table, columns] of shapes) {
    const found: { indexname: string }[] = await queryRunner.query(
      `SELECT indexname FROM pg_indexes WHERE schemaname = current_schema() AND tablename = $1 AND strpos(indexdef, $2) > 0`,
      [table, ` USING btree ${columns}`],
    );
    for (const { indexname } of found) await queryRunner.query(`DROP INDEX "${indexname.replaceAll('"', '""')}"`);
  }
}
