// How fast `GET /v1/statements` finds a page by each filter alone on a large ledger, timed at
// the query (`listStatements`, no HTTP): N synthetic statements (default 1,000,000) made with
// generate_series in a scratch embedded PostgreSQL at the current schema, with every index
// built after the rows (as the rebuild does), then each filter run `--calls` times (default
// 200) on one connection, its values rotating where there are several. Run after `npm run build`:
//   node scripts/measure-statement-filters.mjs [statements] [--calls N]
// The ledger: 200 holders, 5 positions, attribution `reported` 5% / `unnamed_official` 2% /
// `anonymous_sources` 1%, modality `hedged` 10% / `conditional` 2.5%, 300 CAMEO codes, 256
// speakers, 12 publishers (and `Korea Pro` as a second source in one statement of 500, its
// title the only `submarine`), `ministry` in a quarter of the summaries; one statement in 12
// corrected once (its first version closed, with another code and speaker), statedAt spread
// over 25 years in an order unrelated to the recording order. Prints p50/p99 per filter
// (BENCHMARKS.md, "Issue 15").
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import pg from 'pg';
import { runMigrations, startEmbeddedPostgres } from '../dist/libs/platform/src/index.js';
import { eventStoreMigrations } from '../dist/libs/event-store/src/postgres/migrations/index.js';
import { listStatements, readModelMigrations } from '../dist/libs/stances/src/index.js';

const { values, positionals } = parseArgs({ allowPositionals: true, options: { calls: { type: 'string', default: '200' } } });
const count = Number(positionals[0] ?? 1_000_000);
const calls = Number(values.calls);
const dataDir = mkdtempSync(join(tmpdir(), 'statement-filters-pg-'));
const db = await startEmbeddedPostgres(dataDir);
const pool = new pg.Pool({ connectionString: db.url, max: 1 });
pool.on('error', () => undefined); // the server stopping at the end

/** A statement's columns and document from its number `n` (and, for the closed first version of a corrected one, `old`). */
const row = (old) => `
  SELECT n, md5(n::text)::uuid AS id, ${old ? 0 : `CASE WHEN n % 12 = 0 THEN 1 ELSE 0 END`} AS revision,
         'H' || lpad((n % 200)::text, 3, '0') AS holder,
         (ARRAY['supports','considering','neutral','concerned','opposes'])[n % 5 + 1] AS position,
         CASE WHEN n % 100 < 5 THEN 'reported' WHEN n % 100 < 7 THEN 'unnamed_official' WHEN n % 100 < 8 THEN 'anonymous_sources' ELSE 'on_record' END AS attribution,
         CASE WHEN n % 40 = 1 THEN 'conditional' WHEN n % 10 = 2 THEN 'hedged' ELSE 'firm' END AS modality,
         lpad((((n * 7) + ${old ? 1 : 0}) % 300 + 10)::text, 3, '0') AS cameo,
         'Speaker ' || ((n + ${old ? 1 : 0}) % 256) AS person,
         (ARRAY['Reuters','AP','AFP','Yonhap','Kyodo','Xinhua','BBC','NHK','ABC','DW','Nikkei','Al Jazeera'])[n % 12 + 1] AS publisher,
         timestamptz '2000-01-01' + (('x' || substr(md5(n::text), 1, 8))::bit(32)::int::bigint % 788400000 + 788400000) % 788400000 * interval '1 second' AS stated_from
    FROM generate_series(1, ${count}) n ${old ? 'WHERE n % 12 = 0' : ''}`;

const doc = `jsonb_build_object(
    'statementId', id, 'revision', revision, 'status', 'active', 'holder', holder,
    'actor', jsonb_build_object('country', holder, 'body', 'Ministry of Foreign Affairs', 'person', person, 'role', 'Spokesperson'),
    'topic', 'topic-' || (n % 50), 'target', NULL, 'position', position, 'statedAt', to_char(stated_from, 'YYYY-MM-DD'),
    'attribution', attribution, 'modality', modality,
    'summary', CASE WHEN n % 4 = 0 THEN 'The ministry said it would keep talking to partners about the pillar.' ELSE 'Officials said they would keep talking to partners about the pillar.' END,
    'quote', NULL, 'quoteLanguage', NULL,
    'sources', jsonb_build_array(jsonb_build_object('url', 'https://example.org/' || n, 'publisher', publisher, 'title', 'Report ' || n, 'publishedAt', NULL))
      || CASE WHEN n % 500 = 0 THEN jsonb_build_array(jsonb_build_object('url', 'https://example.org/kp/' || n, 'publisher', 'Korea Pro', 'title', 'Pillar II and the submarine question', 'publishedAt', NULL)) ELSE '[]'::jsonb END,
    'cameoCode', cameo, 'utteranceId', NULL,
    'recordedAt', '2026-11-23T10:00:00.000Z', 'recordedBy', 'alice', 'revisedAt', '2026-11-23T10:00:00.000Z', 'revisedBy', 'alice')`;

