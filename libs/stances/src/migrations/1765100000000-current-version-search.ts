import type { MigrationInterface, QueryRunner } from 'typeorm';
import { SEARCH_SQL } from './1765000000000-statement-search.js';

/** The present's `publisher` filter: the expression `statement_publishers_idx` is built on. */
export const PUBLISHER_SQL = (row: string) => `lower(${row}.publisher)`;

/**
 * The present's rarer document values found at the cost of a page (issue 15: a page of any
 * selective filter alone within 10 ms at 1M). 1765000000000 indexed them over every version's
 * document: a page of a rare value fetched every match's wide version row — and, for a
 * publisher, recomputed the expression from the document — before sorting (~85 ms for a
 * publisher on 0.2% of 1M statements, measured with scripts/measure-statement-filters.mjs).
 *
 * - `cameoCode` and `person`: indexes over the current versions only (`recorded_to IS NULL`:
 *   a version stays open until a correction or a retraction closes it) with the list's order
 *   after the value, so a page is read in order and stops at the page, as `holder`,
 *   `attribution` and `modality` are on `statements`.
 * - `publisher` (any of several sources): `statement_publishers`, one row per source with a
 *   publisher of each current version (keyed by the statement and the source's index, so
 *   the projection replaces a corrected statement's rows through its primary key — which a
 *   rebuild keeps while it defers the other indexes), indexed by the publisher lower-cased
 *   and then the list's order — the same read in order. A statement citing one publisher
 *   twice has two rows, side by side in that order: the list keeps one.
 *
 * The `knownAt` list keeps the every-version indexes. An existing ledger upgrades in place:
 * one pass over the current versions fills the table.
 */
export class CurrentVersionSearch1765100000000 implements MigrationInterface {
  name = 'CurrentVersionSearch1765100000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`SET LOCAL maintenance_work_mem = '256MB'`);
    await queryRunner.query(`
      CREATE TABLE statement_publishers (
        statement_id uuid NOT NULL,
        source int NOT NULL,
        publisher text NOT NULL,
        stated_from timestamptz NOT NULL,
        record_log_position bigint NOT NULL,
        PRIMARY KEY (statement_id, source)
      );
      INSERT INTO statement_publishers (statement_id, source, publisher, stated_from, record_log_position)
      SELECT v.statement_id, p.source - 1, p.source_doc->>'publisher', v.stated_from, v.record_log_position
        FROM statement_versions v
       CROSS JOIN LATERAL jsonb_array_elements(v.doc->'sources') WITH ORDINALITY AS p(source_doc, source)
       WHERE v.recorded_to IS NULL AND jsonb_typeof(p.source_doc->'publisher') = 'string';
      CREATE INDEX statement_publishers_idx ON statement_publishers (${PUBLISHER_SQL('statement_publishers')}, stated_from DESC, record_log_position DESC);
      CREATE INDEX statement_versions_current_cameo_idx ON statement_versions (${SEARCH_SQL.cameoCode('doc')}, stated_from DESC, record_log_position DESC)
        WHERE recorded_to IS NULL;
      CREATE INDEX statement_versions_current_person_idx ON statement_versions (${SEARCH_SQL.person('doc')}, stated_from DESC, record_log_position DESC)
        WHERE recorded_to IS NULL;
    `);
    await queryRunner.query(`ANALYZE statement_publishers; ANALYZE statement_versions`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      DROP INDEX statement_versions_current_cameo_idx, statement_versions_current_person_idx;
      DROP TABLE statement_publishers;
    `);
  }
}
