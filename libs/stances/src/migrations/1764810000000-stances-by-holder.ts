import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Stances are keyed by (holder, topic, target) (v2): the holder is a country's government or
 * a registered actor. Every stance of a v1 ledger is held by its country, on record, firm —
 * so `current_stances` upgrades in place without a replay, and without rewriting a row:
 * `country` is renamed `holder` (its key constraint and topic index follow the column), and
 * the new columns take constant defaults (stored once in the catalogue, PostgreSQL ≥ 11),
 * dropped afterwards so that every write names them. The stance's v1 `country` is derived
 * when served (the holder when its kind is `country`).
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
      ['statements', `(topic, country, target, stated_from, record_log_position) INCLUDE (position, stated_at, statement_id) WHERE (status = 'active'::text)`],
      ['statement_versions', '(topic, country, target, recorded_from)'],
    ]);
    await queryRunner.query(`
      CREATE INDEX statements_stance_idx ON statements (topic, holder, target, stated_from, record_log_position)
        INCLUDE (position, stated_at, statement_id, attribution, modality) WHERE status = 'active';
      CREATE INDEX statement_versions_known_idx ON statement_versions (topic, holder, target, recorded_from);
    `);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      DROP INDEX statements_stance_idx;
      DROP INDEX statement_versions_known_idx;
      CREATE INDEX statements_stance_idx ON statements (topic, country, target, stated_from, record_log_position)
        INCLUDE (position, stated_at, statement_id) WHERE status = 'active';
      CREATE INDEX statement_versions_known_idx ON statement_versions (topic, country, target, recorded_from);
      DELETE FROM current_stances WHERE holder_kind <> 'country';
      ALTER TABLE current_stances DROP COLUMN holder_kind, DROP COLUMN attribution, DROP COLUMN modality;
      ALTER TABLE current_stances RENAME COLUMN holder TO country;
    `);
  }
}

/** Drops each table's indexes whose definition ends with the given columns — by definition, not by name (a rebuild may have renamed them). */
async function dropIndexesShaped(queryRunner: QueryRunner, shapes: [table: string, tail: string][]): Promise<void> {
  for (const [table, tail] of shapes) {
    const found: { indexname: string }[] = await queryRunner.query(
      `SELECT indexname FROM pg_indexes WHERE schemaname = current_schema() AND tablename = $1 AND indexdef LIKE '%' || $2`,
      [table, tail],
    );
    for (const { indexname } of found) await queryRunner.query(`DROP INDEX "${indexname.replaceAll('"', '""')}"`);
  }
}
