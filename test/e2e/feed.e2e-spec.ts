import { keysTouchedAt, listStances } from '@app/stances';
import { randomUUID } from 'node:crypto';
import http from 'node:http';
import net from 'node:net';
import { demo, kim, mofa, statementBody } from '../support/demo.js';
import { startTestServer, TOKENS, type TestServer } from '../support/server.js';

/** Server-Sent Events read with fetch: each message's event, id and parsed data (comments skipped). */
interface Message {
  event: string;
  id: number;
  data: any;
}

async function readFeed(api: TestServer, count: number, headers: Record<string, string> = {}, query = ''): Promise<Message[]> {
  const controller = new AbortController();
  const response = await fetch(`${api.url}/v1/feed${query}`, {
    headers: { authorization: `Bearer ${TOKENS.reader}`, ...headers },
    signal: controller.signal,
  });
  expect(response.status).toBe(200);
  expect(response.headers.get('content-type')).toContain('text/event-stream');
  const reader = response.body!.getReader();
  const decoder = new TextDecoder();
  let buffer = '';
  const messages: Message[] = [];
  while (messages.length < count) {
    // Stop at `count` messages, or once the feed has been quiet for a while (caught up).
    const quiet = new Promise<{ value: undefined; done: true }>((resolve) => setTimeout(() => resolve({ value: undefined, done: true }), 1500));
    const { value, done } = await Promise.race([reader.read(), quiet]);
    if (done) break;
    buffer += decoder.decode(value, { stream: true });
    let end: number;
    while ((end = buffer.indexOf('\n\n')) >= 0) {
      const block = buffer.slice(0, end);
      buffer = buffer.slice(end + 2);
      const fields = Object.fromEntries(
        block
          .split('\n')
          .filter((line) => line && !line.startsWith(':'))
          .map((line) => [line.slice(0, line.indexOf(':')), line.slice(line.indexOf(':') + 2)]),
      );
      if (fields.event) messages.push({ event: fields.event, id: Number(fields.id), data: JSON.parse(fields.data) });
    }
  }
  controller.abort();
  return messages.slice(0, count);
}

/** The cause a StanceChanged gives for each kind of statement event. */
const CAUSES: Record<string, string> = { StatementRecorded: 'recorded', StatementCorrected: 'corrected', StatementRetracted: 'retracted' };

let api: TestServer;
beforeAll(async () => {
  api = await startTestServer();
  for (const topic of demo.topics) await api.call('POST', '/v1/topics', { body: topic });
  for (const statement of demo.statements.slice(0, 9)) await api.call('POST', '/v1/statements', { body: statement });
});
afterAll(async () => {
  await api.stop();
});

test('from the start: each event, then the StanceChanged messages it caused', async () => {
  const messages = await readFeed(api, 6, {}, '?after=0');
  expect(messages.slice(0, 2).map((m) => [m.event, m.id])).toEqual([
    ['TopicRegistered', 1],
    ['TopicRegistered', 2],
  ]);
  expect(messages[2]).toMatchObject({ event: 'StatementRecorded', id: 3 });
  expect(messages[2].data).toMatchObject({ logPosition: 3, type: 'StatementRecorded', hash: expect.any(String) });
  expect(messages[3]).toMatchObject({ event: 'StanceChanged', id: 3 });
  expect(messages[3].data.cause).toBe('recorded');
  expect(messages[3].data.previous).toBeNull();
  expect(messages[3].data.current).toMatchObject({ country: 'AUS', target: 'JPN', position: 'considering', statementCount: 1 });
});

