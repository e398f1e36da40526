// How long the upgrade of a v1 read model takes on a large ledger: N statements (default
// 1,000,000), each with one version row holding a ~1 kB document, made with generate_series
// in a scratch embedded PostgreSQL, then every migration from StatementV2Columns1764800000000
// on, each timed. Run after `npm run build`:
//   node scripts/measure-v2-upgrade.mjs [statements] [--by-statement]
// (--by-statement: the v2 columns migration's statements timed one by one, nothing else.)
// Prints the seconds each migration took (docs/reliability.md, "Upgrading a v1 ledger").
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { runMigrations, startEmbeddedPostgres } from '../dist/libs/platform/src/index.js';
import { eventStoreMigrations } from '../dist/libs/event-store/src/postgres/migrations/index.js';
import { readModelMigrations } from '../dist/libs/stances/src/migrations/index.js';

const count = Number(process.argv[2] ?? 1_000_000);
const dataDir = mkdtempSync(join(tmpdir(), 'v2-upgrade-pg-'));
const db = await startEmbeddedPostgres(dataDir);
try {
  const v2At = readModelMigrations.findIndex((migration) => migration.name === 'StatementV2Columns1764800000000');
  const v2 = readModelMigrations[v2At];
  await runMigrations(db.url, [...eventStoreMigrations, ...readModelMigrations.slice(0, v2At)]);
  const client = new pg.Client({ connectionString: db.url });
  client.on('error', () => undefined); // the server stopping at the end
  await client.connect();
  const doc = `jsonb_build_object(
      'statementId', id, 'revision', 0, 'status', 'active',
      'actor', jsonb_build_object('country', 'KOR', 'body', 'National Security Office', 'person', 'Kim Tae-hyo', 'role', 'First Deputy Director'),
      'topic', 'aukus-pillar-ii', 'target', 'JPN', 'position', 'considering', 'statedAt', '2024-11',
      'summary', 'Seoul is positively considering joining Pillar II as a cooperating partner, officials said after the meeting in Washington.',
      'quote', repeat('적극 검토 ', 40), 'quoteLanguage', 'ko',
      'source', jsonb_build_object('url', 'https://example.org/korea-pro/aukus/' || n, 'publisher', 'Korea Pro', 'publishedAt', '2024-11-05'),
      'cameoCode', '0312', 'utteranceId', null,
      'recordedAt', '2026-11-23T10:00:00.000Z', 'recordedBy', 'alice', 'revisedAt', '2026-11-23T10:00:00.000Z', 'revisedBy', 'alice')`;
  const started = Date.now();
  await client.query(`
    INSERT INTO statement_versions (statement_id, revision, log_position, recorded_from, status, country, topic, target, position, stated_from, record_log_position, doc)
    SELECT id, 0, n, now(), 'active', 'KOR', 'aukus-pillar-ii', 'JPN', 'considering', '2024-11-01', n, ${doc}
      FROM (SELECT n, md5(n::text)::uuid AS id FROM generate_series(1, ${count}) n) g;
    INSERT INTO statements (statement_id, revision, status, country, topic, target, position, stated_from, stated_at, record_log_position, log_position)
    SELECT statement_id, 0, 'active', country, topic, target, position, stated_from, '2024-11', record_log_position, log_position FROM statement_versions;`);
  await client.query('VACUUM ANALYZE statements');
  await client.query('VACUUM ANALYZE statement_versions');
  const { rows } = await client.query(
    `SELECT pg_size_pretty(pg_total_relation_size('statement_versions')) AS versions, pg_size_pretty(pg_total_relation_size('statements')) AS statements`,
  );
  console.log(
    `made ${count} statements in ${((Date.now() - started) / 1000).toFixed(1)} s (statement_versions ${rows[0].versions}, statements ${rows[0].statements})`,
  );
  if (process.argv.includes('--by-statement')) {
    // Each statement of the migration timed alone (the migration itself runs them as one).
    let sql = '';
    await new v2().up({ query: async (text) => void (sql = text) });
    for (const statement of sql
      .split(/;\s*\n/)
      .map((text) => text.trim())
      .filter(Boolean)) {
      const at = Date.now();
      await client.query(statement);
      console.log(`${((Date.now() - at) / 1000).toFixed(1)} s  ${statement.replace(/\s+/g, ' ').slice(0, 90)}`);
    }
    await client.end();
  } else {
    await client.end();
    // Each later migration alone, in order, as a start would run them.
    for (let at = v2At; at < readModelMigrations.length; at++) {
      const started = Date.now();
      await runMigrations(db.url, [...eventStoreMigrations, ...readModelMigrations.slice(0, at + 1)]);
      console.log(`${readModelMigrations[at].name}: ${((Date.now() - started) / 1000).toFixed(1)} s for ${count} statements`);
    }
  }
} finally {
  await db.stop();
  rmSync(dataDir, { recursive: true, force: true });
}
