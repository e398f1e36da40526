import { AUKUS, COMMONS_COMMITTEE } from '../../libs/statements/src/testing/actor-fixtures.js';
import { startTestServer, type CallResult, type TestServer } from '../support/server.js';

// Stances keyed by (holder, topic, target) over HTTP (CONTRACT.md, v2 additions, "Stance —
// new fields and filters"): an actor as holder and as target, the v1 `country` filter and
// field unchanged, the `holder` and `attribution` filters (with asOf/knownAt), and the
// history's `shift` and `orderUncertain`.

let api: TestServer;
const TOPIC = 'holder-topic';

beforeAll(async () => {
  api = await startTestServer();
  expect((await api.call('POST', '/v1/topics', { body: { slug: TOPIC, title: 'Stances by holder' } })).status).toBe(201);
  for (const actor of [AUKUS, COMMONS_COMMITTEE]) expect((await api.call('POST', '/v1/actors', { body: actor })).status).toBe(201);
});
afterAll(async () => {
  await api.stop();
});

async function record(body: Record<string, unknown>) {
  const result = await api.call('POST', '/v1/statements', { body: { topic: TOPIC, source: { url: 'https://example.org/a' }, ...body } });
  expect([result.status, result.body?.errors]).toEqual([201, undefined]);
  return result.body;
}

async function get(path: string): Promise<CallResult> {
  return api.call('GET', path, { role: 'reader' });
}

async function stances(query: string) {
  const result = await get(`/v1/stances?topic=${TOPIC}&${query}`);
  expect(result.status).toBe(200);
  return result.body.items;
}

async function history(query: string) {
  const result = await get(`/v1/stances/history?topic=${TOPIC}&${query}`);
  expect(result.status).toBe(200);
  return result.body.items;
}

function expectProblem(result: CallResult, status: number, pointer: string) {
  expect([result.status, result.headers.get('content-type')]).toEqual([status, expect.stringContaining('application/problem+json')]);
  expect(result.body.errors.map((e: { pointer: string }) => e.pointer)).toEqual([pointer]);
}

describe('an actor as holder', () => {
  let aukus: any;
  let china: any;

  beforeAll(async () => {
    // "AUKUS is considering the ROK", as told by an unnamed US official; China opposing AUKUS itself.
    aukus = await record({
      holder: 'aukus',
      attribution: 'unnamed_official',
      modality: 'hedged',
      actor: { country: 'USA', body: 'National Security Council' },
      target: 'KOR',
      position: 'considering',
      statedAt: '2024-11',
    });
    china = await record({ actor: { country: 'CHN' }, target: 'aukus', position: 'opposes', statedAt: '2024-11-20' });
  });

  test('its stance names the holder, its kind, country null, and how the last statement was attributed and put', async () => {
    expect(await stances('holder=aukus')).toEqual([
      {
        holder: 'aukus',
        holderKind: 'organization',
        country: null,
        topic: TOPIC,
        target: 'KOR',
        position: 'considering',
        score: 1,
        statedAt: '2024-11',
        statementId: aukus.statementId,
        since: '2024-11',
        statementCount: 1,
        attribution: 'unnamed_official',
        modality: 'hedged',
      },
    ]);
  });

  test('the speaker country is not the holder: USA holds no stance; a v1 country filter never finds an actor', async () => {
    expect(await stances('country=USA')).toEqual([]);
    expect(await stances('holder=USA')).toEqual([]);
  });

  test('a country holding a stance on an actor: target filter takes the slug; country equals holder', async () => {
    expect(await stances('target=aukus')).toEqual([
      expect.objectContaining({ holder: 'CHN', holderKind: 'country', country: 'CHN', target: 'aukus', statementId: china.statementId }),
    ]);
    expect(await stances('country=CHN')).toEqual(await stances('holder=CHN'));
  });

  test('a body of one country holds its own key, apart from its government', async () => {
    const fac = await record({ holder: 'gbr-commons-fac', actor: { country: 'GBR' }, target: 'KOR', position: 'concerned', statedAt: '2024-12' });
    await record({ actor: { country: 'GBR' }, target: 'KOR', position: 'supports', statedAt: '2024-12' });
    const gbr = (await stances('target=KOR')).filter((s: any) => s.holder === 'GBR' || s.holder === 'gbr-commons-fac');
    expect(gbr.map((s: any) => [s.holder, s.holderKind, s.country, s.position])).toEqual([
      ['GBR', 'country', 'GBR', 'supports'],
      ['gbr-commons-fac', 'legislature', null, 'concerned'],
    ]);
    expect((await stances('country=GBR')).map((s: any) => s.holder)).toEqual(['GBR']);
    expect((await history('holder=gbr-commons-fac&target=KOR')).map((i: any) => i.statementId)).toEqual([fac.statementId]);
  });

  test('lists go by holder (codes before slugs), topic, then target with null first', async () => {
    await record({ actor: { country: 'CHN' }, position: 'concerned', statedAt: '2024-10' });
    const keys = (await stances('')).map((s: any) => `${s.holder}/${s.target ?? '-'}`);
    expect(keys).toEqual(['CHN/-', 'CHN/aukus', 'GBR/KOR', 'aukus/KOR', 'gbr-commons-fac/KOR']);
  });

  test('computed stances (time travel) answer exactly as the stored table, holder kinds included', async () => {
    expect(await stances('asOf=2100-01-01')).toEqual(await stances(''));
    expect(await stances(`knownAt=${new Date().toISOString()}`)).toEqual(await stances(''));
  });
});

