import type { AppendItem } from '@app/event-store';
import { LedgerGenerator, loadLedger } from '@app/testing';
import type { PostgresEventStore } from '@app/event-store';
import { statementBody } from '../support/demo.js';
import { startTestServer, type TestServer } from '../support/server.js';

/**
 * GET /v1/flips (issue 15, point 1): across keys, exactly the pairs of `/stances/history`
 * that flip — on a generated ledger (a general one, plus statements concentrated on a few
 * keys so that their histories are long), corrections and retractions through the API, and
 * hand-made flips with every attribution and an uncertain order.
 */

interface FlipEnd {
  statementId: string;
  position: string;
  statedAt: string;
}
interface Flip {
  holder: string;
  topic: string;
  target: string | null;
  change: string;
  shift: string;
  orderUncertain: boolean;
  from: FlipEnd;
  to: FlipEnd;
}

const TOPIC = 'flip-check';
let api: TestServer;
/** An instant between the first part of the ledger and the rest. */
let midway: string;

async function get(path: string): Promise<any> {
  const response = await api.call('GET', path, { role: 'reader' });
  if (response.status !== 200) throw new Error(`GET ${path} → ${response.status} ${response.text}`);
  return response.body;
}

/** Every flip the endpoint lists for these filters, page by page. */
async function allFlips(filters: Record<string, string>, limit = 40): Promise<Flip[]> {
  const items: Flip[] = [];
  let cursor: string | null = null;
  do {
    const query: Record<string, string> = { ...filters, limit: String(limit), ...(cursor ? { cursor } : {}) };
    const page = await get(`/v1/flips?${new URLSearchParams(query)}`);
    items.push(...page.items);
    cursor = page.nextCursor;
  } while (cursor);
  return items;
}

/** The flips told by `/stances/history`, key by key, for the keys `/stances` lists with two statements or more under the same filters. */
async function flipsFromHistories(filters: Record<string, string>): Promise<Flip[]> {
  const stances = (await get(`/v1/stances?${new URLSearchParams(filters)}`)).items as {
    holder: string;
    topic: string;
    target: string | null;
    statementCount: number;
  }[];
  const flips: Flip[] = [];
  for (const { holder, topic, target } of stances.filter((stance) => stance.statementCount >= 2)) {
    const key = new URLSearchParams({ holder, topic, target: target ?? 'none', ...filters });
    const items = (await get(`/v1/stances/history?${key}`)).items;
    for (let i = 1; i < items.length; i++) {
      const [from, to] = [items[i - 1], items[i]];
      if (to.change !== 'half_flip' && to.change !== 'full_flop') continue;
      const end = (item: any): FlipEnd => ({ statementId: item.statementId, position: item.position, statedAt: item.statedAt });
      flips.push({ holder, topic, target, change: to.change, shift: to.shift, orderUncertain: to.orderUncertain, from: end(from), to: end(to) });
    }
  }
  return flips;
}

const byLaterStatement = (flips: Flip[]) => [...flips].sort((a, b) => (a.to.statementId < b.to.statementId ? -1 : 1));

async function record(body: Record<string, unknown>): Promise<string> {
  const response = await api.call('POST', '/v1/statements', { body: statementBody(body) });
  expect(response.status).toBe(201);
  return response.body.statementId;
}

