import { RawConnection } from '../hostile/support/raw-socket.js';
import { startTestServer, TOKENS, type TestServer } from '../support/server.js';

/**
 * The HTTP edge (issue 16, point 4): who is calling is settled from the headers before any
 * byte of a body is read; bodies are refused the moment the answer is known (413 at the
 * limit, 408 at the deadline); every answer Node would give on its own is problem+json;
 * HEAD ends after the headers. Raw sockets, so that half-sent and never-sent bodies can be
 * shown. The token-in-the-query log redaction is proven in abuse.e2e-spec.ts (it needs the
 * server's log output).
 */

/** The body deadline for this file: short, so that a slow body is refused quickly. */
const DEADLINE_MS = 1500;
const EDITOR = `Authorization: Bearer ${TOKENS.editor}`;

let api: TestServer;

beforeAll(async () => {
  api = await startTestServer({ HTTP_REQUEST_TIMEOUT_MS: String(DEADLINE_MS), HTTP_HEADERS_TIMEOUT_MS: '1000' });
});

afterAll(async () => {
  await api?.stop();
});

function requestHead(lines: string[]): string {
  return [...lines, 'Host: 127.0.0.1', ''].join('\r\n') + '\r\n';
}

function topic(slug: string): string {
  return JSON.stringify({ slug, title: `Topic ${slug}`, description: 'made by the HTTP edge tests' });
}

async function topicExists(slug: string): Promise<boolean> {
  return (await api.call('GET', `/v1/topics/${slug}`, { role: 'reader' })).status === 200;
}

function expectProblem(answer: { status: number; headers: Record<string, string>; json: any } | null, status: number): void {
  expect(answer).not.toBeNull();
  expect(answer!.status).toBe(status);
  expect(answer!.headers['content-type']).toMatch(/^application\/problem\+json/);
  expect(answer!.json).toMatchObject({ status, type: expect.stringMatching(/^urn:stance-ledger:/), title: expect.any(String), detail: expect.any(String) });
}

describe('authentication comes before the body', () => {
  test('`{bad` without a token is a 401 with the Bearer challenge, not a 400 from parsing it', async () => {
    const anonymous = await api.call('POST', '/v1/topics', { role: null, rawBody: '{bad', headers: { 'content-type': 'application/json' } });
    expect(anonymous.status).toBe(401);
    expect(anonymous.headers.get('www-authenticate')).toBe('Bearer realm="stance-ledger"');
    expect(anonymous.body).toMatchObject({ type: 'urn:stance-ledger:unauthorized', status: 401, detail: 'send Authorization: Bearer <token>' });
    const unknownKey = await api.call('POST', '/v1/statements', {
      role: null,
      rawBody: '{bad',
      headers: { 'content-type': 'application/json', authorization: 'Bearer nope' },
    });
    expect([unknownKey.status, unknownKey.body.detail]).toEqual([401, 'the token is not known']);
    // A real token sent without its scheme is a mistake of form: the answer says how to send it.
    const bare = await api.call('GET', '/v1/topics', { role: null, headers: { authorization: TOKENS.reader } });
    expect([bare.status, bare.body.detail]).toEqual([401, 'send Authorization: Bearer <token> (the word Bearer, a space, then the token)']);
    // With a key, the same body is read and refused for what it is.
    expect((await api.call('POST', '/v1/topics', { rawBody: '{bad', headers: { 'content-type': 'application/json' } })).status).toBe(400);
  });

  test('an anonymous request is refused at once, without waiting for the body it declares, and its connection is closed', async () => {
    const connection = await RawConnection.open(api.url);
    try {
      await connection.write(requestHead(['POST /v1/statements HTTP/1.1', 'Content-Type: application/json', 'Content-Length: 700000']));
      // Not a byte of the body is sent: the answer cannot have waited for it.
      const answer = await connection.answer(5_000);
      expectProblem(answer, 401);
      expect(answer!.headers['www-authenticate']).toBe('Bearer realm="stance-ledger"');
      expect(answer!.headers.connection).toBe('close');
      expect(await connection.closes(5_000)).toBe(true);
    } finally {
      connection.destroy();
    }
  });

  test('Expect: 100-continue — an anonymous client is refused without being asked for its body; a known one is asked, then heard', async () => {
    const anonymous = await RawConnection.open(api.url);
    const known = await RawConnection.open(api.url);
    try {
      const body = topic('expect-continue');
      const lines = ['POST /v1/topics HTTP/1.1', 'Content-Type: application/json', `Content-Length: ${Buffer.byteLength(body)}`, 'Expect: 100-continue'];
      await anonymous.write(requestHead(lines));
      expectProblem(await anonymous.answer(5_000), 401);
      expect(anonymous.text()).not.toContain('100 Continue');

      await known.write(requestHead([...lines, EDITOR]));
      await new Promise((resolve) => setTimeout(resolve, 300));
      expect(known.text()).toBe('HTTP/1.1 100 Continue\r\n\r\n');
      await known.write(body);
      expect((await known.answer(5_000))?.status).toBe(201);
    } finally {
      anonymous.destroy();
      known.destroy();
    }
  });
});

