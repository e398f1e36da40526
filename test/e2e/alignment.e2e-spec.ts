import { AUKUS } from '../../libs/statements/src/testing/actor-fixtures.js';
import { startTestServer, type CallResult, type TestServer } from '../support/server.js';

// GET /v1/alignment (CONTRACT.md, v2 additions, "Finding and counting"): a hand-made ledger
// whose answers are worked out below by hand — the utterance exclusion, minShared, holders,
// topic, asOf/knownAt/attribution each changing the answer, the rounding at an exact .5 —
// the pairs agreeing with what /v1/stances answers for the same filters, and bad input.

let api: TestServer;
const T = 'alignment-main';
const OTHER = 'alignment-other';
const ROUNDING = 'alignment-rounding';
const JOINT = '5a1f0c3e-7b2d-4c8e-9f10-0123456789ab';
/** Before the last three writes: a statement by GBR, one by USA, and a correction of GBR's joint statement. */
let mark: string;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function record(body: Record<string, unknown>) {
  const result = await api.call('POST', '/v1/statements', { body: { topic: T, source: { url: 'https://example.org/alignment' }, ...body } });
  expect([result.status, result.body?.errors]).toEqual([201, undefined]);
  return result.body;
}

async function get(path: string): Promise<CallResult> {
  return api.call('GET', path, { role: 'reader' });
}

async function alignment(query: string) {
  const result = await get(`/v1/alignment?${query}`);
  expect([result.status, result.body?.errors]).toEqual([200, undefined]);
  return result.body.items;
}

const pair = (a: string, b: string, shared: number, agreement: number) => ({ a, b, shared, agreement });

beforeAll(async () => {
  api = await startTestServer();
  for (const slug of [T, OTHER, ROUNDING]) expect((await api.call('POST', '/v1/topics', { body: { slug, title: slug } })).status).toBe(201);
  expect((await api.call('POST', '/v1/actors', { body: AUKUS })).status).toBe(201);
  // On JPN: USA +2, AUS +2, CHN −2. On no target: USA +1, AUS 0, CHN −2.
  await record({ actor: { country: 'USA' }, target: 'JPN', position: 'supports', statedAt: '2024-01-10' });
  await record({ actor: { country: 'AUS' }, target: 'JPN', position: 'supports', statedAt: '2024-01-12' });
  await record({ actor: { country: 'CHN' }, target: 'JPN', position: 'opposes', statedAt: '2024-01-15' });
  await record({ actor: { country: 'USA' }, target: null, position: 'considering', statedAt: '2024-02-01' });
  await record({ actor: { country: 'AUS' }, target: null, position: 'neutral', statedAt: '2024-02-03' });
  await record({ actor: { country: 'CHN' }, target: null, position: 'opposes', statedAt: '2024-02-05' });
  // One joint statement on KOR (AUS, GBR, USA), and AUKUS itself as told by a Korean official.
  for (const country of ['AUS', 'GBR', 'USA']) {
    await record({ actor: { country }, target: 'KOR', position: 'supports', statedAt: '2024-03-01', utteranceId: JOINT });
  }
  await record({ holder: 'aukus', attribution: 'reported', actor: { country: 'KOR' }, target: 'KOR', position: 'supports', statedAt: '2024-03-05' });
  // The other topic: one more key for AUS and USA, far apart.
  await record({ topic: OTHER, actor: { country: 'AUS' }, target: null, position: 'supports', statedAt: '2024-01-01' });
  await record({ topic: OTHER, actor: { country: 'USA' }, target: null, position: 'opposes', statedAt: '2024-01-01' });
  await sleep(20);
  mark = new Date().toISOString();
  await sleep(20);
  // Known only after the mark: GBR concerned on JPN (anonymous sources), USA opposing on no
  // target in May (an unnamed official), and GBR's joint statement no longer part of the utterance.
  const gbrJoint = (await get(`/v1/statements?topic=${T}&country=GBR&target=KOR`)).body.items[0];
  await record({ attribution: 'anonymous_sources', actor: { country: 'GBR' }, target: 'JPN', position: 'concerned', statedAt: '2024-04-01' });
  await record({ attribution: 'unnamed_official', actor: { country: 'USA' }, target: null, position: 'opposes', statedAt: '2024-05-01' });
  const corrected = await api.call('POST', `/v1/statements/${gbrJoint.statementId}/corrections`, {
    body: { changes: { utteranceId: null }, reason: 'Said apart from the joint statement.' },
  });
  expect(corrected.status).toBe(200);
});
afterAll(async () => {
  await api.stop();
});

