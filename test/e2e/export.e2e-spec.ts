import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { readCsv, readExportTyped } from '../support/csv-reader.js';
import { demo, statementBody } from '../support/demo.js';
import { startTestServer, type TestServer } from '../support/server.js';

/**
 * GET /v1/export/statements and /v1/export/stances, as an analyst downloads them: every
 * matching row in CSV or JSONL, the filters of the lists, `knownAt`/`asOf`, the position it
 * was read at — and the CLI's `export` giving the same bytes.
 */
let api: TestServer;
/** A statement whose text needs CSV quoting and whose codes look like numbers. */
const TRICKY = statementBody({
  statedAt: '2023',
  cameoCode: '014',
  target: null,
  summary: 'Beijing says "no", again,\nand again — 北京',
  source: { url: 'https://example.org/a,b', publisher: 'Xinhua, English', publishedAt: '2023-06-01' },
});
let tricky: Record<string, any>;
let corrected: Record<string, any>;
let beforeCorrection: string;
let head: number;

const SCORES: Record<string, number> = { opposes: -2, concerned: -1, neutral: 0, considering: 1, supports: 2 };

async function allStatements(query = ''): Promise<Record<string, any>[]> {
  const items: Record<string, any>[] = [];
  let cursor: string | null = null;
  do {
    const page = await api.call('GET', `/v1/statements?limit=500${query}${cursor ? `&cursor=${cursor}` : ''}`, { role: 'reader' });
    expect(page.status).toBe(200);
    items.push(...page.body.items);
    cursor = page.body.nextCursor;
  } while (cursor);
  return items;
}

/** Every value of a served object that fits one cell, dotted (lists have no one cell). */
function cellPaths(value: Record<string, any>, parent = ''): string[] {
  return Object.entries(value).flatMap(([key, inner]) => {
    if (Array.isArray(inner)) return [];
    if (inner !== null && typeof inner === 'object') return cellPaths(inner, `${parent}${key}.`);
    return [`${parent}${key}`];
  });
}
const at = (value: any, path: string) => path.split('.').reduce((node, key) => node?.[key], value);
const cellOf = (value: unknown) => (value === null || value === undefined ? '' : String(value));
const jsonLines = (text: string) =>
  text
    .split('\n')
    .filter((line) => line !== '')
    .map((line) => JSON.parse(line));

beforeAll(async () => {
  api = await startTestServer();
  for (const topic of demo.topics) expect((await api.call('POST', '/v1/topics', { body: topic })).status).toBe(201);
  for (const statement of demo.statements) expect((await api.call('POST', '/v1/statements', { body: statement })).status).toBe(201);
  const recorded = await api.call('POST', '/v1/statements', { body: TRICKY });
  expect([recorded.status, recorded.body?.errors]).toEqual([201, undefined]);
  tricky = recorded.body;
  beforeCorrection = new Date().toISOString();
  await new Promise((resolve) => setTimeout(resolve, 5));
  const correction = await api.call('POST', `/v1/statements/${demo.statements[0].statementId}/corrections`, {
    body: { changes: { position: 'supports' }, reason: 'Misread the communiqué.' },
  });
  expect(correction.status).toBe(200);
  corrected = correction.body;
  head = Number(correction.headers.get('ledger-position'));
});
afterAll(async () => {
  await api?.stop();
});

test('a CSV export: every field of the served Statement dotted, plus score, statedFrom, statedTo and sourceCount; one row per listed statement, in its order', async () => {
  const response = await api.call('GET', '/v1/export/statements', { role: 'reader' });
  expect(response.status).toBe(200);
  expect(response.headers.get('content-type')).toBe('text/csv; charset=utf-8; header=present');
  expect(response.headers.get('content-disposition')).toBe(`attachment; filename="statements-${head}.csv"`);
  expect(Number(response.headers.get('ledger-position'))).toBe(head);

  const listed = await allStatements();
  const [header, ...records] = readCsv(response.text);
  const fields = cellPaths(listed[0]);
  expect(header).toEqual(expect.arrayContaining([...fields, 'score', 'statedFrom', 'statedTo', 'sourceCount']));
  expect(header).toHaveLength(fields.length + 4);
  expect(header).toContain('actor.country');
  expect(header.slice(header.indexOf('statedAt'), header.indexOf('statedAt') + 3)).toEqual(['statedAt', 'statedFrom', 'statedTo']);
  expect(header[header.indexOf('position') + 1]).toBe('score');

  expect(records).toHaveLength(listed.length);
  records.forEach((record, index) => {
    const statement = listed[index];
    const row = Object.fromEntries(header.map((column, i) => [column, record[i]]));
    for (const field of fields) expect([statement.statementId, field, row[field]]).toEqual([statement.statementId, field, cellOf(at(statement, field))]);
    expect(row.score).toBe(String(SCORES[statement.position]));
    expect(row.sourceCount).toBe('1');
  });
  const trickyRow = records.find((record) => record[header.indexOf('statementId')] === tricky.statementId)!;
  const cell = (column: string) => trickyRow[header.indexOf(column)];
  expect([cell('summary'), cell('source.url'), cell('cameoCode'), cell('target')]).toEqual([TRICKY.summary, 'https://example.org/a,b', '014', '']);
  expect([cell('statedAt'), cell('statedFrom'), cell('statedTo')]).toEqual(['2023', '2023-01-01T00:00:00.000Z', '2024-01-01T00:00:00.000Z']);
});

