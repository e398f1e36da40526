import { AUKUS, COMMONS_COMMITTEE } from '../../statements/src/testing/actor-fixtures.js';
import { GivenLog, ProjectionSpecs, type StanceRow } from './projection-spec.js';

// The current-stances read model: one row per key (holder, topic, target — a null target
// is a key of its own), from the key's active statements in stance order (statedFrom, then
// the StatementRecorded's logPosition): the last one's position, since the start of its
// run of equal positions. Corrections and retractions recompute the keys they touch; a key
// left with no active statement has no row.

let specs: ProjectionSpecs;

beforeAll(async () => {
  specs = await ProjectionSpecs.create();
});

afterAll(async () => {
  await specs?.drop();
});

const KOR_ON_KOR = { holder: 'KOR', topic: 'aukus-pillar-ii', target: 'KOR' };

type Key = { holder: string; topic: string; target: string | null };
/** What the last statement and the holder give a row; for a country holding on record, firmly, by default. */
type Given = Partial<Pick<StanceRow, 'holder_kind' | 'attribution' | 'modality'>>;

/** A stance row; `last` is the key's last statement in stance order (its statedAt start, its record position). */
function stance(key: Key, row: Omit<StanceRow, keyof Key | keyof Given> & Given): StanceRow {
  return { holder_kind: 'country', attribution: 'on_record', modality: 'firm', ...key, ...row };
}

test('statements on one key: the last in statedFrom order decides, since the start of its run', async () => {
  const given = new GivenLog()
    .record('s1', { position: 'opposes', statedAt: '2024-01' })
    .record('s2', { position: 'considering', statedAt: '2024-06' })
    .record('s3', { position: 'considering', statedAt: '2024-09' });
  await specs.expectRows(given, {
    stances: [
      stance(KOR_ON_KOR, {
        position: 'considering',
        score: 1,
        stated_at: '2024-09',
        statement: 's3',
        since: '2024-06',
        statement_count: 3,
        last_stated_from: '2024-09-01T00:00:00.000Z',
        last_record_log_position: 3,
      }),
    ],
  });
});

test('a statement recorded late but stated earlier does not take the stance over', async () => {
  const given = new GivenLog().record('s1', { position: 'supports', statedAt: '2024-09' }).record('s2', { position: 'opposes', statedAt: '2024-01' });
  await specs.expectRows(given, {
    stances: [
      stance(KOR_ON_KOR, {
        position: 'supports',
        score: 2,
        stated_at: '2024-09',
        statement: 's1',
        since: '2024-09',
        statement_count: 2,
        last_stated_from: '2024-09-01T00:00:00.000Z',
        last_record_log_position: 1,
      }),
    ],
  });
});

test('ties on statedFrom go by the recording position, not by a later correction (2024-05 and 2024-05-01 tie)', async () => {
  const given = new GivenLog()
    .record('s1', { position: 'opposes', statedAt: '2024-05-01' })
    .record('s2', { position: 'supports', statedAt: '2024-05' })
    .correct('s1', { summary: 'Corrected after s2 was recorded.' });
  await specs.expectRows(given, {
    stances: [
      stance(KOR_ON_KOR, {
        position: 'supports',
        score: 2,
        stated_at: '2024-05',
        statement: 's2',
        since: '2024-05',
        statement_count: 2,
        last_stated_from: '2024-05-01T00:00:00.000Z',
        last_record_log_position: 2,
      }),
    ],
  });
});

test('target null and target set are different keys', async () => {
  const given = new GivenLog()
    .record('s1', { position: 'concerned', statedAt: '2024-02' })
    .record('s2', { target: null, position: 'neutral', statedAt: '2024-03' })
    .record('s3', { target: 'AUS', position: 'opposes', statedAt: '2024-04' });
  await specs.expectRows(given, {
    stances: [
      stance(
        { ...KOR_ON_KOR, target: null },
        {
          position: 'neutral',
          score: 0,
          stated_at: '2024-03',
          statement: 's2',
          since: '2024-03',
          statement_count: 1,
          last_stated_from: '2024-03-01T00:00:00.000Z',
          last_record_log_position: 2,
        },
      ),
      stance(
        { ...KOR_ON_KOR, target: 'AUS' },
        {
          position: 'opposes',
          score: -2,
          stated_at: '2024-04',
          statement: 's3',
          since: '2024-04',
          statement_count: 1,
          last_stated_from: '2024-04-01T00:00:00.000Z',
          last_record_log_position: 3,
        },
      ),
      stance(KOR_ON_KOR, {
        position: 'concerned',
        score: -1,
        stated_at: '2024-02',
        statement: 's1',
        since: '2024-02',
        statement_count: 1,
        last_stated_from: '2024-02-01T00:00:00.000Z',
        last_record_log_position: 1,
      }),
    ],
  });
});

test('a correction moving a statement to another key: the old key is recomputed without it, the new key gets it', async () => {
  const given = new GivenLog()
    .record('s1', { position: 'opposes', statedAt: '2024-01' })
    .record('s2', { position: 'supports', statedAt: '2024-06' })
    .correct('s2', { target: 'AUS' });
  await specs.expectRows(given, {
    stances: [
      stance(
        { ...KOR_ON_KOR, target: 'AUS' },
        {
          position: 'supports',
          score: 2,
          stated_at: '2024-06',
          statement: 's2',
          since: '2024-06',
          statement_count: 1,
          last_stated_from: '2024-06-01T00:00:00.000Z',
          last_record_log_position: 2,
        },
      ),
      stance(KOR_ON_KOR, {
        position: 'opposes',
        score: -2,
        stated_at: '2024-01',
        statement: 's1',
        since: '2024-01',
        statement_count: 1,
        last_stated_from: '2024-01-01T00:00:00.000Z',
        last_record_log_position: 1,
      }),
    ],
  });
});

