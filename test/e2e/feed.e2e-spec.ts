import { demo, mofa } from '../support/demo.js';
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