describe('the pairs of a topic', () => {
  test('every pair a < b over the keys both hold, a key on one utterance left out, ordered by agreement, shared, a, b', async () => {
    // JPN: USA +2 AUS +2 CHN −2 GBR −1 · none: USA −2 AUS 0 CHN −2 · KOR: AUS, USA (joint) +2, GBR +2, aukus +2.
    expect(await alignment(`topic=${T}`)).toEqual([
      pair('AUS', 'aukus', 1, 1),
      pair('GBR', 'aukus', 1, 1),
      pair('USA', 'aukus', 1, 1),
      pair('AUS', 'USA', 2, 0.75), // JPN 1, none 1 − 2/4; KOR on the joint statement left out
      pair('CHN', 'GBR', 1, 0.75),
      pair('AUS', 'GBR', 2, 0.625), // JPN 1 − 3/4, KOR 1 (GBR's no longer joint)
      pair('GBR', 'USA', 2, 0.625),
      pair('CHN', 'USA', 2, 0.5),
      pair('AUS', 'CHN', 2, 0.25),
    ]);
  });

  test('minShared leaves out thinner pairs', async () => {
    expect(await alignment(`topic=${T}&minShared=2`)).toEqual([
      pair('AUS', 'USA', 2, 0.75),
      pair('AUS', 'GBR', 2, 0.625),
      pair('GBR', 'USA', 2, 0.625),
      pair('CHN', 'USA', 2, 0.5),
      pair('AUS', 'CHN', 2, 0.25),
    ]);
    expect(await alignment(`topic=${T}&minShared=3`)).toEqual([]);
  });

  test('holders keeps the pairs among them; without topic every topic counts', async () => {
    expect(await alignment(`topic=${T}&holders=USA,aukus,AUS`)).toEqual([pair('AUS', 'aukus', 1, 1), pair('USA', 'aukus', 1, 1), pair('AUS', 'USA', 2, 0.75)]);
    expect(await alignment(`topic=${T}&holders=CHN,aukus`)).toEqual([]);
    // The other topic adds a key where AUS supports and USA opposes: (1 + 0.5 + 0) / 3.
    expect(await alignment('holders=AUS,USA')).toEqual([pair('AUS', 'USA', 3, 0.5)]);
  });
});

describe('time travel and attribution change the stances, and so the pairs', () => {
  test('attribution: only what was said on the record, as if the rest did not exist', async () => {
    // USA on no target falls back to considering; GBR's JPN and aukus's reported stance go.
    expect(await alignment(`topic=${T}&attribution=on_record`)).toEqual([
      pair('AUS', 'GBR', 1, 1),
      pair('GBR', 'USA', 1, 1),
      pair('AUS', 'USA', 2, 0.875),
      pair('AUS', 'CHN', 2, 0.25),
      pair('CHN', 'USA', 2, 0.125),
    ]);
  });

  test("asOf: USA's May statement not yet said", async () => {
    expect(await alignment(`topic=${T}&asOf=2024-04-30`)).toEqual([
      pair('AUS', 'aukus', 1, 1),
      pair('GBR', 'aukus', 1, 1),
      pair('USA', 'aukus', 1, 1),
      pair('AUS', 'USA', 2, 0.875),
      pair('CHN', 'GBR', 1, 0.75),
      pair('AUS', 'GBR', 2, 0.625),
      pair('GBR', 'USA', 2, 0.625),
      pair('AUS', 'CHN', 2, 0.25),
      pair('CHN', 'USA', 2, 0.125),
    ]);
  });

  test('knownAt: the ledger before the last writes — GBR still in the joint statement, its utterance as then known', async () => {
    expect(await alignment(`topic=${T}&knownAt=${mark}`)).toEqual([
      pair('AUS', 'aukus', 1, 1),
      pair('GBR', 'aukus', 1, 1),
      pair('USA', 'aukus', 1, 1),
      pair('AUS', 'USA', 2, 0.875),
      pair('AUS', 'CHN', 2, 0.25),
      pair('CHN', 'USA', 2, 0.125),
    ]);
  });

  test('for every filter, the pairs are those of the stances /v1/stances answers', async () => {
    for (const filter of [`topic=${T}`, `topic=${T}&attribution=on_record,reported`, `topic=${T}&asOf=2024-02-04`, `topic=${T}&knownAt=${mark}`, '']) {
      const stances = (await get(`/v1/stances?${filter}`)).body.items;
      const knownAt = /knownAt=([^&]+)/.exec(filter)?.[1];
      const utterance = new Map<string, string | null>();
      for (const stance of stances) {
        const statement = await get(`/v1/statements/${stance.statementId}${knownAt ? `?knownAt=${knownAt}` : ''}`);
        utterance.set(stance.statementId, statement.body.utteranceId);
      }
      const pairs = new Map<string, { shared: number; sum: number }>();
      for (const x of stances) {
        for (const y of stances) {
          if (!(x.holder < y.holder) || x.topic !== y.topic || x.target !== y.target) continue;
          const u = utterance.get(x.statementId);
          if (u !== null && u === utterance.get(y.statementId)) continue;
          const entry = pairs.get(`${x.holder} ${y.holder}`) ?? { shared: 0, sum: 0 };
          entry.shared++;
          entry.sum += 1 - Math.abs(x.score - y.score) / 4;
          pairs.set(`${x.holder} ${y.holder}`, entry);
        }
      }
      const answered = await alignment(filter);
      expect([filter, answered.length]).toEqual([filter, pairs.size]);
      for (const item of answered) {
        const expected = pairs.get(`${item.a} ${item.b}`)!;
        expect([filter, item.shared]).toEqual([filter, expected.shared]);
        expect(item.agreement).toBeCloseTo(expected.sum / expected.shared, 4);
      }
    }
  });
});