test('a correction announces the flip with the previous and the current stance', async () => {
  const head = (await api.call('GET', '/v1/events?after=0&limit=1000', { role: 'reader' })).body.items.length;
  const pending = readFeed(api, 2, { 'last-event-id': String(head) });
  await new Promise((resolve) => setTimeout(resolve, 200));
  const corrected = await api.call('POST', `/v1/statements/${mofa.statementId}/corrections`, {
    body: { changes: { position: 'opposes', statedAt: '2024-12' }, reason: 'Later and harder.' },
  });
  expect(corrected.status).toBe(200);
  const [event, change] = await pending;
  expect([event.event, event.id]).toEqual(['StatementCorrected', head + 1]);
  expect(change.event).toBe('StanceChanged');
  expect(change.data.cause).toBe('corrected');
  expect(change.data.previous).toMatchObject({ country: 'KOR', position: 'considering', statementCount: 2 });
  expect(change.data.current).toMatchObject({ country: 'KOR', position: 'opposes', since: '2024-12', statementCount: 2 });
});

test('reconnecting with Last-Event-ID resumes after that event and misses nothing', async () => {
  const all = (await readFeed(api, 40, {}, '?after=0')).filter((m) => m.event !== 'StanceChanged');
  const firstPart = all.slice(0, 5);
  const resumed = (await readFeed(api, 40, { 'last-event-id': String(firstPart[4].id) })).filter((m) => m.event !== 'StanceChanged');
  const ids = [...firstPart, ...resumed].map((m) => m.id);
  const head = (await api.call('GET', '/v1/events?after=0&limit=1000', { role: 'reader' })).body.items.length;
  expect(ids.slice(0, head)).toEqual(Array.from({ length: head }, (_, i) => i + 1));
});

test('every StanceChanged equals the stances read right before and right after its event (moves between keys and retractions included)', async () => {
  const moved = await api.call('POST', `/v1/statements/${kim.statementId}/corrections`, {
    body: { changes: { target: 'JPN', actor: { country: 'AUS' } }, reason: 'Misread the speaker and the subject.' },
  });
  expect(moved.status).toBe(200);
  const retracted = await api.call('POST', `/v1/statements/${mofa.statementId}/retraction`, { body: { reason: 'Misattributed.' } });
  expect(retracted.status).toBe(200);
  const events = (await api.call('GET', '/v1/events?after=0&limit=1000', { role: 'reader' })).body.items as { logPosition: number; type: string; data: any }[];
  const messages = await readFeed(api, 10_000, {}, '?after=0');
  // The stances as the API reads them at each position (what the feed did per event before it was shared).
  const pool = api.server.runtime.pool;
  const expected: Message[] = [];
  for (const event of events) {
    expected.push({ event: event.type, id: event.logPosition, data: event });
    if (!event.type.startsWith('Statement')) continue;
    const changes = [];
    for (const key of await keysTouchedAt(pool, event.data.statementId, event.logPosition)) {
      const [previous = null] = await listStances(pool, { ...key, atLogPosition: event.logPosition - 1 });
      const [current = null] = await listStances(pool, { ...key, atLogPosition: event.logPosition });
      if (JSON.stringify(previous) !== JSON.stringify(current)) changes.push({ cause: CAUSES[event.type], previous, current });
    }
    const order = (change: any) => JSON.stringify([(change.current ?? change.previous).country, (change.current ?? change.previous).target]);
    for (const data of changes.sort((a, b) => (order(a) < order(b) ? -1 : 1))) expected.push({ event: 'StanceChanged', id: event.logPosition, data });
  }
  expect(messages).toEqual(expected);
  const movedAt = events.find((event) => event.type === 'StatementCorrected' && event.data.statementId === kim.statementId)!.logPosition;
  // Both keys of a moved statement changed by a correction, not by a change of position; a retraction says so.
  expect(messages.filter((m) => m.event === 'StanceChanged' && m.id === movedAt).map((m) => m.data.cause)).toEqual(['corrected', 'corrected']);
  const retractedAt = events.find((event) => event.type === 'StatementRetracted' && event.data.statementId === mofa.statementId)!.logPosition;
  expect(messages.filter((m) => m.event === 'StanceChanged' && m.id === retractedAt).map((m) => m.data.cause)).toEqual(['retracted']);
  expect(new Set(messages.filter((m) => m.event === 'StanceChanged').map((m) => m.data.cause))).toEqual(new Set(['recorded', 'corrected', 'retracted']));
});

