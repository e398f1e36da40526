import type pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import { finished } from 'node:stream/promises';

/** A statement of a script: SQL alone, SQL with one JSON bind parameter ($1), or a COPY with its rows. */
export type Sql = string | { text: string; values: [string] } | { copy: string; data: string };

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
    } else if ('copy' in statement) {
      await flush();
      results.push(await copyIn(client, statement.copy, statement.data));
    } else {
      await flush();
      results.push(await client.query(statement.text, statement.values));
    }
  }
  await flush();
  return results;
}

async function copyIn(client: pg.ClientBase, copy: string, data: string): Promise<pg.QueryResult> {
  const stream = client.query(copyFrom(copy));
  stream.end(data);
  await finished(stream);
  return { command: 'COPY', rowCount: stream.rowCount, rows: [], fields: [], oid: 0 };
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

/** A column of `insertRows`: its name (a key of the row objects) and SQL type. */
export type Column<Row> = readonly [name: keyof Row & string, type: string];

/** From this many rows, `insertRows` uses COPY. */
const COPY_MIN_ROWS = 64;

/**
 * An INSERT of plain rows into `table`. A few rows go as inline jsonb, riding in the
 * script's round trip (a live batch); many go by `COPY … FROM STDIN` in a round trip of
 * their own (a rebuild's or a catch-up's batch): PostgreSQL reads COPY's text rows about
 * 2.5× faster than it unpacks the same rows from one large jsonb document (20,000
 * statement versions: 0.27 s against 0.65–0.69 s, measured on the embedded server).
 */
export function insertRows<Row extends object>(table: string, columns: readonly Column<Row>[], rows: Row[]): Sql | null {
  if (rows.length === 0) return null;
  const names = columns.map(([name]) => name).join(', ');
  if (rows.length < COPY_MIN_ROWS) {
    const types = columns.map(([name, type]) => `${name} ${type}`).join(', ');
    return withJsonRows(rows, (json) => `INSERT INTO ${table} (${names}) SELECT ${names} FROM jsonb_to_recordset(${json}) AS r(${types})`);
  }
  let data = '';
  for (const row of rows) {
    for (let i = 0; i < columns.length; i++) data += (i === 0 ? '' : '\t') + copyText(row[columns[i][0]]);
    data += '\n';
  }
  return { copy: `COPY ${table} (${names}) FROM STDIN`, data };
}

/** A value in COPY's text format: \N for null; backslash, newline, carriage return and tab escaped. */
export function copyText(value: unknown): string {
  if (value === null || value === undefined) return '\\N';
  if (typeof value === 'string') return COPY_SPECIAL.test(value) ? value.replace(COPY_SPECIALS, (c) => COPY_ESCAPES[c]) : value;
  if (typeof value !== 'object') return String(value);
  // JSON text has no raw control characters (JSON.stringify escapes them): only its backslashes need doubling.
  const json = JSON.stringify(value);
  return json.includes('\\') ? json.replaceAll('\\', '\\\\') : json;
}

const COPY_SPECIAL = /[\\\n\r\t]/;
const COPY_SPECIALS = /[\\\n\r\t]/g;
const COPY_ESCAPES: Record<string, string> = { '\\': '\\\\', '\n': '\\n', '\r': '\\r', '\t': '\\t' };

/** Strings (or nulls) as a PostgreSQL array literal, e.g. `textArray(ids)::uuid[]`. */
export function textArray(values: (string | null)[]): string {
  return literal(`{${values.map((value) => (value === null ? 'NULL' : `"${value.replace(/[\\"]/g, '\\$&')}"`)).join(',')}}`);
}

/**
 * Stance keys as a relation `k(holder, topic, target)`. `unnest` of constant arrays lets
 * the planner count the keys (it estimates 100 rows for any `jsonb_to_recordset`, and then
 * prefers scanning all of current_stances to probing its key index a few times).
 */
export function keysRelation(keys: { holder: string; topic: string; target: string | null }[]): string {
  const column = (values: (string | null)[]) => `${textArray(values)}::text[]`;
  return `unnest(${column(keys.map((key) => key.holder))}, ${column(keys.map((key) => key.topic))}, ${column(keys.map((key) => key.target))}) AS k(holder, topic, target)`;
}

/** An integer as a literal, refusing anything that is not one (it is inlined into SQL). */
export function integerLiteral(value: number): string {
  if (!Number.isSafeInteger(value)) throw new Error(`not an integer: ${value}`);
  return String(value);
}
