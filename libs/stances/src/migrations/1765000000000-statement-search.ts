import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * What `GET /v1/statements` finds statements by, each as one SQL expression over a version's
 * served document (`doc`): the list's query (`statementSearchFilters`) writes exactly these, so
 * that PostgreSQL matches them to the indexes below. Defined here, with the indexes they must
 * equal; a later change is a new migration with new expressions.
 */
export const SEARCH_SQL = {
  /** `person`, case-insensitive exact. */
  person: (doc: string) => `lower(${doc}->'actor'->>'person')`,
  /** Every source's publisher, lower-cased, as a JSON array (`@>` finds one: case-insensitive exact). */
  publishers: (doc: string) => `(lower(jsonb_path_query_array(${doc}, '$.sources[*].publisher')::text)::jsonb)`,
  cameoCode: (doc: string) => `(${doc}->>'cameoCode')`,
  recordedBy: (doc: string) => `(${doc}->>'recordedBy')`,
  /** The words `q` searches (`statement_search_vector`, below). */
  words: (doc: string) => `statement_search_vector(${doc})`,
} as const;

/**
 * Search and filters on `GET /v1/statements` (issue 15), in place, indexes only: no table is
 * rewritten, so an existing ledger upgrades by building them (measured at 1M events in
 * docs/reliability.md, "Upgrading a v1 ledger").
 *
 * - `statements` (the current version's typed columns): `holder`, `attribution`, `modality`,
 *   each with the list's order after it, so one of them alone is read in order and stops at
 *   the page (a rare attribution such as `leaked` does not scan the ledger for its 100 rows).
 * - `statement_versions` (every version, so `knownAt` finds a statement by what it said
 *   then): expression indexes over the document for `person`, `cameoCode`, `recordedBy`; a
 *   GIN over the sources' publishers; and a GIN over the words `q` searches — `summary`,
 *   `quote`, the actor's `body`/`person`/`role`, the sources' `publisher`/`title` — with the
 *   `simple` configuration: words lower-cased as typed, in any language, no stemming and no
 *   stop words (the embedded PostgreSQL loads no extension, and English rules would mangle
 *   Korean or accented names). The function is IMMUTABLE so that it can be indexed; the
 *   list calls the same function, which is how the planner finds the index.
 *
 * `position` has no index of its own: it takes one of five values, so the list's own order
 * finds a page of any of them within a few hundred rows. The rebuild copies every index here
 * onto its generation of the tables (`createShadowTables`).
 */
export class StatementSearch1765000000000 implements MigrationInterface {
  name = 'StatementSearch1765000000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE FUNCTION statement_search_vector(doc jsonb) RETURNS tsvector
        LANGUAGE sql IMMUTABLE PARALLEL SAFE
        AS $$ SELECT to_tsvector('simple', coalesce(doc->>'summary', ''))
                  || to_tsvector('simple', coalesce(doc->>'quote', ''))
                  || to_tsvector('simple', coalesce(doc->'actor'->>'body', ''))
                  || to_tsvector('simple', coalesce(doc->'actor'->>'person', ''))
                  || to_tsvector('simple', coalesce(doc->'actor'->>'role', ''))
                  || jsonb_to_tsvector('simple', jsonb_path_query_array(doc, '$.sources[*].publisher'), '"string"')
                  || jsonb_to_tsvector('simple', jsonb_path_query_array(doc, '$.sources[*].title'), '"string"') $$
    `);
    // Built in memory rather than in sorted runs on disk: several times faster at 1M rows (as 1764810000000 and the rebuild do).
    await queryRunner.query(`SET LOCAL maintenance_work_mem = '256MB'`);
    await queryRunner.query(`
      CREATE INDEX statements_holder_idx ON statements (holder, stated_from DESC, record_log_position DESC);
      CREATE INDEX statements_attribution_idx ON statements (attribution, stated_from DESC, record_log_position DESC);
      CREATE INDEX statements_modality_idx ON statements (modality, stated_from DESC, record_log_position DESC);
      CREATE INDEX statement_versions_person_idx ON statement_versions (${SEARCH_SQL.person('doc')});
      CREATE INDEX statement_versions_cameo_idx ON statement_versions (${SEARCH_SQL.cameoCode('doc')});
      CREATE INDEX statement_versions_recorded_by_idx ON statement_versions (${SEARCH_SQL.recordedBy('doc')});
      CREATE INDEX statement_versions_publishers_idx ON statement_versions USING gin (${SEARCH_SQL.publishers('doc')} jsonb_path_ops);
      CREATE INDEX statement_versions_words_idx ON statement_versions USING gin (${SEARCH_SQL.words('doc')});
    `);
    // Statistics of the new expressions (ANALYZE keeps them per expression index): without them
    // the planner guesses a filter matches 0.5% of the rows and may walk the list's order
    // through most of the ledger for a page of a rarer value (measured: 1.5 s at 1M).
    await queryRunner.query(`ANALYZE statements; ANALYZE statement_versions`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      DROP INDEX statements_holder_idx, statements_attribution_idx, statements_modality_idx,
        statement_versions_person_idx, statement_versions_cameo_idx, statement_versions_recorded_by_idx,
        statement_versions_publishers_idx, statement_versions_words_idx;
      DROP FUNCTION statement_search_vector(jsonb);
    `);
  }
}
