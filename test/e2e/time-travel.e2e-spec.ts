import { startTestServer, type TestServer } from '../support/server.js';

/**
 * "Where did Korea stand on 10 April 2024, as the ledger knew it on 1 May?" — valid time
 * (asOf, over statedAt) and transaction time (knownAt, over recordedAt), each alone and
 * both at once.
 */
let api: TestServer;
const TOPIC = 'tt-topic';

const minus1ms = (instant: string) => new Date(Date.parse(instant) - 1).toISOString();
/** Writes a few ms apart, so "just before this write" never also excludes the previous one. */
const pause = () => new Promise((resolve) => setTimeout(resolve, 5));

async function record(body: Record<string, unknown>) {
  const result = await api.call('POST', '/v1/statements', {
    body: { topic: TOPIC, source: { url: 'https://example.org/a' }, ...body },
  });
  expect(result.status).toBe(201);
  await pause();
  return result.body;
}

async function stances(query: string) {
  const result = await api.call('GET', `/v1/stances?topic=${TOPIC}&${query}`, { role: 'reader' });
  expect(result.status).toBe(200);
  return result.body.items.map((s: any) => `${s.country}/${s.target ?? '-'}=${s.position}#${s.statementCount}`);
}

beforeAll(async () => {
  api = await startTestServer();
  expect((await api.call('POST', '/v1/topics', { body: { slug: TOPIC, title: 'Time travel' } })).status).toBe(201);
});
afterAll(async () => {
  await api.stop();
});

test('knownAt before the first event answers as an empty ledger', async () => {
  expect(await stances('knownAt=2000-01-01')).toEqual([]);
  const list = await api.call('GET', '/v1/statements?knownAt=2000-01-01T00:00:00Z', { role: 'reader' });
  expect(list.body.items).toEqual([]);
});

test('a month-precision statedAt counts from the first day of its month against a day asOf', async () => {
  await record({ actor: { country: 'FRA' }, position: 'supports', statedAt: '2024-11' });
  expect(await stances('country=FRA&asOf=2024-10-31')).toEqual([]);
  expect(await stances('country=FRA&asOf=2024-11-01')).toEqual(['FRA/-=supports#1']);
  expect(await stances('country=FRA&asOf=2024-11-01T00:00:00Z')).toEqual(['FRA/-=supports#1']);
});

test('a correction that moves statedAt across the asOf date, seen before and after it was made', async () => {
  const recorded = await record({ actor: { country: 'DEU' }, position: 'concerned', statedAt: '2024-05-01' });
  expect(await stances('country=DEU&asOf=2024-04-30')).toEqual([]);
  const corrected = await api.call('POST', `/v1/statements/${recorded.statementId}/corrections`, {
    body: { changes: { statedAt: '2024-04-01' }, reason: 'Said a month earlier.' },
  });
  expect(corrected.status).toBe(200);
  expect(await stances('country=DEU&asOf=2024-04-30')).toEqual(['DEU/-=concerned#1']);
  // Both axes: on 30 April, as the ledger knew it just before the correction → nothing yet.
  expect(await stances(`country=DEU&asOf=2024-04-30&knownAt=${minus1ms(corrected.body.revisedAt)}`)).toEqual([]);
  expect(await stances(`country=DEU&asOf=2024-04-30&knownAt=${corrected.body.revisedAt}`)).toEqual(['DEU/-=concerned#1']);
  const before = await api.call('GET', `/v1/statements/${recorded.statementId}?knownAt=${minus1ms(corrected.body.revisedAt)}`, { role: 'reader' });
  expect([before.body.revision, before.body.statedAt]).toEqual([0, '2024-05-01']);
  const beforeRecorded = await api.call('GET', `/v1/statements/${recorded.statementId}?knownAt=${minus1ms(recorded.recordedAt)}`, { role: 'reader' });
  expect(beforeRecorded.status).toBe(404);
});