test('HEAD /v1/feed ends after the headers: the next request on the connection is answered', async () => {
  const { port } = new URL(api.url);
  const socket = net.connect(Number(port), '127.0.0.1');
  let received = '';
  socket.on('data', (chunk) => (received += chunk.toString('latin1')));
  socket.write(
    `HEAD /v1/feed HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer ${TOKENS.reader}\r\n\r\n` +
      'GET /health/live HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n',
  );
  await new Promise<void>((resolve) => {
    socket.on('close', () => resolve());
    setTimeout(() => resolve(), 5000);
  });
  socket.destroy();
  const answers = received.split(/(?=HTTP\/1\.1 \d{3})/);
  expect(answers).toHaveLength(2);
  expect(answers[0]).toMatch(/^HTTP\/1\.1 200/);
  expect(answers[0].toLowerCase()).toContain('content-type: text/event-stream');
  expect(answers[0].endsWith('\r\n\r\n')).toBe(true);
  expect(answers[1]).toMatch(/^HTTP\/1\.1 200/);
});

/**
 * A feed read as it arrives over a plain HTTP connection: every message and comment, in
 * order. `pause()` stops reading from the socket (the kernel's buffers fill, then the
 * server's), as a client that cannot keep up would.
 */
class FeedConnection {
  status = 0;
  messages: Message[] = [];
  comments: string[] = [];
  ended = false;
  private buffer = '';
  private response: http.IncomingMessage | null = null;
  private readonly request: http.ClientRequest;
  readonly opened: Promise<void>;

  constructor(url: string, token: string, headers: Record<string, string> = {}, query = '') {
    this.request = http.get(`${url}/v1/feed${query}`, { agent: false, headers: { authorization: `Bearer ${token}`, ...headers } });
    this.opened = new Promise((resolve, reject) => {
      this.request.on('error', reject);
      this.request.on('response', (response) => {
        this.response = response;
        this.status = response.statusCode!;
        response.setEncoding('utf8');
        response.on('data', (chunk: string) => this.take(chunk));
        response.on('end', () => (this.ended = true));
        response.on('close', () => (this.ended = true));
        resolve();
      });
    });
  }

  pause(): void {
    this.response?.pause();
  }

  resume(): void {
    this.response?.resume();
  }

  close(): void {
    this.request.destroy();
  }

  eventIds(): number[] {
    return this.messages.filter((m) => m.event !== 'StanceChanged').map((m) => m.id);
  }

  async until(done: (feed: FeedConnection) => boolean, timeoutMs: number, what: string): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (!done(this)) {
      if (Date.now() > deadline) throw new Error(`${what}: not within ${timeoutMs} ms (${this.messages.length} messages, ended ${this.ended})`);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }

  private take(chunk: string): void {
    this.buffer += chunk;
    let end: number;
    while ((end = this.buffer.indexOf('\n\n')) >= 0) {
      const block = this.buffer.slice(0, end);
      this.buffer = this.buffer.slice(end + 2);
      if (block.startsWith(':')) {
        this.comments.push(block);
        continue;
      }
      const fields = Object.fromEntries(block.split('\n').map((line) => [line.slice(0, line.indexOf(':')), line.slice(line.indexOf(':') + 2)]));
      this.messages.push({ event: fields.event, id: Number(fields.id), data: JSON.parse(fields.data) });
    }
  }
}

const COUNTRIES = ['AUS', 'GBR', 'USA', 'JPN', 'KOR', 'CAN', 'NZL', 'FRA', 'DEU', 'IND'];
const POSITIONS = ['opposes', 'concerned', 'neutral', 'considering', 'supports'];

