import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A statement's served JSON was stored twice: in `statements.doc` (its current version) and
 * in `statement_versions.doc` (every version, the current one included). It is now kept
 * once, in the versions; `statements` keeps the typed columns it is filtered and ordered
 * by, and a read joins the current version by its primary key. Writing the ~1 kB document
 * twice per event was the largest cost of a rebuild (half of its bytes) and a share of
 * every live batch.
 */
export class StatementDocOnce1764600000000 implements MigrationInterface {
  name = 'StatementDocOnce1764600000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE statements DROP COLUMN doc`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      ALTER TABLE statements ADD COLUMN doc jsonb;
      UPDATE statements s SET doc = v.doc FROM statement_versions v WHERE v.statement_id = s.statement_id AND v.revision = s.revision;
      ALTER TABLE statements ALTER COLUMN doc SET NOT NULL;
    `);
  }
}
