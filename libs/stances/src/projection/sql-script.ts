import type pg from 'pg';

/**
 * Several SQL statements sent as one simple query: one round trip, where `client.query`
 * with parameters would cost one per statement (node-postgres does not pipeline). A
 * projector batch is a few of these instead of a dozen sequential queries. The simple
 * protocol takes no parameters, so values go in as literals (`literal`, `jsonLiteral`).
 */
export async function runScript(client: pg.ClientBase, statements: string[]): Promise<pg.QueryResult[]> {
  if (statements.length === 0) return [];
  const result = (await client.query(statements.join(';\n'))) as pg.QueryResult | pg.QueryResult[];
  return Array.isArray(result) ? result : [result];
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

/** A value as a jsonb literal: how rows of a batch travel (`jsonb_to_recordset`). */
export function jsonLiteral(value: unknown): string {
  return `${literal(JSON.stringify(value))}::jsonb`;
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
