import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The v2 statement (holder, attribution, modality, several sources), in place: no replay.
 * `statements` and `statement_versions` gain the typed columns `holder`, `attribution` and
 * `modality`. Every row there was projected from a v1 event, so the values are those of the
 * v1 upcast (`toDomainEvent`): holder = the speaker's country, `on_record`, `firm`.
 * `attribution` and `modality` are added with a constant default, which PostgreSQL stores
 * once in the catalog instead of rewriting the table; the default is then dropped (the
 * projection always writes them). `holder` is copied from `country`, and each version's
 * served document (`doc`) gains the same fields and `sources` = [`source`] (a source's
 * `title` null) in the same pass, so old rows answer exactly as a replay would build them.
 * `country` (the speaker's) may now be null: with a holder given it is optional.
 * Measured in docs/reliability.md ("Upgrading a v1 ledger").
 */
export class StatementV2Columns1764800000000 implements MigrationInterface {
  name = 'StatementV2Columns1764800000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      ALTER TABLE statements
        ADD COLUMN holder text,
        ADD COLUMN attribution text NOT NULL DEFAULT 'on_record',
        ADD COLUMN modality text NOT NULL DEFAULT 'firm',
        ALTER COLUMN country DROP NOT NULL;
      UPDATE statements SET holder = country;
      ALTER TABLE statements ALTER COLUMN holder SET NOT NULL, ALTER COLUMN attribution DROP DEFAULT, ALTER COLUMN modality DROP DEFAULT;

      ALTER TABLE statement_versions
        ADD COLUMN holder text,
        ADD COLUMN attribution text NOT NULL DEFAULT 'on_record',
        ADD COLUMN modality text NOT NULL DEFAULT 'firm',
        ALTER COLUMN country DROP NOT NULL;
      UPDATE statement_versions
         SET holder = country,
             doc = doc || jsonb_build_object(
               'holder', country,
               'attribution', 'on_record',
               'modality', 'firm',
               'source', (doc->'source') || '{"title": null}',
               'sources', jsonb_build_array((doc->'source') || '{"title": null}'));
      ALTER TABLE statement_versions ALTER COLUMN holder SET NOT NULL, ALTER COLUMN attribution DROP DEFAULT, ALTER COLUMN modality DROP DEFAULT;
    `);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      UPDATE statement_versions SET doc = (doc - 'holder' - 'attribution' - 'modality' - 'sources') || jsonb_build_object('source', (doc->'source') - 'title');
      ALTER TABLE statement_versions DROP COLUMN holder, DROP COLUMN attribution, DROP COLUMN modality, ALTER COLUMN country SET NOT NULL;
      ALTER TABLE statements DROP COLUMN holder, DROP COLUMN attribution, DROP COLUMN modality, ALTER COLUMN country SET NOT NULL;
    `);
  }
}
