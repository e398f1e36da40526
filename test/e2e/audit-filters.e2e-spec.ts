import { startTestServer, type CallResult, type TestServer } from '../support/server.js';

// The change log found by what an analyst asks (CONTRACT.md, v2 additions, "Finding and
// counting"): its items name the stance key's holder and target; it filters by holder,
// target, recordedBy, statementId and type (a comma list), combined with AND and with the
// v1 filters (`country` keeps its meaning); a change that moves a statement between keys is
// found from either side; bad input → 400 naming the parameter.

let api: TestServer;
const TOPIC = 'audit-filter-topic';
const ids: Record<string, string> = {};

beforeAll(async () => {
  api = await startTestServer();
  expect((await api.call('POST', '/v1/topics', { body: { slug: TOPIC, title: 'Audit filters' } })).status).toBe(201);
  const record = async (name: string, body: Record<string, unknown>, role: 'editor' | 'admin') => {
    const result = await api.call('POST', '/v1/statements', {
      role,
      body: { topic: TOPIC, source: { url: `https://example.org/${name}` }, position: 'supports', statedAt: '2024-05', ...body },
    });
    expect([result.status, result.body?.errors]).toEqual([201, undefined]);
    ids[name] = result.body.statementId;
  };
  await record('korea', { actor: { country: 'KOR' }, target: 'JPN' }, 'editor');
  await record('japan', { actor: { country: 'JPN' }, target: null }, 'admin');
  // Said by a Japanese official but held by Korea's government, then corrected to Japan's: it moves between keys.
  await record('moved', { holder: 'KOR', actor: { country: 'JPN', person: 'An envoy' }, target: null }, 'editor');
  const corrected = await api.call('POST', `/v1/statements/${ids.moved}/corrections`, {
    role: 'admin',
    body: { changes: { holder: 'JPN', target: 'KOR' }, reason: 'The envoy spoke for Tokyo.' },
  });
  expect(corrected.status).toBe(200);
  const retracted = await api.call('POST', `/v1/statements/${ids.korea}/retraction`, { body: { reason: 'Unsourced.' } });
  expect(retracted.status).toBe(200);
});
afterAll(async () => {
  await api.stop();
});

type Change = { statementId: string; type: string; holder: string; target: string | null; recordedBy: string; country: string };

async function changes(query: string): Promise<Change[]> {
  const result = await api.call('GET', `/v1/audit/changes?topic=${TOPIC}&${query}`, { role: 'reader' });
  expect([result.status, result.body?.errors]).toEqual([200, undefined]);
  return result.body.items;
}

/** Each change as [statement, type], oldest first. */
async function found(query: string): Promise<[string, string][]> {
  const names = Object.fromEntries(Object.entries(ids).map(([name, id]) => [id, name]));
  return (await changes(query)).map((change) => [names[change.statementId], change.type]);
}

function expectProblem(result: CallResult, pointer: string) {
  expect([result.status, result.headers.get('content-type')]).toEqual([400, expect.stringContaining('application/problem+json')]);
  expect(result.body.errors.map((e: { pointer: string }) => e.pointer)).toEqual([pointer]);
}

test("every change names its statement's holder and target after it", async () => {
  const items = await changes('');
  expect(items.map(({ type, holder, target, country }) => ({ type, holder, target, country }))).toEqual([
    { type: 'StatementRecorded', holder: 'KOR', target: 'JPN', country: 'KOR' },
    { type: 'StatementRecorded', holder: 'JPN', target: null, country: 'JPN' },
    { type: 'StatementRecorded', holder: 'KOR', target: null, country: 'JPN' },
    { type: 'StatementCorrected', holder: 'JPN', target: 'KOR', country: 'JPN' },
    { type: 'StatementRetracted', holder: 'KOR', target: 'JPN', country: 'KOR' },
  ]);
});

test('holder and target: before or after the change, so a move between keys is found from either side', async () => {
  expect(await found('holder=KOR')).toEqual([
    ['korea', 'StatementRecorded'],
    ['moved', 'StatementRecorded'],
    ['moved', 'StatementCorrected'],
    ['korea', 'StatementRetracted'],
  ]);
  expect(await found('holder=JPN')).toEqual([
    ['japan', 'StatementRecorded'],
    ['moved', 'StatementCorrected'],
  ]);
  expect(await found('target=none')).toEqual([
    ['japan', 'StatementRecorded'],
    ['moved', 'StatementRecorded'],
    ['moved', 'StatementCorrected'],
  ]);
  expect(await found('target=KOR')).toEqual([['moved', 'StatementCorrected']]);
  // `country` keeps its v1 meaning: the speaker's country (the stance key's, in v1).
  expect(await found('country=KOR')).toEqual([
    ['korea', 'StatementRecorded'],
    ['korea', 'StatementRetracted'],
  ]);
});

test('recordedBy: who made the change', async () => {
  expect(await found('recordedBy=root')).toEqual([
    ['japan', 'StatementRecorded'],
    ['moved', 'StatementCorrected'],
  ]);
  expect(await found('recordedBy=nobody')).toEqual([]);
});

test("statementId: one statement's changes", async () => {
  expect(await found(`statementId=${ids.moved.toUpperCase()}`)).toEqual([
    ['moved', 'StatementRecorded'],
    ['moved', 'StatementCorrected'],
  ]);
});

test('type takes a comma list of event types', async () => {
  expect(await found('type=StatementRetracted')).toEqual([['korea', 'StatementRetracted']]);
  expect(await found('type=StatementCorrected,StatementRetracted')).toEqual([
    ['moved', 'StatementCorrected'],
    ['korea', 'StatementRetracted'],
  ]);
});

test('filters combine with AND and with paging', async () => {
  expect(await found('holder=KOR&recordedBy=alice&type=StatementRecorded')).toEqual([
    ['korea', 'StatementRecorded'],
    ['moved', 'StatementRecorded'],
  ]);
  expect(await found('holder=JPN&target=KOR&recordedBy=root')).toEqual([['moved', 'StatementCorrected']]);
  const first = await api.call('GET', `/v1/audit/changes?topic=${TOPIC}&holder=KOR&limit=2`, { role: 'reader' });
  const rest = await api.call('GET', `/v1/audit/changes?topic=${TOPIC}&holder=KOR&limit=2&after=${first.body.nextAfter}`, { role: 'reader' });
  expect([...first.body.items, ...rest.body.items].map((change: Change) => change.type)).toEqual([
    'StatementRecorded',
    'StatementRecorded',
    'StatementCorrected',
    'StatementRetracted',
  ]);
  expect(rest.body.nextAfter).toBeNull();
});

test('bad input → 400 naming the parameter', async () => {
  const get = (query: string) => api.call('GET', `/v1/audit/changes?${query}`, { role: 'reader' });
  expectProblem(await get('type=StatementRecorded,TopicRegistered'), '/query/type');
  expectProblem(await get('statementId=42'), '/query/statementId');
  expectProblem(await get('holder=Korea'), '/query/holder');
  expectProblem(await get('target=nobody!'), '/query/target');
  expectProblem(await get('recordedBy='), '/query/recordedBy');
  expectProblem(await get('statement=1'), '/query/statement');
});
