/**
 * The read-model tables one projector run writes. Live updates use the base names; a
 * rebuild writes the same projection code into a fresh generation (`statements_r7`, …)
 * and swaps it in, so the SQL is always written against a `ReadModelTables` value.
 */
export interface ReadModelTables {
  topics: string;
  statements: string;
  versions: string;
  stances: string;
  actors: string;
  /** Each current version's sources' publishers, for the present's `publisher` filter. */
  publishers: string;
}

export const LIVE_TABLES: ReadModelTables = {
  topics: 'topics',
  statements: 'statements',
  versions: 'statement_versions',
  stances: 'current_stances',
  actors: 'actors',
  publishers: 'statement_publishers',
};

export function generationTables(generation: number): ReadModelTables {
  const suffix = `_r${generation}`;
  return {
    topics: LIVE_TABLES.topics + suffix,
    statements: LIVE_TABLES.statements + suffix,
    versions: LIVE_TABLES.versions + suffix,
    stances: LIVE_TABLES.stances + suffix,
    actors: LIVE_TABLES.actors + suffix,
    publishers: LIVE_TABLES.publishers + suffix,
  };
}

/** The one checkpoint row of the ledger projection (all read models commit together). */
export const LEDGER_PROJECTION = 'ledger';

/**
 * The statements with their served JSON as `doc`, as a relation to alias: the document is
 * kept once, in the current version's row of `statement_versions`, joined by its key.
 */
export function statementsWithDoc(tables: ReadModelTables = LIVE_TABLES): string {
  return `(SELECT st.*, v.doc FROM ${tables.statements} st
             JOIN ${tables.versions} v ON v.statement_id = st.statement_id AND v.revision = st.revision)`;
}
