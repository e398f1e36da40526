import type { MigrationInterface, QueryRunner } from 'typeorm';
import { SEARCH_SQL } from './1765000000000-statement-search.js';

/** The present's `publisher` filter over `statements.publishers` (below): the expression its index is built on. */
export const CURRENT_PUBLISHERS_SQL = (statement: string) => `(lower(${statement}.publishers::text)::jsonb)`;

/**
 * The present's rarer document values found at the cost of a page (issue 15: a page of any
 * selective filter alone within 10 ms at 1M). 1765000000000 indexed them over every version's
 * document: a page of a rare value then fetched every match's wide version row — and, for a
 * publisher, recomputed the expression from the document — before sorting (~85 ms for a
 * publisher on 0.2% of 1M statements, measured with scripts/measure-statement-filters.mjs).
 *
 * - `cameoCode` and `person`: indexes over the current versions only (`recorded_to IS NULL`:
 *   a version stays open until a correction or a retraction closes it) with the list's order
 *   after the value, so a page is read in order and stops at the page, as `holder`,
 *   `attribution` and `modality` are on `statements`.
 * - `publisher` (any of several sources): `statements.publishers`, the current version's
 *   publishers as written (a JSON array, kept by the projection), with a GIN over them
 *   lower-cased: the matches' narrow rows are read and sorted, the documents of one page
 *   joined after.
 *
 * The `knownAt` list keeps the every-version indexes. An existing ledger upgrades in place:
 * one pass over `statements` fills the column from the current versions.
 */
export class CurrentVersionSearch1765100000000 implements MigrationInterface {
  name = 'CurrentVersionSearch1765100000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`SET LOCAL maintenance_work_mem = '256MB'`);
    await queryRunner.query(`
      ALTER TABLE statements ADD COLUMN publishers jsonb NOT NULL DEFAULT '[]';
      UPDATE statements st SET publishers = coalesce(jsonb_path_query_array(v.doc, '$.sources[*].publisher ? (@ != null)'), '[]')
        FROM statement_versions v WHERE v.statement_id = st.statement_id AND v.revision = st.revision;
      CREATE INDEX statements_publishers_idx ON statements USING gin (${CURRENT_PUBLISHERS_SQL('statements')} jsonb_path_ops);
      CREATE INDEX statement_versions_current_cameo_idx ON statement_versions (${SEARCH_SQL.cameoCode('doc')}, stated_from DESC, record_log_position DESC)
        WHERE recorded_to IS NULL;
      CREATE INDEX statement_versions_current_person_idx ON statement_versions (${SEARCH_SQL.person('doc')}, stated_from DESC, record_log_position DESC)
        WHERE recorded_to IS NULL;
    `);
    await queryRunner.query(`ANALYZE statements; ANALYZE statement_versions`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      DROP INDEX statement_versions_current_cameo_idx, statement_versions_current_person_idx;
      ALTER TABLE statements DROP COLUMN publishers;
    `);
  }
}
