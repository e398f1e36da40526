import pg from 'pg';
import { insertRows, runScript, type Column } from '../src/projection/sql-script.js';
import { createTestDatabase, type TestDatabase } from '../../../test/support/database.js';

// insertRows sends a few rows as inline jsonb and many by COPY's text format, which has
// its own escaping; both must store any text and any document exactly as given.

interface Row {
  id: number;
  label: string | null;
  doc: unknown;
  at: string | null;
}

const COLUMNS: readonly Column<Row>[] = [
  ['id', 'int'],
  ['label', 'text'],
  ['doc', 'jsonb'],
  ['at', 'timestamptz'],
];

const awkward = ['tab\there', 'line\nbreak', 'carriage\rreturn', 'back\\slash', '\\N', '\\.', 'quote\'s and "double"', 'Ελληνικά, 中文, العربية 🌏', ''];

function rows(count: number): Row[] {
  return Array.from({ length: count }, (_, i) => ({
    id: i,
    label: i % 10 === 9 ? null : awkward[i % awkward.length],
    doc: i % 7 === 6 ? null : { quote: awkward[(i + 3) % awkward.length], nested: { path: 'C:\\temp\\new', list: [1, 'two', null] }, i },
    at: i % 5 === 4 ? null : new Date(Date.UTC(2024, 3, 9, 12, 0, i % 60)).toISOString(),
  }));
}

let db: TestDatabase;
let client: pg.Client;

beforeAll(async () => {
  db = await createTestDatabase('insert_rows');
  client = new pg.Client({ connectionString: db.url });
  await client.connect();
});

afterAll(async () => {
  await client?.end();
  await db?.drop();
});

test.each([
  ['inline jsonb', 5],
  ['COPY', 200],
])('rows inserted by %s read back exactly', async (_path, count) => {
  const table = `t_${count}`;
  await client.query(`CREATE TABLE ${table} (id int PRIMARY KEY, label text, doc jsonb, at timestamptz)`);
  const given = rows(count);
  const sql = insertRows(table, COLUMNS, given)!;
  expect(typeof sql === 'object' && 'copy' in sql).toBe(count >= 64);
  await runScript(client, ['BEGIN', sql, 'COMMIT']);
  const stored = await client.query(`SELECT id, label, doc, at FROM ${table} ORDER BY id`);
  expect(stored.rows.map((row) => ({ ...row, at: row.at?.toISOString() ?? null }))).toEqual(given);
});

test('a COPY that PostgreSQL refuses fails its script, and the transaction writes nothing', async () => {
  await client.query('CREATE TABLE t_refused (id int PRIMARY KEY, label text, doc jsonb, at timestamptz)');
  const duplicate = [...rows(100), ...rows(1)];
  await expect(runScript(client, ['BEGIN', insertRows('t_refused', COLUMNS, duplicate)!, 'COMMIT'])).rejects.toThrow(/duplicate key/);
  await client.query('ROLLBACK');
  expect((await client.query('SELECT count(*)::int AS n FROM t_refused')).rows[0].n).toBe(0);
});