test('a correction that moves a statement to another key: each key as known before and after', async () => {
  const recorded = await record({ actor: { country: 'ITA' }, target: 'JPN', position: 'opposes', statedAt: '2024-03-01' });
  const moved = await api.call('POST', `/v1/statements/${recorded.statementId}/corrections`, {
    body: { changes: { target: 'KOR' }, reason: 'It was about Korea.' },
  });
  expect(moved.status).toBe(200);
  expect(await stances('country=ITA')).toEqual(['ITA/KOR=opposes#1']);
  expect(await stances(`country=ITA&knownAt=${minus1ms(moved.body.revisedAt)}`)).toEqual(['ITA/JPN=opposes#1']);
  const history = await api.call('GET', `/v1/stances/history?country=ITA&topic=${TOPIC}&target=JPN&knownAt=${minus1ms(moved.body.revisedAt)}`, {
    role: 'reader',
  });
  expect(history.body.items.map((i: any) => i.change)).toEqual(['initial']);
});

test('a retraction counts only from when it was recorded', async () => {
  const first = await record({ actor: { country: 'ESP' }, position: 'supports', statedAt: '2024-01-10' });
  await record({ actor: { country: 'ESP' }, position: 'opposes', statedAt: '2024-02-10' });
  const retracted = await api.call('POST', `/v1/statements/${first.statementId}/retraction`, { body: { reason: 'Wrong speaker.' } });
  expect(retracted.status).toBe(200);
  expect(await stances('country=ESP')).toEqual(['ESP/-=opposes#1']);
  expect(await stances(`country=ESP&knownAt=${minus1ms(retracted.body.revisedAt)}`)).toEqual(['ESP/-=opposes#2']);
  // asOf between the two statements, as known before the retraction: the first still stands.
  expect(await stances(`country=ESP&asOf=2024-01-31&knownAt=${minus1ms(retracted.body.revisedAt)}`)).toEqual(['ESP/-=supports#1']);
  expect(await stances('country=ESP&asOf=2024-01-31')).toEqual([]);
  const history = await api.call('GET', `/v1/stances/history?country=ESP&topic=${TOPIC}&target=none&knownAt=${minus1ms(retracted.body.revisedAt)}`, {
    role: 'reader',
  });
  expect(history.body.items.map((i: any) => `${i.position} ${i.change}`)).toEqual(['supports initial', 'opposes full_flop']);
  const listed = await api.call('GET', `/v1/statements?country=ESP&knownAt=${minus1ms(retracted.body.revisedAt)}`, { role: 'reader' });
  expect(listed.body.items.map((s: any) => s.status)).toEqual(['active', 'active']);
});

test('the incrementally maintained stances equal a full recomputation from the statements', async () => {
  const positions = ['supports', 'considering', 'neutral', 'concerned', 'opposes'];
  const dates = ['2024-06-01', '2023', '2024-06', '2025-01-02T10:00:00Z', '2024-06-01', '2022-12'];
  // Single statements and batches, in and out of statedAt order, some sharing a statedAt.
  for (let i = 0; i < 12; i++) {
    await record({ actor: { country: 'NLD' }, target: i % 3 === 0 ? null : 'JPN', position: positions[i % 5], statedAt: dates[i % 6] });
  }
  const batch = Array.from({ length: 10 }, (_, i) => ({
    actor: { country: 'NLD' },
    topic: TOPIC,
    source: { url: 'https://example.org/b' },
    target: i % 2 ? 'JPN' : null,
    position: positions[(i * 3) % 5],
    statedAt: dates[(i * 5) % 6],
  }));
  expect((await api.call('POST', '/v1/statements/batch', { body: { statements: batch } })).status).toBe(201);
  const incremental = await stances('country=NLD');
  // knownAt in the future is answered from statement_versions by a full recomputation.
  expect(await stances('country=NLD&knownAt=2999-01-01')).toEqual(incremental);
  const full = (await api.call('GET', `/v1/stances?topic=${TOPIC}&country=NLD&knownAt=2999-01-01`, { role: 'reader' })).body;
  expect((await api.call('GET', `/v1/stances?topic=${TOPIC}&country=NLD`, { role: 'reader' })).body).toEqual(full);
});
