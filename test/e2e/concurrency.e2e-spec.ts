import { demo, statementBody } from '../support/demo.js';
import { startTestServer, type TestServer } from '../support/server.js';

let api: TestServer;

beforeAll(async () => {
  api = await startTestServer();
  for (const topic of demo.topics) await api.call('POST', '/v1/topics', { body: topic });
});
afterAll(async () => {
  await api.stop();
});

test('40 concurrent corrections with the same If-Match: exactly one 200, the rest 412, one event written', async () => {
  const created = await api.call('POST', '/v1/statements', { body: statementBody() });
  const id = created.body.statementId;
  const results = await Promise.all(
    Array.from({ length: 40 }, (_, i) =>
      api.call('POST', `/v1/statements/${id}/corrections`, {
        headers: { 'if-match': '"0"' },
        body: { changes: { summary: `version ${i}` }, reason: `editor ${i}` },
      }),
    ),
  );
  expect(results.filter((r) => r.status === 200)).toHaveLength(1);
  expect(results.filter((r) => r.status === 412)).toHaveLength(39);
  const events = (await api.call('GET', `/v1/statements/${id}/events`, { role: 'reader' })).body.items;
  expect(events.map((e: any) => e.revision)).toEqual([0, 1]);
  const winner = results.find((r) => r.status === 200)!;
  expect((await api.call('GET', `/v1/statements/${id}`, { role: 'reader' })).body.summary).toBe(winner.body.summary);
});

test('concurrent corrections without If-Match all land, each on its own revision', async () => {
  // v2: another statement than the earlier tests' statementBody() (an identical one would be a duplicate).
  const created = await api.call('POST', '/v1/statements', { body: statementBody({ summary: 'corrected concurrently' }) });
  const id = created.body.statementId;
  const results = await Promise.all(
    Array.from({ length: 10 }, (_, i) => api.call('POST', `/v1/statements/${id}/corrections`, { body: { changes: { summary: `edit ${i}` }, reason: 'r' } })),
  );
  expect(results.map((r) => r.status)).toEqual(Array(10).fill(200));
  expect(results.map((r) => r.body.revision).sort((a, b) => a - b)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
});

test('Idempotency-Key: the same body replays the first answer; another body is 422; nothing is written twice', async () => {
  const body = statementBody({ summary: 'idempotent' });
  const first = await api.call('POST', '/v1/statements', { body, headers: { 'idempotency-key': 'k-1' } });
  expect(first.status).toBe(201);
  const again = await api.call('POST', '/v1/statements', { body, headers: { 'idempotency-key': 'k-1' } });
  expect(again.status).toBe(201);
  expect(again.body).toEqual(first.body);
  expect(again.headers.get('idempotent-replayed')).toBe('true');
  expect(again.headers.get('ledger-position')).toBe(first.headers.get('ledger-position'));
  expect(first.headers.get('idempotent-replayed')).toBeNull();
  const other = await api.call('POST', '/v1/statements', { body: { ...body, summary: 'different' }, headers: { 'idempotency-key': 'k-1' } });
  expect(other.status).toBe(422);
  // Keys are scoped to the API key and the route: the same key on the batch route is a new request.
  // v2: the same statement again would be a duplicate (409), so the batch sends it a day later.
  const batch = await api.call('POST', '/v1/statements/batch', {
    body: { statements: [{ ...body, statedAt: '2024-04-11' }] },
    headers: { 'idempotency-key': 'k-1' },
  });
  expect(batch.status).toBe(201);
  const listed = (await api.call('GET', '/v1/statements?limit=500', { role: 'reader' })).body.items;
  expect(listed.filter((s: any) => s.summary === 'idempotent')).toHaveLength(2);
});

test('the same Idempotency-Key sent concurrently: one write, the others replay it or get 409 while it is in flight', async () => {
  const body = statementBody({ summary: 'raced key' });
  const results = await Promise.all(Array.from({ length: 8 }, () => api.call('POST', '/v1/statements', { body, headers: { 'idempotency-key': 'race-1' } })));
  for (const result of results) expect([201, 409]).toContain(result.status);
  const ids = new Set(results.filter((r) => r.status === 201).map((r) => r.body.statementId));
  expect(ids.size).toBe(1);
  const listed = (await api.call('GET', '/v1/statements?limit=500', { role: 'reader' })).body.items;
  expect(listed.filter((s: any) => s.summary === 'raced key')).toHaveLength(1);
});

test('a batch is atomic: one conflicting item fails it whole; items already recorded succeed without writing', async () => {
  const a = { ...statementBody({ summary: 'batch a' }), statementId: '11111111-1111-4111-8111-111111111111' };
  const b = { ...statementBody({ summary: 'batch b' }), statementId: '22222222-2222-4222-8222-222222222222' };
  const first = await api.call('POST', '/v1/statements/batch', { body: { statements: [a] } });
  expect(first.status).toBe(201);
  expect(first.body.items).toEqual([{ statementId: a.statementId, revision: 0, logPosition: Number(first.headers.get('ledger-position')) }]);
  const conflicting = await api.call('POST', '/v1/statements/batch', { body: { statements: [b, { ...a, position: 'supports' }] } });
  expect(conflicting.status).toBe(409);
  expect((await api.call('GET', `/v1/statements/${b.statementId}`, { role: 'reader' })).status).toBe(404);
  const mixed = await api.call('POST', '/v1/statements/batch', { body: { statements: [a, b] } });
  expect(mixed.status).toBe(201);
  expect(mixed.body.items.map((i: any) => [i.statementId, i.revision])).toEqual([
    [a.statementId, 0],
    [b.statementId, 0],
  ]);
  const none = await api.call('POST', '/v1/statements/batch', { body: { statements: [a, b] } });
  expect(none.status).toBe(200);
  expect(none.body.items).toEqual(mixed.body.items);
  expect((await api.call('POST', '/v1/statements/batch', { body: { statements: [] } })).status).toBe(400);
  const tooMany = Array.from({ length: 101 }, () => statementBody());
  expect((await api.call('POST', '/v1/statements/batch', { body: { statements: tooMany } })).status).toBe(400);
});
