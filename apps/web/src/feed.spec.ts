import { describe, expect, test } from '@jest/globals';
import { backoffMs, followFeed, SseParser, type FeedStatus, type SseMessage } from './feed.ts';

/** The live feed's SSE framing, as GET /v1/feed writes it (apps/api/src/feed/feed-messages.ts). */
describe('SseParser', () => {
  test('the feed’s frames: an opening comment, an event and its StanceChanged sharing one id', () => {
    const parser = new SseParser();
    const messages = parser.push(
      ': stance-ledger feed\n\nevent: StatementRecorded\nid: 12\ndata: {"logPosition":12}\n\nevent: StanceChanged\nid: 12\ndata: {"cause":"recorded"}\n\n',
    );
    expect(messages).toEqual([
      { event: 'StatementRecorded', id: '12', data: '{"logPosition":12}' },
      { event: 'StanceChanged', id: '12', data: '{"cause":"recorded"}' },
    ]);
    expect(parser.comments).toBe(1);
    expect(parser.lastEventId).toBe('12');
  });

  test('a message cut anywhere across chunks, CRLF split between chunks included, comes out whole and once', () => {
    const text = 'event: StanceChanged\r\nid: 7\r\ndata: {"a":1}\r\n\r\n';
    for (let cut = 0; cut <= text.length; cut++) {
      const parser = new SseParser();
      const messages = [...parser.push(text.slice(0, cut)), ...parser.push(text.slice(cut))];
      expect([cut, messages]).toEqual([cut, [{ event: 'StanceChanged', id: '7', data: '{"a":1}' }]]);
    }
  });

  test('bare CR line ends, several data lines joined by LF, no space after the colon, a default event type', () => {
    const parser = new SseParser();
    expect(parser.push('data:one\rdata: two\r\r')).toEqual([{ event: 'message', id: null, data: 'one\ntwo' }]);
  });

  test('a blank line with no data dispatches nothing, but an id alone still moves the resume point', () => {
    const parser = new SseParser();
    expect(parser.push('id: 40\n\n: keepalive\n\n')).toEqual([]);
    expect(parser.lastEventId).toBe('40');
    expect(parser.comments).toBe(1);
  });

  test('an unfinished message is held back until its blank line arrives', () => {
    const parser = new SseParser();
    expect(parser.push('event: StatementCorrected\nid: 9\ndata: {}\n')).toEqual([]);
    expect(parser.push('\n')).toEqual([{ event: 'StatementCorrected', id: '9', data: '{}' }]);
  });
});

describe('backoffMs', () => {
  test('grows from about a second to at most 30 s; a Retry-After wins', () => {
    expect(backoffMs(1)).toBeGreaterThanOrEqual(500);
    expect(backoffMs(1)).toBeLessThanOrEqual(1000);
    expect(backoffMs(20)).toBeLessThanOrEqual(30_000);
    expect(backoffMs(20)).toBeGreaterThanOrEqual(15_000);
    expect(backoffMs(3, 10)).toBe(10_000);
  });
});

describe('followFeed', () => {
  test('after the server ends the stream it reconnects with Last-Event-ID one before the last id (the rest of that event’s messages again), and stops when told', async () => {
    const requests: Record<string, string>[] = [];
    const bodies = [
      ': stance-ledger feed\n\nevent: StatementRecorded\nid: 41\ndata: {}\n\nevent: StanceChanged\nid: 41\ndata: {"cause":"recorded"}\n\n',
      ': stance-ledger feed\n\n',
    ];
    let reconnected: () => void = () => undefined;
    const second = new Promise<void>((resolve) => (reconnected = resolve));
    const realFetch = globalThis.fetch;
    globalThis.fetch = (async (_url: string, init: RequestInit) => {
      requests.push(init.headers as Record<string, string>);
      if (requests.length === 2) reconnected();
      const text = bodies[requests.length - 1] ?? '';
      // The first stream ends (a drop); the second stays open until aborted.
      const body = new ReadableStream<Uint8Array>({
        start(controller) {
          controller.enqueue(new TextEncoder().encode(text));
          if (requests.length === 1) controller.close();
          else init.signal?.addEventListener('abort', () => controller.error(new DOMException('aborted', 'AbortError')));
        },
      });
      return new Response(body, { status: 200, headers: { 'Content-Type': 'text/event-stream' } });
    }) as typeof fetch;
    const messages: SseMessage[] = [];
    const statuses: FeedStatus[] = [];
    try {
      const stop = followFeed({
        token: 'a-token-of-sixteen-chars',
        onMessage: (message) => messages.push(message),
        onStatus: (status) => statuses.push(status),
      });
      await second;
      stop();
    } finally {
      globalThis.fetch = realFetch;
    }
    expect(requests[0].Authorization).toBe('Bearer a-token-of-sixteen-chars');
    expect(requests[0]['Last-Event-ID']).toBeUndefined();
    expect(requests[1]['Last-Event-ID']).toBe('40');
    expect(messages.map((message) => message.event)).toEqual(['StatementRecorded', 'StanceChanged']);
    expect(statuses.slice(0, 3)).toEqual(['connecting', 'connected', 'reconnecting']);
  });
});