/** `count` new statements over several keys; `large`: ~28 kB of text each (astral characters). */
function statements(count: number, large = false): Record<string, unknown>[] {
  return Array.from({ length: count }, (_, i) => {
    const tag = randomUUID();
    return statementBody({
      statementId: tag,
      actor: { country: COUNTRIES[i % COUNTRIES.length], body: 'Ministry of Foreign Affairs' },
      target: COUNTRIES[(i + 3) % COUNTRIES.length],
      position: POSITIONS[(i * 7) % POSITIONS.length],
      statedAt: `2024-${String((i % 12) + 1).padStart(2, '0')}`,
      summary: large ? '\u{1F30F}'.repeat(2000) : `Statement ${tag}.`,
      quote: large ? '\u{1F4DC}'.repeat(5000) : 'A quote.',
      source: { url: `https://example.org/feed/${tag}`, publisher: 'Feed test' },
    });
  });
}

async function writeBatches(server: TestServer, batches: number, size: number, large = false): Promise<number> {
  let head = 0;
  for (let i = 0; i < batches; i++) {
    const written = await server.call('POST', '/v1/statements/batch', { body: { statements: statements(size, large) } });
    expect(written.status).toBe(201);
    head = Math.max(...written.body.items.map((item: { logPosition: number }) => item.logPosition));
  }
  return head;
}