test('agreement rounds half away from zero in exact decimal: 631/800 = 0.78875 → 0.7888, where a float mean gives 0.7887', async () => {
  const countries = (await get('/v1/reference/countries')).body.items.filter((c: { former: boolean }) => !c.former).map((c: { code: string }) => c.code);
  // EST and FIN on 200 keys: FIN opposes on all; EST supports on 42 (gap 4), is concerned on one (gap 1), opposes on 157.
  const statements = countries.slice(0, 200).flatMap((target: string, index: number) =>
    [
      { actor: { country: 'FIN' }, position: 'opposes' },
      { actor: { country: 'EST' }, position: index < 42 ? 'supports' : index === 42 ? 'concerned' : 'opposes' },
    ].map((said) => ({ ...said, topic: ROUNDING, target, statedAt: '2024-06-01', source: { url: 'https://example.org/rounding' } })),
  );
  for (let start = 0; start < statements.length; start += 100) {
    const batch = await api.call('POST', '/v1/statements/batch', { body: { statements: statements.slice(start, start + 100) } });
    expect([batch.status, batch.body?.errors]).toEqual([201, undefined]);
  }
  expect(Math.round(((42 * 0 + 0.75 + 157 * 1) / 200) * 1e4) / 1e4).toBe(0.7887);
  expect(await alignment(`topic=${ROUNDING}`)).toEqual([pair('EST', 'FIN', 200, 0.7888)]);
});

describe('bad input', () => {
  function expectProblem(result: CallResult, status: number, pointer: string) {
    expect([result.status, result.headers.get('content-type')]).toEqual([status, expect.stringContaining('application/problem+json')]);
    expect(result.body.errors.map((e: { pointer: string }) => e.pointer)).toEqual([pointer]);
  }

  test('holders with 1 or 51 codes, or one twice, or not a holder → 400 naming holders', async () => {
    const codes = (await get('/v1/reference/countries')).body.items.map((c: { code: string }) => c.code);
    expectProblem(await get('/v1/alignment?holders=AUS'), 400, '/query/holders');
    expectProblem(await get(`/v1/alignment?holders=${codes.slice(0, 51).join(',')}`), 400, '/query/holders');
    expect((await get(`/v1/alignment?holders=${codes.slice(0, 50).join(',')}`)).status).toBe(200);
    expectProblem(await get('/v1/alignment?holders=AUS,AUS'), 400, '/query/holders');
    expectProblem(await get('/v1/alignment?holders=AUS,usa'), 400, '/query/holders');
    expectProblem(await get('/v1/alignment?holders=AUS,'), 400, '/query/holders');
  });

  test('an unregistered slug among the holders → 422 naming holders', async () => {
    const result = await get('/v1/alignment?holders=AUS,no-such-actor');
    expectProblem(result, 422, '/query/holders');
    expect(result.body.detail).toContain('no-such-actor');
  });

  test('an unknown filter, minShared 0 or not an integer, a bad attribution, asOf or topic → 400 with the pointer', async () => {
    expectProblem(await get('/v1/alignment?colour=blue'), 400, '/query/colour');
    expectProblem(await get('/v1/alignment?holder=AUS'), 400, '/query/holder');
    expectProblem(await get('/v1/alignment?minShared=0'), 400, '/query/minShared');
    expectProblem(await get('/v1/alignment?minShared=1.5'), 400, '/query/minShared');
    expectProblem(await get('/v1/alignment?attribution=gossip'), 400, '/query/attribution');
    expectProblem(await get('/v1/alignment?asOf=yesterday'), 400, '/query/asOf');
    expectProblem(await get('/v1/alignment?topic=Not%20A%20Slug'), 400, '/query/topic');
  });

  test('nothing answers 5xx, and a reader may ask; no token is refused', async () => {
    const odd = [
      'holders=%00,AUS',
      `holders=${'A'.repeat(5000)},AUS`,
      'minShared=99999999999999999999',
      'knownAt=9999-12-31',
      'asOf=0001-01-01',
      'holders=,',
      'topic=',
    ];
    for (const query of odd) {
      const result = await get(`/v1/alignment?${query}`);
      expect([query, result.status < 500]).toEqual([query, true]);
    }
    expect((await get('/v1/alignment')).status).toBe(200);
    expect((await api.call('GET', '/v1/alignment', { role: null })).status).toBe(401);
  });
});
