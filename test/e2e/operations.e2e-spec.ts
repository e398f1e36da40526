import { demo } from '../support/demo.js';
import { startTestServer, type TestServer } from '../support/server.js';

let api: TestServer;
beforeAll(async () => {
  api = await startTestServer();
});
afterAll(async () => {
  await api.stop();
});

test('a correlation id is echoed back and lands in the metadata of the events the request wrote', async () => {
  const given = await api.call('POST', '/v1/topics', { body: demo.topics[0], headers: { 'x-correlation-id': 'newsroom-import-42' } });
  expect(given.status).toBe(201);
  expect(given.headers.get('x-correlation-id')).toBe('newsroom-import-42');
  const generated = await api.call('POST', '/v1/topics', { body: demo.topics[1] });
  const id = generated.headers.get('x-correlation-id');
  expect(id).toMatch(/^[0-9a-f-]{36}$/);
  const events = (await api.call('GET', '/v1/events', { role: 'reader' })).body.items;
  expect(events.map((e: any) => e.metadata.correlationId)).toEqual(['newsroom-import-42', id]);
  // An unusable id (spaces, too long) is replaced rather than stored.
  const odd = await api.call('GET', '/health', { role: null, headers: { 'x-correlation-id': 'has spaces' } });
  expect(odd.headers.get('x-correlation-id')).not.toBe('has spaces');
});

test('/metrics is public Prometheus text: requests by route and status, the log head and the projection lag', async () => {
  await api.call('GET', '/v1/topics', { role: 'reader' });
  await api.call('GET', '/v1/topics/nope', { role: 'reader' });
  const metrics = await api.call('GET', '/metrics', { role: null });
  expect(metrics.status).toBe(200);
  expect(metrics.headers.get('content-type')).toContain('text/plain');
  expect(metrics.text).toMatch(/stance_ledger_http_requests_total\{method="GET",route="\/v1\/topics",status="200"\} [1-9]/);
  expect(metrics.text).toMatch(/stance_ledger_http_requests_total\{method="GET",route="\/v1\/topics\/:slug",status="404"\} 1/);
  expect(metrics.text).toMatch(/stance_ledger_events_total 2/);
  expect(metrics.text).toMatch(/stance_ledger_projection_lag_events 0/);
  expect(metrics.text).toMatch(/stance_ledger_append_unit_events_count [1-9]/);
});

test('/health reports readiness with the projection position and lag', async () => {
  const health = await api.call('GET', '/health', { role: null });
  expect(health.status).toBe(200);
  expect(health.body).toMatchObject({ status: 'ok', head: 2, projection: { logPosition: 2, lagMs: 0, failed: null } });
});
