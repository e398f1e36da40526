import { startTestServer, type TestServer } from '../support/server.js';

let server: TestServer;
beforeAll(async () => (server = await startTestServer()));
afterAll(() => server.stop());

describe('GET /v1/me', () => {
  test('answers the name and role of the token’s key, for each role', async () => {
    expect((await server.call('GET', '/v1/me', { role: 'reader' })).body).toEqual({ name: 'rita', role: 'reader' });
    expect((await server.call('GET', '/v1/me', { role: 'editor' })).body).toEqual({ name: 'alice', role: 'editor' });
    expect((await server.call('GET', '/v1/me', { role: 'admin' })).body).toEqual({ name: 'root', role: 'admin' });
  });

  test('without a token, or with an unknown one, is the 401 problem with its Bearer challenge', async () => {
    for (const headers of [{}, { authorization: 'Bearer not-a-known-token-0000' }] as Record<string, string>[]) {
      const answer = await server.call('GET', '/v1/me', { role: null, headers });
      expect(answer.status).toBe(401);
      expect(answer.headers.get('content-type')).toMatch(/^application\/problem\+json/);
      expect(answer.headers.get('www-authenticate')).toContain('Bearer');
    }
  });

  test('takes minLogPosition like every read; an unknown parameter is the 400 problem naming it', async () => {
    expect((await server.call('GET', '/v1/me?minLogPosition=0', { role: 'reader' })).status).toBe(200);
    const answer = await server.call('GET', '/v1/me?who=me', { role: 'reader' });
    expect(answer.status).toBe(400);
    expect(answer.body.type).toBe('urn:stance-ledger:validation');
    expect(JSON.stringify(answer.body)).toContain('who');
  });
});
