import { mkdtempSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { createTestDatabase } from '../support/database.js';
import { demo, statementBody } from '../support/demo.js';
import { START_HOOK_TIMEOUT_MS, startServerProcess } from '../support/server-process.js';
import { startTestServer, TOKENS } from '../support/server.js';

test('rate limits per key: the request past the limit is a 429 with Retry-After; admin keys are never limited', async () => {
  const api = await startTestServer({ RATE_LIMIT_PER_MIN: '5' });
  try {
    const statuses: number[] = [];
    for (let i = 0; i < 6; i++) statuses.push((await api.call('GET', '/v1/topics', { role: 'reader' })).status);
    expect(statuses).toEqual([200, 200, 200, 200, 200, 429]);
    const limited = await api.call('GET', '/v1/topics', { role: 'reader' });
    expect(limited.body).toMatchObject({ type: 'urn:stance-ledger:rate-limited', status: 429 });
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);
    // Each key has its own budget.
    expect((await api.call('GET', '/v1/topics', { role: 'editor' })).status).toBe(200);
    for (let i = 0; i < 10; i++) expect((await api.call('GET', '/v1/topics', { role: 'admin' })).status).toBe(200);
  } finally {
    await api.stop();
  }
});

test('security headers are set and the framework is not advertised', async () => {
  const api = await startTestServer();
  try {
    const response = await api.call('GET', '/health', { role: null });
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');
    expect(response.headers.get('x-frame-options')).toBe('SAMEORIGIN');
    expect(response.headers.get('strict-transport-security')).toContain('max-age');
    expect(response.headers.get('x-powered-by')).toBeNull();
  } finally {
    await api.stop();
  }
});

test('a client that sends its headers too slowly is cut off', async () => {
  const api = await startTestServer({ HTTP_HEADERS_TIMEOUT_MS: '1000', HTTP_REQUEST_TIMEOUT_MS: '2000' });
  try {
    const { port } = new URL(api.url);
    let answer = '';
    const closedAfter = await new Promise<number>((resolve) => {
      const started = Date.now();
      const socket = connect(Number(port), '127.0.0.1', () => socket.write('GET /v1/topics HTTP/1.1\r\nHost: x\r\n'));
      socket.on('data', (chunk) => (answer += chunk.toString()));
      socket.on('close', () => resolve(Date.now() - started));
      socket.on('error', () => undefined);
    });
    // Closed by the server (not by the test): the dribbling client did not hold the connection,
    // and was told why in a problem.
    expect(closedAfter).toBeGreaterThanOrEqual(900);
    expect(answer.split('\r\n')[0]).toBe('HTTP/1.1 408 Request Timeout');
    expect(answer).toMatch(/application\/problem\+json/);
  } finally {
    await api.stop();
  }
});

/** Sends raw bytes on a fresh connection and returns everything the server answered. */
function rawExchange(url: string, request: Buffer): Promise<string> {
  const { port } = new URL(url);
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    const socket = connect(Number(port), '127.0.0.1', () => socket.write(request));
    socket.on('data', (chunk) => chunks.push(chunk));
    socket.on('close', () => resolve(Buffer.concat(chunks).toString('utf8')));
    socket.on('error', reject);
  });
}

test('requests Node cannot parse still get problem+json, and write nothing', async () => {
  const api = await startTestServer();
  try {
    const before = (await api.call('GET', '/v1/events', { role: 'reader' })).body;
    // Raw UTF-8 (not percent-encoded) in the request line; a header with a control byte.
    const rawPath = Buffer.concat([
      Buffer.from('POST /v1/topics/'),
      Buffer.from('ñandú', 'utf8'),
      Buffer.from(' HTTP/1.1\r\nHost: x\r\nContent-Length: 2\r\n\r\n{}'),
    ]);
    const badHeader = Buffer.from('GET /v1/topics HTTP/1.1\r\nHost: x\r\nX-Bad: a\x01b\r\n\r\n', 'latin1');
    const hugeHeader = Buffer.from(`GET /v1/topics HTTP/1.1\r\nHost: x\r\nX-Big: ${'a'.repeat(20_000)}\r\n\r\n`);
    for (const [request, status] of [
      [rawPath, 400],
      [badHeader, 400],
      [hugeHeader, 431],
    ] as const) {
      const answer = await rawExchange(api.url, request);
      expect(answer.split('\r\n')[0]).toBe(`HTTP/1.1 ${status} ${status === 431 ? 'Request Header Fields Too Large' : 'Bad Request'}`);
      expect(answer).toMatch(/content-type: application\/problem\+json/i);
      const body = JSON.parse(answer.slice(answer.indexOf('\r\n\r\n') + 4));
      expect(body).toMatchObject({ status, type: expect.stringMatching(/^urn:stance-ledger:/), detail: expect.any(String) });
    }
    expect((await api.call('GET', '/v1/events', { role: 'reader' })).body).toEqual(before);
  } finally {
    await api.stop();
  }
});