describe('bodies are refused the moment the answer is known', () => {
  test('a declared Content-Length over 1 MiB is a 413 before any of the body is sent', async () => {
    const connection = await RawConnection.open(api.url);
    try {
      await connection.write(requestHead(['POST /v1/statements HTTP/1.1', EDITOR, 'Content-Type: application/json', `Content-Length: ${100 * 1024 * 1024}`]));
      const answer = await connection.answer(5_000);
      expectProblem(answer, 413);
      expect(answer!.json.type).toBe('urn:stance-ledger:payload-too-large');
      expect(answer!.headers.connection).toBe('close');
      expect(await connection.closes(5_000)).toBe(true);
    } finally {
      connection.destroy();
    }
  });

  test('a chunked body is a 413 as soon as it passes 1 MiB, without waiting for its end', async () => {
    const connection = await RawConnection.open(api.url);
    try {
      await connection.write(requestHead(['POST /v1/statements HTTP/1.1', EDITOR, 'Content-Type: application/json', 'Transfer-Encoding: chunked']));
      const piece = Buffer.alloc(64 * 1024, 'a');
      // 1.5 MiB in 64 KiB chunks, and never the final chunk: the body has no end to wait for.
      for (let sent = 0; sent < 1.5 * 1024 * 1024 && !connection.closed; sent += piece.length) {
        await connection.write(`${piece.length.toString(16)}\r\n`);
        await connection.write(piece);
        await connection.write('\r\n');
      }
      const answer = await connection.answer(5_000);
      expectProblem(answer, 413);
      expect(await connection.closes(5_000)).toBe(true);
    } finally {
      connection.destroy();
    }
  });

  test(`a body that has not arrived within HTTP_REQUEST_TIMEOUT_MS (${DEADLINE_MS} ms here) gets a 408 problem, then the connection closes; nothing is written`, async () => {
    const connection = await RawConnection.open(api.url);
    try {
      const body = topic('slow-body');
      await connection.write(requestHead(['POST /v1/topics HTTP/1.1', EDITOR, 'Content-Type: application/json', `Content-Length: ${Buffer.byteLength(body)}`]));
      const started = Date.now();
      await connection.write(body.slice(0, 20));
      const answer = await connection.answer(DEADLINE_MS + 5_000);
      const answeredAfter = Date.now() - started;
      expectProblem(answer, 408);
      expect(answer!.statusLine).toBe('HTTP/1.1 408 Request Timeout');
      expect(answer!.headers.connection).toBe('close');
      expect(answeredAfter).toBeGreaterThanOrEqual(DEADLINE_MS - 200);
      expect(await connection.closes(5_000)).toBe(true);
      expect(await topicExists('slow-body')).toBe(false);
    } finally {
      connection.destroy();
    }
  });

  test('a body sent in pieces within the deadline is taken as before', async () => {
    const connection = await RawConnection.open(api.url);
    try {
      const body = topic('pieces');
      await connection.write(requestHead(['POST /v1/topics HTTP/1.1', EDITOR, 'Content-Type: application/json', `Content-Length: ${Buffer.byteLength(body)}`]));
      for (const piece of [body.slice(0, 10), body.slice(10, 30), body.slice(30)]) {
        await new Promise((resolve) => setTimeout(resolve, 150));
        await connection.write(piece);
      }
      expect((await connection.answer(5_000))?.status).toBe(201);
      expect(await topicExists('pieces')).toBe(true);
    } finally {
      connection.destroy();
    }
  });
});