test('JSONL: one Statement per line exactly as the list serves it, asked by format or by Accept; Accept text/csv gives CSV', async () => {
  const listed = await allStatements();
  const byFormat = await api.call('GET', '/v1/export/statements?format=jsonl', { role: 'reader' });
  expect(byFormat.status).toBe(200);
  expect(byFormat.headers.get('content-type')).toBe('application/x-ndjson; charset=utf-8');
  expect(byFormat.headers.get('content-disposition')).toBe(`attachment; filename="statements-${head}.jsonl"`);
  expect(jsonLines(byFormat.text)).toEqual(listed);
  expect(byFormat.text.endsWith('}\n')).toBe(true);
  const byAccept = await api.call('GET', '/v1/export/statements', { role: 'reader', headers: { accept: 'application/x-ndjson' } });
  expect(byAccept.text).toBe(byFormat.text);
  const csv = await api.call('GET', '/v1/export/statements', { role: 'reader', headers: { accept: 'text/csv' } });
  expect(csv.headers.get('content-type')).toMatch(/^text\/csv/);
  // format wins over Accept
  const both = await api.call('GET', '/v1/export/statements?format=csv', { role: 'reader', headers: { accept: 'application/x-ndjson' } });
  expect(both.text).toBe(csv.text);
});

test("the list's filters and knownAt: an export is the list's rows, and before a correction it has the version known then", async () => {
  const topic = demo.statements[0].topic;
  const filtered = await api.call('GET', `/v1/export/statements?format=jsonl&topic=${topic}&target=none`, { role: 'reader' });
  expect(jsonLines(filtered.text)).toEqual(await allStatements(`&topic=${topic}&target=none`));

  const then = await api.call('GET', `/v1/export/statements?format=jsonl&knownAt=${beforeCorrection}`, { role: 'reader' });
  const thenRows = jsonLines(then.text);
  expect(thenRows).toEqual(await allStatements(`&knownAt=${beforeCorrection}`));
  const id = demo.statements[0].statementId;
  expect(thenRows.find((row) => row.statementId === id)).toMatchObject({ revision: 0, position: demo.statements[0].position });
  expect(jsonLines((await api.call('GET', '/v1/export/statements?format=jsonl', { role: 'reader' })).text).find((row) => row.statementId === id)).toEqual(
    corrected,
  );
});

test('stances: every stance the list answers (asOf, knownAt, filters), the Stance fields plus statedFrom and statedTo of its last statement', async () => {
  // Topic by topic in slug order, each topic in the list's order: a stable sort by topic alone.
  const byTopic = (a: any, b: any) => (a.topic < b.topic ? -1 : a.topic > b.topic ? 1 : 0);
  for (const query of ['', '&asOf=2024-04-30', `&knownAt=${beforeCorrection}`, '&country=KOR', '&target=none']) {
    const listed = await api.call('GET', `/v1/stances?${query.slice(1)}`, { role: 'reader' });
    const exported = await api.call('GET', `/v1/export/stances?format=jsonl${query}`, { role: 'reader' });
    expect([query, exported.status]).toEqual([query, 200]);
    expect([query, jsonLines(exported.text)]).toEqual([query, [...listed.body.items].sort(byTopic)]);
  }
  const listed = (await api.call('GET', '/v1/stances', { role: 'reader' })).body.items;
  const response = await api.call('GET', '/v1/export/stances', { role: 'reader' });
  expect(response.headers.get('content-disposition')).toBe(`attachment; filename="stances-${head}.csv"`);
  const [header, ...records] = readCsv(response.text);
  const fields = Object.keys(listed[0]);
  const statedAt = fields.indexOf('statedAt');
  expect(header).toEqual([...fields.slice(0, statedAt + 1), 'statedFrom', 'statedTo', ...fields.slice(statedAt + 1)]);
  expect(records).toHaveLength(listed.length);
  const kor = records.map((record) => Object.fromEntries(header.map((column, i) => [column, record[i]]))).find((row) => row.statedAt === '2024-11')!;
  expect([kor.statedFrom, kor.statedTo]).toEqual(['2024-11-01T00:00:00.000Z', '2024-12-01T00:00:00.000Z']);
});

