import { queryRows } from '../support/database.js';
import { demo, statementBody } from '../support/demo.js';
import { startTestServer, type TestServer } from '../support/server.js';

/**
 * /health is public: it says whether the server is ready and why not, with positions and
 * lag, but no internal error text (a database's or a projection's message tells an
 * attacker what the server runs on). An admin token sees the detail.
 */
let api: TestServer;
beforeAll(async () => {
  api = await startTestServer();
  expect((await api.call('POST', '/v1/topics', { body: demo.topics[0] })).status).toBe(201);
});
afterAll(async () => {
  await api.stop();
});

test('a failed projection: /health 503 with readiness and where it stopped, no error text unless an admin token asks', async () => {
  // The read models refuse the next statement: the projection stops at its event.
  await queryRows(api.db.url, 'ALTER TABLE statements ADD CONSTRAINT refuse_new_rows CHECK (false) NOT VALID');
  const written = await api.call('POST', '/v1/statements', { body: statementBody({ summary: 'the one the read models refuse', utteranceId: null }) });
  expect(written.status).toBe(201);
  const failedAt = 2; // the topic is event 1, this statement event 2

  const anonymous = await api.call('GET', '/health', { role: null });
  expect(anonymous.status).toBe(503);
  expect(anonymous.headers.get('content-type')).toMatch(/^application\/problem\+json/);
  expect(Number(anonymous.headers.get('retry-after'))).toBeGreaterThan(0);
  expect(anonymous.body).toMatchObject({
    type: 'urn:stance-ledger:unavailable',
    readiness: 'unavailable',
    detail: `projection failed at logPosition ${failedAt}`,
    head: failedAt,
    projection: { logPosition: failedAt - 1, failed: { logPosition: failedAt } },
  });
  expect(anonymous.text).not.toMatch(/constraint|refuse_new_rows|violat/i);

  // A reader's token is no key to the detail; an admin's is.
  expect((await api.call('GET', '/health', { role: 'reader' })).text).not.toMatch(/refuse_new_rows/);
  const admin = await api.call('GET', '/health', { role: 'admin' });
  expect(admin.status).toBe(503);
  expect(admin.body.internal.projection.failed.error).toMatch(/refuse_new_rows/);
});
