import type pg from 'pg';

/** A statement of a script: SQL alone, or SQL with one JSON bind parameter ($1). */
export type Sql = string | { text: string; values: [string] };

/**
 * Runs statements in as few round trips as it can: consecutive plain statements go as one
 * simple query (node-postgres does not pipeline, so `client.query` per statement would cost
 * a round trip each); a statement with a parameter goes on its own. A projector batch is
 * two or three round trips this way instead of a dozen sequential queries.
 */
export async function runScript(client: pg.ClientBase, statements: Sql[]): Promise<pg.QueryResult[]> {
  const results: pg.QueryResult[] = [];
  let plain: string[] = [];
  const flush = async () => {
    if (plain.length === 0) return;
    const result = (await client.query(plain.join(';\n'))) as pg.QueryResult | pg.QueryResult[];
    results.push(...(Array.isArray(result) ? result : [result]));
    plain = [];
  };
  for (const statement of statements) {
    if (typeof statement === 'string') {
      plain.push(statement);
    } else {
      await flush();
      results.push(await client.query(statement.text, statement.values));
    }
  }
  await flush();
  return results;
}

/** Above this, rows travel as a bind parameter rather than inline. */
const INLINE_JSON_LIMIT = 64 * 1024;

/**
 * `sql` with `rows` in it as jsonb (read with `jsonb_to_recordset`): inline while small, so
 * that it rides in its script's round trip (a live batch); a bind parameter when large (a
 * rebuild's batch), since a literal of megabytes costs PostgreSQL's lexer, and the escaping
 * here, about half as much again as the parameter.
 */
export function withJsonRows(rows: unknown, sql: (json: string) => string): Sql {
  const json = JSON.stringify(rows);
  return json.length <= INLINE_JSON_LIMIT ? sql(`${literal(json)}::jsonb`) : { text: sql('$1::jsonb'), values: [json] };
}

/**
 * A string as an SQL literal. `E''` with doubled backslashes does not depend on
 * `standard_conforming_strings`; regular expressions keep it fast on megabytes of JSON
 * (pg's own escapeLiteral appends character by character).
 */
export function literal(value: string): string {
  const quoted = value.replace(/'/g, "''");
  return value.includes('\\') ? `E'${quoted.replace(/\\/g, '\\\\')}'` : `'${quoted}'`;
}

/** Strings (or nulls) as a PostgreSQL array literal, e.g. `textArray(ids)::uuid[]`. */
export function textArray(values: (string | null)[]): string {
  return literal(`{${values.map((value) => (value === null ? 'NULL' : `"${value.replace(/[\\"]/g, '\\$&')}"`)).join(',')}}`);
}

/**
 * Stance keys as a relation `k(country, topic, target)`. `unnest` of constant arrays lets
 * the planner count the keys (it estimates 100 rows for any `jsonb_to_recordset`, and then
 * prefers scanning all of current_stances to probing its key index a few times).
 */
export function keysRelation(keys: { country: string; topic: string; target: string | null }[]): string {
  const column = (values: (string | null)[]) => `${textArray(values)}::text[]`;
  return `unnest(${column(keys.map((key) => key.country))}, ${column(keys.map((key) => key.topic))}, ${column(keys.map((key) => key.target))}) AS k(country, topic, target)`;
}

/** An integer as a literal, refusing anything that is not one (it is inlined into SQL). */
export function integerLiteral(value: number): string {
  if (!Number.isSafeInteger(value)) throw new Error(`not an integer: ${value}`);
  return String(value);
}