const versions = (old) => `
  INSERT INTO statement_versions (statement_id, revision, log_position, recorded_from, recorded_to, superseded_at, status, country, topic, target, position,
                                  stated_from, record_log_position, doc, holder, attribution, modality)
  SELECT id, revision, n * 2 + revision, timestamptz '2026-11-23', ${old ? `timestamptz '2026-11-24'` : 'NULL'}, ${old ? 'n * 2 + 1' : 'NULL'}, 'active', holder,
         'topic-' || (n % 50), NULL, position, stated_from, n * 2, ${doc}, holder, attribution, modality
    FROM (${row(old)}) g`;

function percentile(sorted, p) {
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}

try {
  await runMigrations(db.url, [...eventStoreMigrations, ...readModelMigrations]);
  const { rows: indexes } = await pool.query(
    `SELECT indexname, indexdef FROM pg_indexes WHERE tablename IN ('statements', 'statement_versions', 'statement_publishers') AND indexname NOT LIKE '%_pkey'`,
  );
  await pool.query(indexes.map((index) => `DROP INDEX ${index.indexname}`).join(';\n'));
  let started = Date.now();
  await pool.query(versions(false));
  await pool.query(versions(true));
  await pool.query(`
    INSERT INTO statements (statement_id, revision, status, country, topic, target, position, stated_from, utterance_id, record_log_position, log_position, stated_at, holder, attribution, modality)
    SELECT statement_id, revision, status, country, topic, target, position, stated_from, NULL, record_log_position, log_position, doc->>'statedAt', holder, attribution, modality
      FROM statement_versions WHERE recorded_to IS NULL;
    INSERT INTO statement_publishers (statement_id, source, publisher, stated_from, record_log_position)
    SELECT statement_id, source.i - 1, source.doc->>'publisher', stated_from, record_log_position
      FROM statement_versions CROSS JOIN LATERAL jsonb_array_elements(doc->'sources') WITH ORDINALITY AS source(doc, i) WHERE recorded_to IS NULL`);
  console.log(`made ${count} statements in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  started = Date.now();
  await pool.query(`SET maintenance_work_mem = '256MB'`);
  for (const index of indexes) await pool.query(index.indexdef);
  await pool.query('VACUUM ANALYZE statements');
  await pool.query('VACUUM ANALYZE statement_versions');
  await pool.query('VACUUM ANALYZE statement_publishers');
  console.log(`built ${indexes.length} indexes and analysed in ${((Date.now() - started) / 1000).toFixed(1)} s`);

  const rotate = (make, n) => Array.from({ length: n }, (_, i) => make(i));
  const cases = [
    ['no filter', [{}]],
    ['holder (0.5%)', rotate((i) => ({ holder: `H${String((i * 7) % 200).padStart(3, '0')}` }), 20)],
    ['position=supports (20%)', [{ position: ['supports'] }]],
    ['attribution=anonymous_sources (1%)', [{ attribution: ['anonymous_sources'] }]],
    ['modality=conditional (2.5%)', [{ modality: ['conditional'] }]],
    ['cameoCode (0.33%)', rotate((i) => ({ cameoCode: String(((i * 37) % 300) + 10).padStart(3, '0') }), 20)],
    ['person (0.39%)', rotate((i) => ({ person: `speaker ${(i * 13) % 256}` }), 20)],
    ['publisher=Korea Pro (0.2%)', [{ publisher: 'Korea Pro' }]],
    ['publisher=Reuters (8.3%)', [{ publisher: 'Reuters' }]],
    ['recordedBy=alice (100%)', [{ recordedBy: 'alice' }]],
    ['q=submarine (0.2%)', [{ q: 'submarine' }]],
    ['q=ministry (25%)', [{ q: 'ministry' }]],
    ['q="submarine question" (phrase, 0.2%)', [{ q: '"submarine question"' }]],
    ['cameoCode, knownAt (every version)', rotate((i) => ({ cameoCode: String(((i * 37) % 300) + 10).padStart(3, '0'), knownAt: '2026-12-01T00:00:00Z' }), 20)],
  ];
  console.log(`filter | matches on the first page | p50 ms | p99 ms (${calls} calls, one connection)`);
  for (const [name, filters] of cases) {
    for (let i = 0; i < 10; i++) await listStatements(pool, { limit: 100, ...filters[i % filters.length] }); // warm
    const times = [];
    let items = 0;
    for (let i = 0; i < calls; i++) {
      const at = process.hrtime.bigint();
      const page = await listStatements(pool, { limit: 100, ...filters[i % filters.length] });
      times.push(Number(process.hrtime.bigint() - at) / 1e6);
      items = page.items.length;
    }
    times.sort((a, b) => a - b);
    console.log(`${name} | ${items} | ${percentile(times, 50).toFixed(2)} | ${percentile(times, 99).toFixed(2)}`);
  }
} finally {
  await pool.end();
  await db.stop();
  rmSync(dataDir, { recursive: true, force: true });
}