test("a correction moving a key's only statement (target to null, then to another country): the emptied keys have no row", async () => {
  const given = new GivenLog()
    .record('s1', { position: 'considering', statedAt: '2024-11' })
    .correct('s1', { target: null })
    .correct('s1', { actor: { country: 'JPN' } });
  await specs.expectRows(given, {
    stances: [
      stance(
        { holder: 'JPN', topic: 'aukus-pillar-ii', target: null },
        {
          position: 'considering',
          score: 1,
          stated_at: '2024-11',
          statement: 's1',
          since: '2024-11',
          statement_count: 1,
          last_stated_from: '2024-11-01T00:00:00.000Z',
          last_record_log_position: 1,
        },
      ),
    ],
  });
});

test('a retraction of the last statement of a key removes its stance; of the latest of two, the earlier one stands again', async () => {
  const given = new GivenLog()
    .record('s1', { target: 'AUS' })
    .record('s2', { position: 'opposes', statedAt: '2024-01' })
    .record('s3', { position: 'supports', statedAt: '2024-06' })
    .retract('s1')
    .retract('s3');
  await specs.expectRows(given, {
    stances: [
      stance(KOR_ON_KOR, {
        position: 'opposes',
        score: -2,
        stated_at: '2024-01',
        statement: 's2',
        since: '2024-01',
        statement_count: 1,
        last_stated_from: '2024-01-01T00:00:00.000Z',
        last_record_log_position: 2,
      }),
    ],
  });
});

test("a correction of an earlier statement's position moves 'since' to where the run now starts", async () => {
  const given = new GivenLog()
    .record('s1', { position: 'supports', statedAt: '2024-01' })
    .record('s2', { position: 'supports', statedAt: '2024-06' })
    .correct('s1', { position: 'opposes' });
  await specs.expectRows(given, {
    stances: [
      stance(KOR_ON_KOR, {
        position: 'supports',
        score: 2,
        stated_at: '2024-06',
        statement: 's2',
        since: '2024-06',
        statement_count: 2,
        last_stated_from: '2024-06-01T00:00:00.000Z',
        last_record_log_position: 2,
      }),
    ],
  });
});

test('a statement recorded and retracted in the same batch leaves no stance', async () => {
  const given = new GivenLog().record('s1').retract('s1').record('s2', { target: null }).retract('s2');
  await specs.expectRows(given, { stances: [] });
});

test('a registered actor holds its own key: its kind from the actors, how the last statement was attributed and put', async () => {
  const given = new GivenLog()
    .registerActor(AUKUS)
    .record('s2', { holder: 'aukus', attribution: 'unnamed_official', modality: 'hedged', position: 'considering', statedAt: '2024-11' })
    .record('s3', { position: 'supports', statedAt: '2024-10' });
  await specs.expectRows(given, {
    stances: [
      stance(KOR_ON_KOR, {
        position: 'supports',
        score: 2,
        stated_at: '2024-10',
        statement: 's3',
        since: '2024-10',
        statement_count: 1,
        last_stated_from: '2024-10-01T00:00:00.000Z',
        last_record_log_position: 3,
      }),
      stance(
        { ...KOR_ON_KOR, holder: 'aukus' },
        {
          holder_kind: 'organization',
          attribution: 'unnamed_official',
          modality: 'hedged',
          position: 'considering',
          score: 1,
          stated_at: '2024-11',
          statement: 's2',
          since: '2024-11',
          statement_count: 1,
          last_stated_from: '2024-11-01T00:00:00.000Z',
          last_record_log_position: 2,
        },
      ),
    ],
  });
});

test('an actor registered in the batch before its first statement, then a second statement appended to its key', async () => {
  const given = new GivenLog()
    .registerActor(COMMONS_COMMITTEE)
    .record('s2', { holder: 'gbr-commons-fac', position: 'concerned', statedAt: '2024-01' })
    .record('s3', { holder: 'gbr-commons-fac', attribution: 'reported', position: 'concerned', statedAt: '2024-02' });
  await specs.expectRows(given, {
    stances: [
      stance(
        { ...KOR_ON_KOR, holder: 'gbr-commons-fac' },
        {
          holder_kind: 'legislature',
          attribution: 'reported',
          position: 'concerned',
          score: -1,
          stated_at: '2024-02',
          statement: 's3',
          since: '2024-01',
          statement_count: 2,
          last_stated_from: '2024-02-01T00:00:00.000Z',
          last_record_log_position: 3,
        },
      ),
    ],
  });
});

test("a correction changing the holder moves the statement from the country's key to the actor's; the country's key has no row left", async () => {
  const given = new GivenLog()
    .registerActor(AUKUS)
    .record('s2', { position: 'considering', statedAt: '2024-11' })
    .correct('s2', { holder: 'aukus', attribution: 'reported' });
  await specs.expectRows(given, {
    stances: [
      stance(
        { ...KOR_ON_KOR, holder: 'aukus' },
        {
          holder_kind: 'organization',
          attribution: 'reported',
          position: 'considering',
          score: 1,
          stated_at: '2024-11',
          statement: 's2',
          since: '2024-11',
          statement_count: 1,
          last_stated_from: '2024-11-01T00:00:00.000Z',
          last_record_log_position: 2,
        },
      ),
    ],
  });
});