test('bad input is a 400 problem naming the parameter: limit, cursor, an unknown one, a bad format or filter; a reader token is needed', async () => {
  const cases: [string, string][] = [
    ['/v1/export/statements?limit=10', '/query/limit'],
    ['/v1/export/statements?cursor=abc', '/query/cursor'],
    ['/v1/export/stances?limit=10', '/query/limit'],
    ['/v1/export/statements?format=xml', '/query/format'],
    ['/v1/export/stances?format=', '/query/format'],
    ['/v1/export/statements?bogus=1', '/query/bogus'],
    ['/v1/export/stances?asOf=yesterday', '/query/asOf'],
    ['/v1/export/statements?knownAt=2024-13-01', '/query/knownAt'],
    ['/v1/export/statements?asOf=2024-01-01', '/query/asOf'],
  ];
  for (const [path, pointer] of cases) {
    const response = await api.call('GET', path, { role: 'reader' });
    expect([path, response.status, response.headers.get('content-type')]).toEqual([path, 400, 'application/problem+json; charset=utf-8']);
    expect([path, response.body.errors.map((e: any) => e.pointer)]).toEqual([path, [pointer]]);
  }
  expect((await api.call('GET', '/v1/export/statements?limit=10', { role: 'reader' })).body.errors[0].detail).toMatch(/not paged/);
  expect((await api.call('GET', '/v1/export/statements', { role: null })).status).toBe(401);
});

test("read back with the README's column types: codes stay text, statedFrom and statedTo are instants", async () => {
  const readme = readFileSync(join(process.cwd(), 'README.md'), 'utf8');
  // The two lines the README gives, whose rules readExportTyped applies.
  expect(readme).toContain('pd.read_csv("statements.csv", dtype=str, keep_default_na=False, na_values=[""])');
  expect(readme).toContain('df[["statedFrom", "statedTo"]] = df[["statedFrom", "statedTo"]].apply(pd.to_datetime, utc=True, format="ISO8601")');
  expect(readme).toContain('readr::read_csv("statements.csv", col_types = readr::cols(.default = "c", statedFrom = "T", statedTo = "T"), na = "")');

  const { columns, rows } = readExportTyped((await api.call('GET', '/v1/export/statements', { role: 'reader' })).text);
  const row = rows.find((r) => r.statementId === tricky.statementId)!;
  expect(row.cameoCode).toBe('014');
  expect(row.statedAt).toBe('2023');
  expect(row['source.publishedAt']).toBe('2023-06-01');
  expect(row.target).toBeNull();
  expect(row.statedFrom).toEqual(new Date(Date.UTC(2023, 0, 1)));
  expect(row.statedTo).toEqual(new Date(Date.UTC(2024, 0, 1)));
  for (const r of rows) {
    for (const column of columns) {
      if (column === 'statedFrom' || column === 'statedTo') expect(r[column]).toBeInstanceOf(Date);
      else expect([column, r[column] === null || typeof r[column] === 'string']).toEqual([column, true]);
    }
  }
  const month = rows.find((r) => r.statedAt === '2024-11')!;
  expect([month.statedFrom, month.statedTo]).toEqual([new Date(Date.UTC(2024, 10, 1)), new Date(Date.UTC(2024, 11, 1))]);
});

test("the CLI's export writes the same bytes as the HTTP export, in both formats", async () => {
  const run = promisify(execFile);
  const env = { ...process.env, DATABASE_URL: api.db.url, DATA_DIR: mkdtempSync(join(tmpdir(), 'stance-ledger-export-')), LOG_LEVEL: 'warn' };
  const cli = async (...args: string[]) =>
    (await run(process.execPath, ['dist/apps/cli/src/main.js', 'export', ...args], { env, maxBuffer: 64 * 1024 * 1024 })).stdout;
  const [csv, jsonl] = await Promise.all([cli('--format', 'csv'), cli('--format', 'jsonl')]);
  expect(csv).toBe((await api.call('GET', '/v1/export/statements?format=csv', { role: 'reader' })).text);
  expect(jsonl).toBe((await api.call('GET', '/v1/export/statements?format=jsonl', { role: 'reader' })).text);
  // The header and a record per statement (the tricky one's line break is inside its quotes), each ending with CRLF.
  expect(csv.split('\r\n')).toHaveLength(1 + demo.statements.length + 1 + 1);
}, 300_000);