beforeAll(async () => {
  api = await startTestServer();
  const store = api.server.runtime.store as PostgresEventStore;
  const generator = new LedgerGenerator(15, 3000, 'flips-e2e');
  await store.append(generator.topicUnit());
  // A general ledger (spread over 40,000 keys, with corrections and retractions) ...
  await loadLedger(store, generator, 1500, { unit: 100, concurrency: 1, log: () => undefined });
  // ... and long histories: 3 countries × 2 topics × 4 targets.
  const concentrated = async (count: number) => {
    for (let done = 0; done < count; done += 100) {
      const items: AppendItem[] = [];
      for (let i = 0; i < 100; i++) {
        const body = generator.statementBody({ country: generator.countries[i % 3], topicIndex: i % 2 });
        items.push(generator.recordItem(body).item);
      }
      await store.append({ items });
    }
  };
  await concentrated(400);
  await get(`/v1/stances?minLogPosition=${(await store.head()).logPosition}`);
  await new Promise((resolve) => setTimeout(resolve, 20));
  midway = new Date().toISOString();
  await new Promise((resolve) => setTimeout(resolve, 20));
  await concentrated(300);
  await loadLedger(store, generator, (await store.head()).logPosition + 500, { unit: 100, concurrency: 1, log: () => undefined });
  await get(`/v1/stances?minLogPosition=${(await store.head()).logPosition}`);

  // Hand-made: one key (CHN, flip-check, none) with every attribution, month and day precisions (an uncertain order) …
  expect((await api.call('POST', '/v1/topics', { body: { slug: TOPIC, title: 'Flip check' } })).status).toBe(201);
  await record({ topic: TOPIC, target: null, position: 'supports', statedAt: '2024-01-05' });
  await record({ topic: TOPIC, target: null, position: 'opposes', statedAt: '2024-02', attribution: 'unnamed_official' });
  await record({ topic: TOPIC, target: null, position: 'concerned', statedAt: '2024-03-10' });
  await record({ topic: TOPIC, target: null, position: 'neutral', statedAt: '2024-03', attribution: 'anonymous_sources' });
  await record({ topic: TOPIC, target: null, position: 'considering', statedAt: '2024-04-02' });
  await record({ topic: TOPIC, target: null, position: 'supports', statedAt: '2024-05-20', attribution: 'unnamed_official' });
  // … and a second key (CHN, flip-check, KOR) that a correction moves a statement into, and a retraction.
  await record({ topic: TOPIC, target: 'KOR', position: 'opposes', statedAt: '2024-01-20' });
  const moved = await record({ topic: TOPIC, target: null, position: 'neutral', statedAt: '2024-06-01' });
  const corrected = await api.call('POST', `/v1/statements/${moved}/corrections`, { body: { changes: { target: 'KOR' }, reason: 'It was about Korea.' } });
  expect(corrected.status).toBe(200);
  const retracted = await record({ topic: TOPIC, target: 'KOR', position: 'supports', statedAt: '2024-07-01' });
  expect((await api.call('POST', `/v1/statements/${retracted}/retraction`, { body: { reason: 'Misattributed.' } })).status).toBe(200);
}, 180_000);

afterAll(async () => {
  await api.stop();
});

describe('agrees with /stances/history for every key', () => {
  it.each<[string, () => Record<string, string>]>([
    ['plain', () => ({})],
    ['asOf', () => ({ asOf: '2012-06-30' })],
    ['knownAt', () => ({ knownAt: midway })],
    ['attribution', () => ({ attribution: 'on_record' })],
    ['attribution (not on record)', () => ({ attribution: 'unnamed_official,anonymous_sources' })],
    ['asOf, knownAt and attribution', () => ({ asOf: '2015-12-31', knownAt: midway, attribution: 'on_record,reported' })],
  ])(
    '%s',
    async (_name, filters) => {
      const expected = await flipsFromHistories(filters());
      const flips = await allFlips(filters());
      expect(byLaterStatement(flips)).toEqual(byLaterStatement(expected));
      expect(new Set(flips.map((flip) => flip.to.statementId)).size).toBe(flips.length);
    },
    120_000,
  );

  it('the generated ledger has enough flips to say so', async () => {
    const flips = await allFlips({}, 500);
    expect(flips.length).toBeGreaterThan(150);
    expect(new Set(flips.map((flip) => flip.change))).toEqual(new Set(['half_flip', 'full_flop']));
    expect(flips.some((flip) => flip.orderUncertain)).toBe(true);
    expect((await allFlips({ knownAt: midway }, 500)).length).toBeLessThan(flips.length);
  });
});

test('ordered by the later statement: statedFrom, then its recording logPosition, descending', async () => {
  const flips = await allFlips({}, 500);
  const { rows } = await api.server.runtime.pool.query<{ statement_id: string; stated_from: Date; record_log_position: string }>(
    `SELECT statement_id, stated_from, record_log_position FROM statements`,
  );
  const order = new Map(rows.map((row) => [row.statement_id, [row.stated_from.getTime(), Number(row.record_log_position)]]));
  const keys = flips.map((flip) => order.get(flip.to.statementId)!);
  for (let i = 1; i < keys.length; i++) {
    const [[t0, p0], [t1, p1]] = [keys[i - 1], keys[i]];
    expect(t0 > t1 || (t0 === t1 && p0 > p1)).toBe(true);
  }
});

test('the hand-made key, told in full', async () => {
  const flips = await allFlips({ topic: TOPIC, target: 'none' });
  expect(flips.map((flip) => [flip.from.position, flip.to.position, flip.change, flip.shift, flip.orderUncertain])).toEqual([
    ['considering', 'supports', 'half_flip', 'stronger', false],
    ['concerned', 'considering', 'full_flop', 'reversal', false],
    // 2024-03 holds 2024-03-10: which was said first is not known.
    ['neutral', 'concerned', 'half_flip', 'from_neutral', true],
    ['opposes', 'neutral', 'half_flip', 'to_neutral', false],
    ['supports', 'opposes', 'full_flop', 'reversal', false],
  ]);
  expect(flips[0]).toMatchObject({ holder: 'CHN', topic: TOPIC, target: null, to: { statedAt: '2024-05-20' }, from: { statedAt: '2024-04-02' } });
  // Counting only what was said on the record, the history (and so the flips) skips the others.
  const onRecord = await allFlips({ topic: TOPIC, target: 'none', attribution: 'on_record' });
  expect(onRecord.map((flip) => [flip.from.statedAt, flip.to.statedAt, flip.change])).toEqual([
    ['2024-03-10', '2024-04-02', 'full_flop'],
    ['2024-01-05', '2024-03-10', 'full_flop'],
  ]);
  // The statement moved by a correction flips in its new key; the retracted one is gone.
  expect((await allFlips({ topic: TOPIC, target: 'KOR' })).map((flip) => [flip.from.position, flip.to.position, flip.to.statedAt])).toEqual([
    ['opposes', 'neutral', '2024-06-01'],
  ]);
});