describe('a server process', () => {
  const EDITOR = 'editor-token-0123456789abcdef';
  const SECRET = 'reader-secret-token-that-must-not-leak';

  test(
    'SIGTERM: the write in flight finishes, new requests get 503, the process exits 0; no token in any log line, not even one sent in the query string',
    async () => {
      const db = await createTestDatabase('shutdown');
      const server = await startServerProcess({
        DATABASE_URL: db.url,
        DATA_DIR: mkdtempSync(join(tmpdir(), 'stance-ledger-shutdown-')),
        API_KEYS: `alice:editor:${EDITOR},rita:reader:${SECRET}`,
        LOG_LEVEL: 'info',
      });
      const call = (method: string, path: string, body?: unknown, token = EDITOR) =>
        fetch(server.url + path, {
          method,
          headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json', 'idempotency-key': 'shutdown-1' },
          body: body === undefined ? undefined : JSON.stringify(body),
        });
      const blocker = new pg.Client({ connectionString: db.url });
      blocker.on('error', () => undefined);
      try {
        expect((await call('POST', '/v1/topics', demo.topics[0])).status).toBe(201);
        expect((await call('GET', '/v1/topics', undefined, SECRET)).status).toBe(200);
        // A token put in the query string is refused (tokens go in Authorization only), and the
        // logged URL keeps the rest of the query but not the token.
        for (const name of ['access_token', 'token', 'api_key', 'access%5Ftoken']) {
          expect((await fetch(`${server.url}/v1/topics?limit=5&${name}=${SECRET}`)).status).toBe(401);
        }
        await blocker.connect();
        await blocker.query('BEGIN');
        await blocker.query('LOCK TABLE statements IN ACCESS EXCLUSIVE MODE');
        const inFlight = call('POST', '/v1/statements', statementBody({ topic: demo.topics[0].slug }));
        await new Promise((resolve) => setTimeout(resolve, 300));
        const exited = new Promise<number | null>((resolve) => server.child.once('exit', (code) => resolve(code)));
        server.child.kill('SIGTERM');
        await new Promise((resolve) => setTimeout(resolve, 200));
        const refused = await call('GET', '/v1/topics');
        expect(refused.status).toBe(503);
        expect(refused.headers.get('retry-after')).toBeTruthy();
        await blocker.query('ROLLBACK');
        expect((await inFlight).status).toBe(201);
        expect(await exited).toBe(0);
        expect(server.output()).not.toContain(SECRET);
        expect(server.output()).not.toContain(EDITOR);
        for (const name of ['access_token', 'token', 'api_key', 'access%5Ftoken']) {
          expect(server.output()).toContain(`"url":"/v1/topics?limit=5&${name}=[redacted]"`);
        }
        expect(server.output()).toContain('"msg":"request completed"');
        // Each request line: who, what, the status and the correlation id — one short JSON line.
        const requestLines = server
          .output()
          .split('\n')
          .filter((line) => line.includes('"msg":"request completed"'))
          .map((line) => JSON.parse(line));
        expect(requestLines).toContainEqual(
          expect.objectContaining({ principal: 'alice', req: expect.objectContaining({ method: 'POST' }), res: { statusCode: 201 } }),
        );
        expect(requestLines.every((line) => JSON.stringify(line).length < 600)).toBe(true);
      } finally {
        await blocker.end().catch(() => undefined);
        await server.kill();
        await db.drop();
      }
    },
    START_HOOK_TIMEOUT_MS,
  );
});

test('tokens: a wrong token of the right length is refused like any other', async () => {
  const api = await startTestServer();
  try {
    const almost = TOKENS.editor.slice(0, -1) + 'X';
    const result = await api.call('GET', '/v1/topics', { role: null, headers: { authorization: `Bearer ${almost}` } });
    expect(result.status).toBe(401);
    expect(result.headers.get('www-authenticate')).toContain('Bearer');
  } finally {
    await api.stop();
  }
});