describe('the attribution filter', () => {
  const key = 'holder=JPN&target=none';
  let onRecord: any;
  let sources: any;

  beforeAll(async () => {
    onRecord = await record({ actor: { country: 'JPN' }, position: 'supports', statedAt: '2024-01-10' });
    await record({ actor: { country: 'JPN' }, position: 'supports', statedAt: '2024-02-10' });
    sources = await record({ actor: { country: 'JPN' }, attribution: 'anonymous_sources', position: 'opposes', statedAt: '2024-06-01' });
  });

  test('unfiltered, every statement counts: the last one (anonymous sources) holds the stance', async () => {
    expect(await stances(key)).toEqual([
      expect.objectContaining({
        position: 'opposes',
        statementId: sources.statementId,
        since: '2024-06-01',
        statementCount: 3,
        attribution: 'anonymous_sources',
      }),
    ]);
  });

  test('on_record only: the others do not exist for the stance, its since and its count', async () => {
    expect(await stances(`${key}&attribution=on_record`)).toEqual([
      expect.objectContaining({ position: 'supports', statedAt: '2024-02-10', since: '2024-01-10', statementCount: 2, attribution: 'on_record' }),
    ]);
  });

  test('a comma list counts every one named; one with no statements of the key leaves it out', async () => {
    expect(await stances(`${key}&attribution=on_record,anonymous_sources`)).toEqual(await stances(key));
    expect(await stances(`${key}&attribution=reported`)).toEqual([]);
  });

  test('with asOf and knownAt, as before: only what was said, and known, then', async () => {
    expect(await stances(`${key}&attribution=on_record&asOf=2024-01-31`)).toEqual([
      expect.objectContaining({ statementId: onRecord.statementId, statementCount: 1 }),
    ]);
    expect(await stances(`${key}&attribution=anonymous_sources&knownAt=${new Date(Date.parse(sources.recordedAt) - 1).toISOString()}`)).toEqual([]);
  });

  test('the history lists only the statements so attributed', async () => {
    expect((await history(`${key}&attribution=on_record`)).map((i: any) => i.statementId)).toEqual([onRecord.statementId, expect.any(String)]);
    expect(await history(`${key}&attribution=reported`)).toEqual([]);
  });

  test('an unknown attribution → 400 naming it', async () => {
    expectProblem(await get(`/v1/stances?attribution=on_record,gossip`), 400, '/query/attribution');
    expectProblem(await get(`/v1/stances/history?country=JPN&topic=${TOPIC}&target=none&attribution=`), 400, '/query/attribution');
  });
});

describe('history: shift and orderUncertain', () => {
  test('each item shifts against the one before; a day inside the previous month is of uncertain order', async () => {
    const said = [
      ['considering', '2023'],
      ['supports', '2024-03'],
      ['supports', '2024-03-15'],
      ['considering', '2024-04-01'],
      ['neutral', '2024-05-01'],
      ['concerned', '2024-06-01'],
      ['supports', '2024-07-01'],
    ];
    for (const [position, statedAt] of said) await record({ actor: { country: 'IND' }, target: 'KOR', position, statedAt });
    const items = await history('country=IND&target=KOR');
    expect(items.map((i: any) => [i.position, i.change, i.shift, i.orderUncertain])).toEqual([
      ['considering', 'initial', 'none', false],
      ['supports', 'half_flip', 'stronger', false],
      ['supports', 'no_flip', 'none', true],
      ['considering', 'half_flip', 'weaker', false],
      ['neutral', 'half_flip', 'to_neutral', false],
      ['concerned', 'half_flip', 'from_neutral', false],
      ['supports', 'full_flop', 'reversal', false],
    ]);
    expect(await history('holder=IND&target=KOR')).toEqual(items);
  });
});

describe('bad parameters', () => {
  test.each([
    ['holder and country on history', `/v1/stances/history?holder=KOR&country=KOR&topic=${TOPIC}&target=none`, '/query/holder'],
    ['neither holder nor country on history', `/v1/stances/history?topic=${TOPIC}&target=none`, '/query/country'],
    ['a holder that is neither a code nor a slug', '/v1/stances?holder=Kor', '/query/holder'],
    ['a lower-case country code as holder', '/v1/stances?holder=kor', '/query/holder'],
    ['a target that is neither', '/v1/stances?target=Not_A_Slug', '/query/target'],
    ['a slug as country', '/v1/stances?country=aukus', '/query/country'],
  ])('%s → 400 naming the field', async (_case, path, pointer) => {
    expectProblem(await get(path), 400, pointer);
  });
});