describe('filters', () => {
  let all: Flip[];
  beforeAll(async () => {
    all = await allFlips({}, 500);
  });

  it.each<[Record<string, string>, (flip: Flip) => boolean]>([
    [{ change: 'full_flop' }, (flip) => flip.change === 'full_flop'],
    [{ change: 'half_flip,full_flop' }, () => true],
    [{ shift: 'reversal,to_neutral' }, (flip) => flip.shift === 'reversal' || flip.shift === 'to_neutral'],
    [{ change: 'half_flip', shift: 'weaker' }, (flip) => flip.change === 'half_flip' && flip.shift === 'weaker'],
    [{ certain: 'true' }, (flip) => !flip.orderUncertain],
    [{ certain: 'false' }, () => true],
    [{ topic: TOPIC }, (flip) => flip.topic === TOPIC],
    [{ holder: 'CHN' }, (flip) => flip.holder === 'CHN'],
    [{ target: 'none' }, (flip) => flip.target === null],
    [{ target: 'KOR' }, (flip) => flip.target === 'KOR'],
    [{ from: '2010-01-01', to: '2014-12-31' }, (flip) => statedFrom(flip.to) >= '2010-01-01' && statedFrom(flip.to) < '2015-01-01'],
  ])('%j', async (filters, keep) => {
    const expected = all.filter(keep);
    expect(expected.length).toBeGreaterThan(0);
    // Paged small, so that `certain` has to read past what it leaves out.
    expect(await allFlips(filters, 7)).toEqual(expected);
  });
});

/** A statedAt's first instant, as an ISO date-time prefix comparable with dates. */
function statedFrom(end: FlipEnd): string {
  const at = end.statedAt.split('/')[0];
  return at.length === 4 ? `${at}-01-01` : at.length === 7 ? `${at}-01` : at;
}

test("a cursor's pages read the ledger as it was at the first page", async () => {
  const before = await allFlips({ topic: TOPIC }, 500);
  const first = await get(`/v1/flips?topic=${TOPIC}&limit=2`);
  expect(first.items).toEqual(before.slice(0, 2));
  // Recorded between pages: the earliest statement of the key now has a predecessor that
  // flips — a pair that sorts into the last page, were it read now.
  await record({ topic: TOPIC, target: null, position: 'opposes', statedAt: '2023-12-01' });
  const rest: Flip[] = [];
  for (let cursor = first.nextCursor; cursor;) {
    const page = await get(`/v1/flips?topic=${TOPIC}&limit=2&cursor=${cursor}`);
    rest.push(...page.items);
    cursor = page.nextCursor;
  }
  expect([...first.items, ...rest]).toEqual(before);
  const now = await allFlips({ topic: TOPIC }, 500);
  expect(now).toHaveLength(before.length + 1);
  expect(now[now.length - 1]).toMatchObject({ from: { position: 'opposes', statedAt: '2023-12-01' }, to: { statedAt: '2024-01-05' }, change: 'full_flop' });
});

test('bad input → 400 naming the parameter', async () => {
  for (const [query, pointer] of [
    ['change=no_flip', '/query/change'],
    ['change=half_flip,sideways', '/query/change'],
    ['shift=none', '/query/shift'],
    ['certain=yes', '/query/certain'],
    ['country=KOR', '/query/country'],
    ['cursor=not-a-cursor', '/query/cursor'],
    [`cursor=${Buffer.from('["2024-01-01T00:00:00Z",1]').toString('base64url')}`, '/query/cursor'],
    ['limit=0', '/query/limit'],
    ['limit=501', '/query/limit'],
    ['target=kor!', '/query/target'],
    ['from=yesterday', '/query/from'],
  ]) {
    const response = await api.call('GET', `/v1/flips?${query}`, { role: 'reader' });
    expect([query, response.status, response.headers.get('content-type')]).toEqual([query, 400, expect.stringContaining('application/problem+json')]);
    expect(response.body.errors.map((error: { pointer: string }) => error.pointer)).toContain(pointer);
  }
});