describe('answers Node would give on its own are problem+json, and close the connection', () => {
  async function exchange(request: string): Promise<{ answer: Awaited<ReturnType<RawConnection['answer']>>; closed: boolean }> {
    const connection = await RawConnection.open(api.url);
    try {
      await connection.write(request);
      const answer = await connection.answer(5_000);
      return { answer, closed: await connection.closes(5_000) };
    } finally {
      connection.destroy();
    }
  }

  test('Expect: anything but 100-continue is a 417 problem naming the header', async () => {
    const { answer, closed } = await exchange(requestHead(['GET /v1/topics HTTP/1.1', EDITOR, 'Expect: 999-nope']));
    expectProblem(answer, 417);
    expect(answer!.statusLine).toBe('HTTP/1.1 417 Expectation Failed');
    expect(answer!.json.errors).toEqual([{ pointer: '/headers/expect', detail: expect.stringContaining('999-nope') }]);
    expect(closed).toBe(true);
  });

  test('Transfer-Encoding other than chunked alone is a 400 naming the header, and nothing is written', async () => {
    const body = topic('te-gzip-chunked');
    const chunked = `${Buffer.byteLength(body).toString(16)}\r\n${body}\r\n0\r\n\r\n`;
    const post = ['POST /v1/topics HTTP/1.1', EDITOR, 'Content-Type: application/json'];
    const cases: [string, string][] = [
      // Node takes this one (chunked is last) and would hand the still-gzipped bytes on as the body.
      [requestHead([...post, 'Transfer-Encoding: gzip, chunked']) + chunked, '/headers/transfer-encoding'],
      [requestHead([...post, 'Transfer-Encoding: chunked, gzip']) + chunked, '/headers/transfer-encoding'],
      // Request smuggling's classic: Node's parser names one header or the other depending on their order.
      [requestHead([...post, 'Transfer-Encoding: chunked', `Content-Length: ${Buffer.byteLength(body)}`]) + chunked, '/headers/content-length'],
      [requestHead([...post, `Content-Length: ${Buffer.byteLength(body)}`, 'Transfer-Encoding: chunked']) + chunked, '/headers/transfer-encoding'],
    ];
    for (const [request, pointer] of cases) {
      const { answer, closed } = await exchange(request);
      expectProblem(answer, 400);
      expect(answer!.json.errors).toEqual([{ pointer, detail: expect.stringContaining('Transfer-Encoding') }]);
      expect(closed).toBe(true);
    }
    expect(await topicExists('te-gzip-chunked')).toBe(false);
  });

  test('an HTTP/1.1 request without Host is a 400 problem naming the header', async () => {
    const { answer, closed } = await exchange(`GET /v1/topics HTTP/1.1\r\n${EDITOR}\r\n\r\n`);
    expectProblem(answer, 400);
    expect(answer!.json.errors).toEqual([{ pointer: '/headers/host', detail: expect.any(String) }]);
    expect(closed).toBe(true);
  });

  test('CONNECT is a 405 problem, not a silently dropped connection', async () => {
    const { answer, closed } = await exchange('CONNECT example.com:443 HTTP/1.1\r\nHost: example.com:443\r\n\r\n');
    expectProblem(answer, 405);
    expect(answer!.headers.allow).toBeDefined();
    expect(closed).toBe(true);
  });
});

describe('HEAD ends after the headers, on every route', () => {
  const ROUTES = ['/v1/feed', '/v1/topics', '/v1/statements', '/v1/events', '/v1/stances', '/health', '/metrics'];

  /**
   * HEAD, then a GET pipelined behind it on the same connection: Node answers them in
   * order, so the GET is answered (and the connection closed, as it asks) only once the
   * HEAD answer has ended.
   */
  async function headThenGet(path: string): Promise<{ closed: boolean; head: string; headAnswer: string; get: string }> {
    const connection = await RawConnection.open(api.url);
    try {
      const authorization = `Authorization: Bearer ${TOKENS.reader}`;
      await connection.write(
        requestHead([`HEAD ${path} HTTP/1.1`, authorization]) + requestHead(['GET /v1/topics HTTP/1.1', authorization, 'Connection: close']),
      );
      const closed = await connection.closes(5_000);
      const text = connection.text();
      const second = text.indexOf('HTTP/1.1 ', 1);
      const headAnswer = second < 0 ? text : text.slice(0, second);
      return { closed, head: headAnswer.split('\r\n')[0], headAnswer, get: second < 0 ? '' : text.slice(second).split('\r\n')[0] };
    } finally {
      connection.destroy();
    }
  }

  test.each(ROUTES)('HEAD %s', async (path) => {
    const { closed, head, headAnswer, get } = await headThenGet(path);
    expect({ closed, head, get }).toEqual({ closed: true, head: 'HTTP/1.1 200 OK', get: 'HTTP/1.1 200 OK' });
    // Headers only: nothing after the blank line that ends them.
    expect(headAnswer.indexOf('\r\n\r\n')).toBe(headAnswer.length - 4);
  });
});
