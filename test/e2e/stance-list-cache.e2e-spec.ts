import { get } from 'node:http';
import { demo, statementBody } from '../support/demo.js';
import { startTestServer, TOKENS, type TestServer } from '../support/server.js';

/**
 * The current stance table of a topic is served from memory while the read models stand
 * still. What a reader must never notice: a stale table after a write, or after another
 * filter; what they may use: the ETag, to revalidate with If-None-Match.
 */
let api: TestServer;

beforeAll(async () => {
  api = await startTestServer();
  for (const topic of demo.topics) expect((await api.call('POST', '/v1/topics', { body: topic })).status).toBe(201);
  for (const statement of demo.statements) expect((await api.call('POST', '/v1/statements', { body: statement })).status).toBe(201);
});
afterAll(async () => {
  await api.stop();
});

const TOPIC = 'aukus-pillar-ii';

/**
 * A conditional GET as a browser cache or proxy sends it. Not through fetch: a request with
 * If-None-Match gets `Cache-Control: no-cache` added by fetch (its spec), which asks every
 * server for the full answer.
 */
function revalidate(path: string, etag: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    get(api.url + path, { headers: { authorization: `Bearer ${TOKENS.reader}`, 'if-none-match': etag } }, (response) => {
      let body = '';
      response.on('data', (chunk) => (body += chunk));
      response.on('end', () => resolve({ status: response.statusCode!, body }));
    }).on('error', reject);
  });
}

test('the same table twice carries the same ETag, and If-None-Match gets a 304 without a body', async () => {
  const first = await api.call('GET', `/v1/stances?topic=${TOPIC}`, { role: 'reader' });
  const second = await api.call('GET', `/v1/stances?topic=${TOPIC}`, { role: 'reader' });
  expect(first.status).toBe(200);
  expect(first.headers.get('content-type')).toMatch(/^application\/json/);
  expect(second.body).toEqual(first.body);
  expect(second.headers.get('etag')).toBe(first.headers.get('etag'));
  const revalidated = await revalidate(`/v1/stances?topic=${TOPIC}`, first.headers.get('etag')!);
  expect(revalidated).toEqual({ status: 304, body: '' });
});

test('a write shows in the very next read of a table that was just served', async () => {
  const before: any = await api.call('GET', `/v1/stances?topic=${TOPIC}&country=NZL`, { role: 'reader' });
  expect(before.body.items).toEqual([]);
  const written = await api.call('POST', '/v1/statements', {
    body: statementBody({ actor: { country: 'NZL', body: 'Ministry of Defence' }, topic: TOPIC, target: null, position: 'supports' }),
  });
  expect(written.status).toBe(201);
  const after: any = await api.call('GET', `/v1/stances?topic=${TOPIC}&country=NZL`, { role: 'reader' });
  expect(after.body.items).toEqual([expect.objectContaining({ country: 'NZL', topic: TOPIC, target: null, position: 'supports', statementCount: 1 })]);
  expect(after.headers.get('etag')).not.toBe(before.headers.get('etag'));
  // …and an old ETag no longer matches.
  const revalidated = await revalidate(`/v1/stances?topic=${TOPIC}&country=NZL`, before.headers.get('etag')!);
  expect(revalidated.status).toBe(200);
  expect(JSON.parse(revalidated.body)).toEqual(after.body);
});

test('filters are told apart, and time travel is never answered from the table of today', async () => {
  const all: any = await api.call('GET', `/v1/stances?topic=${TOPIC}`, { role: 'reader' });
  const untargeted: any = await api.call('GET', `/v1/stances?topic=${TOPIC}&target=none`, { role: 'reader' });
  expect(untargeted.body.items.every((stance: any) => stance.target === null)).toBe(true);
  const early: any = await api.call('GET', `/v1/stances?topic=${TOPIC}&asOf=2000-01-01`, { role: 'reader' });
  expect(all.body.items.length).toBeGreaterThan(0);
  expect(early.body.items).toEqual([]);
});

test("a key's history is served from memory the same way: the same ETag and a 304 while nothing moves, the new statement in the very next read after a write", async () => {
  const path = `/v1/stances/history?country=NZL&topic=${TOPIC}&target=none`;
  const first: any = await api.call('GET', path, { role: 'reader' });
  const second: any = await api.call('GET', path, { role: 'reader' });
  expect(first.status).toBe(200);
  expect(first.headers.get('content-type')).toMatch(/^application\/json/);
  expect(second.body).toEqual(first.body);
  expect(second.headers.get('etag')).toBe(first.headers.get('etag'));
  expect(await revalidate(path, first.headers.get('etag')!)).toEqual({ status: 304, body: '' });

  const written = await api.call('POST', '/v1/statements', {
    body: statementBody({ actor: { country: 'NZL', body: 'Ministry of Defence' }, topic: TOPIC, target: null, position: 'opposes', statedAt: '2024-06-01' }),
  });
  expect(written.status).toBe(201);
  const after: any = await api.call('GET', path, { role: 'reader' });
  expect(after.body.items).toHaveLength(first.body.items.length + 1);
  expect(after.body.items).toContainEqual(expect.objectContaining({ statementId: written.body.statementId, position: 'opposes' }));
  expect((await revalidate(path, first.headers.get('etag')!)).status).toBe(200);

  // Another filter of the same key, and time travel, are their own answers.
  const reported: any = await api.call('GET', `${path}&attribution=reported`, { role: 'reader' });
  expect(reported.body.items).toEqual([]);
  const early: any = await api.call('GET', `${path}&asOf=2000-01-01`, { role: 'reader' });
  expect(early.body.items).toEqual([]);
});
