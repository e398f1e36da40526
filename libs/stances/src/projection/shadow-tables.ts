import type pg from 'pg';
import { LIVE_TABLES, type ReadModelTables } from '../read-model-tables.js';

/** A rebuild's generation of the read-model tables, and what it takes to swap it in. */
export interface ShadowTables {
  tables: ReadModelTables;
  /** CREATE INDEX statements for the secondary indexes, left out while the replay fills the tables, with their table. */
  deferredIndexes: { table: keyof ReadModelTables; sql: string }[];
  /** [shadow index, live index]: renamed at the swap, so that the live tables keep their index names. */
  indexNames: [string, string][];
}

interface IndexRow {
  table: string;
  index: string;
  definition: string;
  constraint: boolean;
}

const INDEX_HEAD = /^(CREATE (?:UNIQUE )?INDEX )\S+ ON (?:ONLY )?\S+ /;

/** An index definition with its own name and table left out: equal for a live index and its copy. */
const shapeOf = (definition: string) => definition.replace(INDEX_HEAD, '$1 ON T ');

/**
 * Creates the shadow tables as copies of the live ones (columns, defaults, constraints),
 * keeping only the indexes that back a constraint (the replay's upserts and updates need
 * them); the others are returned to be built over the filled tables, which is several
 * times cheaper than maintaining them row by row.
 */
export async function createShadowTables(pool: pg.Pool, tables: ReadModelTables): Promise<ShadowTables> {
  const names = Object.keys(LIVE_TABLES) as (keyof ReadModelTables)[];
  await pool.query(names.map((name) => `CREATE TABLE ${tables[name]} (LIKE ${LIVE_TABLES[name]} INCLUDING ALL)`).join(';\n'));
  const { rows } = await pool.query<IndexRow>(
    `SELECT t.relname AS table, i.relname AS index, pg_get_indexdef(i.oid) AS definition,
            EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = i.oid) AS constraint
       FROM pg_index x JOIN pg_class i ON i.oid = x.indexrelid JOIN pg_class t ON t.oid = x.indrelid
      WHERE t.relname = ANY($1) AND t.relnamespace = current_schema()::regnamespace`,
    [[...Object.values(LIVE_TABLES), ...Object.values(tables)]],
  );
  const shadow: ShadowTables = { tables, deferredIndexes: [], indexNames: [] };
  const drops: string[] = [];
  for (const name of names) {
    const copies = rows.filter((row) => row.table === tables[name]);
    for (const live of rows.filter((row) => row.table === LIVE_TABLES[name])) {
      const copy = copies.find((row) => shapeOf(row.definition) === shapeOf(live.definition));
      if (!copy) continue;
      shadow.indexNames.push([copy.index, live.index]);
      if (copy.constraint) continue;
      drops.push(`DROP INDEX ${copy.index}`);
      shadow.deferredIndexes.push({ table: name, sql: live.definition.replace(INDEX_HEAD, `$1${copy.index} ON ${tables[name]} `) });
    }
  }
  if (drops.length > 0) await pool.query(drops.join(';\n'));
  return shadow;
}

/** Inside the caller's transaction (under the projector lock): the shadow tables become the live ones. */
export async function swapIn(client: pg.PoolClient, shadow: ShadowTables): Promise<void> {
  const names = Object.keys(LIVE_TABLES) as (keyof ReadModelTables)[];
  const statements = names.flatMap((name) => [`DROP TABLE ${LIVE_TABLES[name]}`, `ALTER TABLE ${shadow.tables[name]} RENAME TO ${LIVE_TABLES[name]}`]);
  statements.push(...shadow.indexNames.map(([copy, live]) => `ALTER INDEX ${copy} RENAME TO ${live}`));
  await client.query(statements.join(';\n'));
}

export async function dropTables(pool: pg.Pool, tables: ReadModelTables): Promise<void> {
  await pool.query(
    Object.values(tables)
      .map((table) => `DROP TABLE IF EXISTS ${table}`)
      .join(';\n'),
  );
}
