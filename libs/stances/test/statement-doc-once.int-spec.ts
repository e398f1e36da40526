import { eventStoreMigrations } from '@app/event-store';
import { runMigrations } from '@app/platform';
import { getStatement, listStatements, readModelMigrations, type StatementView } from '@app/stances';
import pg from 'pg';
import type { QueryRunner } from 'typeorm';
import { createTestDatabase, queryRows, type TestDatabase } from '../../../test/support/database.js';

// An existing ledger, migrated before the statement document was kept once: its
// statements carry `doc`, and upgrading must leave every statement readable as it was.

const statementId = '0190a6f0-0000-7000-8000-000000000001';

/** A statement's document as v1 stored it (no holder, attribution, modality or sources). */
type V1Doc = Omit<StatementView, 'holder' | 'attribution' | 'modality' | 'sources' | 'source'> & { source: Record<string, unknown> };

function v1Doc(revision: number, position: string): V1Doc {
  return {
    statementId,
    revision,
    status: 'active',
    actor: { country: 'CHN', body: 'Ministry of Foreign Affairs', person: null, role: null },
    topic: 'aukus-pillar-2',
    target: 'JPN',
    position,
    statedAt: '2024-04-09',
    summary: 'Objects to Japan joining Pillar II.',
    quote: null,
    quoteLanguage: null,
    source: { url: 'https://www.fmprc.gov.cn/', publisher: 'MFA', publishedAt: '2024-04-09' },
    cameoCode: '112',
    utteranceId: null,
    recordedAt: '2024-04-10T08:00:00.000Z',
    recordedBy: 'analyst',
    revisedAt: revision === 1 ? '2024-04-10T08:00:00.000Z' : '2024-04-11T09:00:00.000Z',
    revisedBy: 'analyst',
  };
}

/** The same statement as served after the upgrade to v2 (later migrations): the v1 upcast's fields added. */
function view(revision: number, position: string): StatementView {
  const doc = v1Doc(revision, position);
  const source = { ...doc.source, title: null } as StatementView['source'];
  return { ...doc, holder: 'CHN', attribution: 'on_record', modality: 'firm', sources: [source], source };
}

const [createReadModels, coveringIndex, docOnce] = readModelMigrations;

let db: TestDatabase;
let pool: pg.Pool;

beforeAll(async () => {
  db = await createTestDatabase('doc_once');
  await runMigrations(db.url, [...eventStoreMigrations, createReadModels, coveringIndex]);
  const first = v1Doc(1, 'oppose');
  const current = v1Doc(2, 'strongly_oppose');
  const version = (doc: V1Doc, logPosition: number, supersededAt: number | null) =>
    `(${[
      `'${statementId}'`,
      doc.revision,
      logPosition,
      `'${doc.revisedAt}'`,
      supersededAt ? `'${current.revisedAt}'` : 'NULL',
      supersededAt ?? 'NULL',
      `'active'`,
      `'CHN'`,
      `'aukus-pillar-2'`,
      `'JPN'`,
      `'${doc.position}'`,
      `'2024-04-09'`,
      'NULL',
      1,
      `'${JSON.stringify(doc)}'`,
    ].join(', ')})`;
  await queryRows(
    db.url,
    `
    INSERT INTO statement_versions (statement_id, revision, log_position, recorded_from, recorded_to, superseded_at, status, country, topic,
                                    target, position, stated_from, utterance_id, record_log_position, doc)
    VALUES ${version(first, 1, 2)}, ${version(current, 2, null)};
    INSERT INTO statements (statement_id, revision, status, country, topic, target, position, stated_from, stated_at, utterance_id,
                            record_log_position, log_position, doc)
    VALUES ('${statementId}', 2, 'active', 'CHN', 'aukus-pillar-2', 'JPN', 'strongly_oppose', '2024-04-09', '2024-04-09', NULL, 1, 2,
            '${JSON.stringify(current)}')`,
  );
  pool = new pg.Pool({ connectionString: db.url, max: 2 });
});

afterAll(async () => {
  await pool?.end();
  await db?.drop();
});

test('upgrading keeps the document once, in the versions, and every statement reads as before', async () => {
  // This migration, and those added after it (which this test does not concern).
  const later = readModelMigrations.slice(readModelMigrations.indexOf(docOnce) + 1).map((migration) => migration.name);
  expect(await runMigrations(db.url, [...eventStoreMigrations, ...readModelMigrations])).toEqual([docOnce.name, ...later]);
  const columns = await queryRows<{ column_name: string }>(db.url, `SELECT column_name FROM information_schema.columns WHERE table_name = 'statements'`);
  expect(columns.map((column) => column.column_name)).not.toContain('doc');

  expect(await getStatement(pool, statementId)).toEqual(view(2, 'strongly_oppose'));
  expect(await getStatement(pool, statementId, '2024-04-10T12:00:00.000Z')).toMatchObject({ revision: 1, position: 'oppose' });
  expect((await listStatements(pool, { topic: 'aukus-pillar-2', limit: 10 })).items).toEqual([view(2, 'strongly_oppose')]);
});

test("the migration can be undone: the current version's document goes back into statements", async () => {
  const client = await pool.connect();
  try {
    await new docOnce().down({ query: (sql: string) => client.query(sql) } as unknown as QueryRunner);
    const [row] = (await client.query<{ doc: StatementView }>('SELECT doc FROM statements')).rows;
    expect(row.doc).toEqual(view(2, 'strongly_oppose'));
  } finally {
    client.release();
  }
});