describe('one broadcaster for many feeds', () => {
  const READERS = { a: 'reader-a-token-0123456789abcdef', b: 'reader-b-token-0123456789abcdef', c: 'reader-c-token-0123456789abcdef' };
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer({
      API_KEYS: [
        `root:admin:${TOKENS.admin}`,
        `alice:editor:${TOKENS.editor}`,
        `rita:reader:${TOKENS.reader}`,
        ...Object.entries(READERS).map(([name, token]) => `reader-${name}:reader:${token}`),
      ].join(','),
      FEED_MAX_PER_KEY: '3',
      FEED_MAX_TOTAL: '6',
    });
    for (const topic of demo.topics) await server.call('POST', '/v1/topics', { body: topic });
  });
  afterAll(async () => {
    await server.stop();
  });

  test('a feed resuming far behind pages through the log, then joins the live stream: every event exactly once, in order', async () => {
    // Before any feed is open, so that the first pages come from the log, not from memory.
    await writeBatches(server, 12, 100);
    const feed = new FeedConnection(server.url, READERS.a, { 'last-event-id': '0' });
    await feed.opened;
    expect(feed.status).toBe(200);
    // Writes go on while it catches up: some of its events come from the log, the last live.
    let head = 0;
    for (let i = 0; i < 20; i++) {
      const written = await server.call('POST', '/v1/statements', { body: statements(1)[0] });
      expect(written.status).toBe(201);
      head = Number(written.headers.get('ledger-position'));
    }
    head = Math.max(head, await writeBatches(server, 2, 100));
    await feed.until((f) => f.eventIds().at(-1) === head, 30_000, `the feed reaching ${head}`);
    feed.close();
    expect(feed.eventIds()).toEqual(Array.from({ length: head }, (_, i) => i + 1));
    // Each event's StanceChanged messages follow it, with its id.
    for (let i = 1; i < feed.messages.length; i++) {
      if (feed.messages[i].event === 'StanceChanged') expect(feed.messages[i].id).toBe(feed.messages[i - 1].id);
    }
    expect(feed.messages.filter((m) => m.event === 'StanceChanged').length).toBeGreaterThan(head / 2);
  });

  test('a subscriber that stops reading is dropped with a final comment; the others keep receiving everything', async () => {
    const before = await server.call('POST', '/v1/statements', { body: statements(1)[0] });
    const first = Number(before.headers.get('ledger-position')) + 1;
    const slow = new FeedConnection(server.url, READERS.b);
    const normal = new FeedConnection(server.url, READERS.c);
    await Promise.all([slow.opened, normal.opened]);
    slow.pause();
    // ~10 MB of events: more than the kernel's socket buffers and the server's 1 MiB bound.
    const head = await writeBatches(server, 12, 30, true);
    await normal.until((f) => f.eventIds().at(-1) === head, 30_000, `the normal feed reaching ${head}`);
    expect(normal.ended).toBe(false);
    expect(normal.eventIds()).toEqual(Array.from({ length: head - first + 1 }, (_, i) => first + i));
    normal.close();
    slow.resume();
    await slow.until((f) => f.ended, 20_000, 'the slow feed ending');
    expect(slow.comments.at(-1)).toBe(': dropped: too slow; reconnect with Last-Event-ID');
    const got = slow.eventIds();
    expect(got.length).toBeLessThan(head - first + 1);
    expect(got).toEqual(Array.from({ length: got.length }, (_, i) => first + i));
    // And it resumes where it stopped.
    const resumed = new FeedConnection(server.url, READERS.b, { 'last-event-id': String(slow.messages.at(-1)!.id) });
    await resumed.until((f) => f.eventIds().at(-1) === head, 30_000, 'the resumed feed reaching the head');
    resumed.close();
    expect([...got, ...resumed.eventIds()]).toEqual(Array.from({ length: head - first + 1 }, (_, i) => first + i));
  });

  test('FEED_MAX_PER_KEY: one feed more for the key is refused with 429 and Retry-After; FEED_MAX_TOTAL: one more for the process, 503; closing one frees its slot', async () => {
    // The earlier tests' feeds, closed by their clients, leave the server's count first.
    await new Promise((resolve) => setTimeout(resolve, 500));
    const feeds = [0, 1, 2].map(() => new FeedConnection(server.url, TOKENS.reader));
    await Promise.all(feeds.map((feed) => feed.opened));
    expect(feeds.map((feed) => feed.status)).toEqual([200, 200, 200]);
    const refused = await fetch(`${server.url}/v1/feed`, { headers: { authorization: `Bearer ${TOKENS.reader}` } });
    expect(refused.status).toBe(429);
    expect(refused.headers.get('content-type')).toContain('application/problem+json');
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(await refused.json()).toMatchObject({ type: 'urn:stance-ledger:rate-limited', status: 429, detail: expect.stringContaining('FEED_MAX_PER_KEY') });
    // Other keys are not affected, up to the process's cap (6 here).
    const others = [READERS.a, READERS.a, READERS.b].map((token) => new FeedConnection(server.url, token));
    await Promise.all(others.map((feed) => feed.opened));
    expect(others.map((feed) => feed.status)).toEqual([200, 200, 200]);
    const busy = await fetch(`${server.url}/v1/feed`, { headers: { authorization: `Bearer ${READERS.c}` } });
    expect(busy.status).toBe(503);
    expect(Number(busy.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(await busy.json()).toMatchObject({ type: 'urn:stance-ledger:unavailable', detail: expect.stringContaining('busy') });
    for (const feed of others) feed.close();
    feeds[0].close();
    let again: FeedConnection | null = null;
    for (let attempt = 0; attempt < 50 && again?.status !== 200; attempt++) {
      await new Promise((resolve) => setTimeout(resolve, 50));
      again?.close();
      again = new FeedConnection(server.url, TOKENS.reader);
      await again.opened;
    }
    expect(again!.status).toBe(200);
    for (const feed of [again!, ...feeds]) feed.close();
  });
});

test('a shutdown ends open feeds with a closing comment instead of waiting its grace period for them', async () => {
  const own = await startTestServer();
  const response = await fetch(`${own.url}/v1/feed`, { headers: { authorization: `Bearer ${TOKENS.reader}` } });
  expect(response.status).toBe(200);
  const text = response.text(); // resolves when the server ends the feed
  await new Promise((resolve) => setTimeout(resolve, 200));
  const started = Date.now();
  await own.stop();
  // The drain's grace period is 20 s; a feed is never idle, so before this fix the
  // shutdown always waited all of it.
  expect(Date.now() - started).toBeLessThan(15_000);
  expect(await text).toContain(': closing: the server is shutting down; reconnect with Last-Event-ID');
}, 120_000);
