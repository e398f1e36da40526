import { CONTENT } from '../../statements/src/testing/statement-fixtures.js';
import { at, GivenLog, ProjectionSpecs, type StatementRow, type VersionRow } from './projection-spec.js';

// The statements read model (`statements` and `statement_versions`): StatementRecorded
// inserts a statement and its first version; StatementCorrected and StatementRetracted
// update the statement in place, close its current version at their own position and time
// (recorded_to, superseded_at) and open the next.

let specs: ProjectionSpecs;

beforeAll(async () => {
  specs = await ProjectionSpecs.create();
});

afterAll(async () => {
  await specs?.drop();
});

/** The fixture's statement (KOR on Pillar II, target KOR, considering, 2024-11) as recorded at `logPosition`. */
const recordedRow = (statement: string, logPosition: number): StatementRow => ({
  statement,
  revision: 0,
  status: 'active',
  country: 'KOR',
  topic: 'aukus-pillar-ii',
  target: 'KOR',
  position: 'considering',
  stated_at: '2024-11',
  stated_from: '2024-11-01T00:00:00.000Z',
  record_log_position: logPosition,
  log_position: logPosition,
});

const firstVersion = (statement: string, logPosition: number): VersionRow => ({
  statement,
  revision: 0,
  status: 'active',
  country: 'KOR',
  topic: 'aukus-pillar-ii',
  target: 'KOR',
  position: 'considering',
  log_position: logPosition,
  recorded_from: at(logPosition),
  recorded_to: null,
  superseded_at: null,
  summary: CONTENT.summary,
  revised_at: at(logPosition),
});

test('StatementRecorded: a statement at revision 0 and its one open version', async () => {
  const given = new GivenLog().record('s1').foreign().record('s2', { target: null, summary: 'Untargeted.' });
  await specs.expectRows(given, {
    statements: [recordedRow('s1', 1), { ...recordedRow('s2', 3), target: null }],
    versions: [firstVersion('s1', 1), { ...firstVersion('s2', 3), target: null, summary: 'Untargeted.' }],
    topics: [],
  });
});

test('StatementCorrected: the statement takes the merged content; the previous version is closed where the correction stands', async () => {
  const given = new GivenLog().record('s1').correct('s1', { position: 'supports', statedAt: '2025-02-14', summary: 'Seoul now backs joining.' });
  await specs.expectRows(given, {
    statements: [
      { ...recordedRow('s1', 1), revision: 1, position: 'supports', stated_at: '2025-02-14', stated_from: '2025-02-14T00:00:00.000Z', log_position: 2 },
    ],
    versions: [
      { ...firstVersion('s1', 1), recorded_to: at(2), superseded_at: 2 },
      {
        ...firstVersion('s1', 1),
        revision: 1,
        position: 'supports',
        log_position: 2,
        recorded_from: at(2),
        summary: 'Seoul now backs joining.',
        revised_at: at(2),
      },
    ],
  });
});

test('StatementRetracted: the statement is kept, retracted, with a retracted version', async () => {
  const given = new GivenLog().record('s1').record('s2').retract('s1');
  await specs.expectRows(given, {
    statements: [{ ...recordedRow('s1', 1), revision: 1, status: 'retracted', log_position: 3 }, recordedRow('s2', 2)],
    versions: [
      { ...firstVersion('s1', 1), recorded_to: at(3), superseded_at: 3 },
      { ...firstVersion('s1', 1), revision: 1, status: 'retracted', log_position: 3, recorded_from: at(3), revised_at: at(3) },
      firstVersion('s2', 2),
    ],
  });
});

test('a statement recorded, corrected twice and retracted: each version closed by the next, whatever the batches', async () => {
  const given = new GivenLog().record('s1').correct('s1', { summary: 'First correction.' }).correct('s1', { target: null, summary: null }).retract('s1');
  const versions: VersionRow[] = [
    { ...firstVersion('s1', 1), recorded_to: at(2), superseded_at: 2 },
    {
      ...firstVersion('s1', 1),
      revision: 1,
      log_position: 2,
      recorded_from: at(2),
      recorded_to: at(3),
      superseded_at: 3,
      summary: 'First correction.',
      revised_at: at(2),
    },
    {
      ...firstVersion('s1', 1),
      revision: 2,
      target: null,
      log_position: 3,
      recorded_from: at(3),
      recorded_to: at(4),
      superseded_at: 4,
      summary: null,
      revised_at: at(3),
    },
    { ...firstVersion('s1', 1), revision: 3, status: 'retracted', target: null, log_position: 4, recorded_from: at(4), summary: null, revised_at: at(4) },
  ];
  await specs.expectRows(given, {
    statements: [{ ...recordedRow('s1', 1), revision: 3, status: 'retracted', target: null, log_position: 4 }],
    versions,
  });
});
