import { describe, expect, test } from '@jest/globals';
import { backoffMs, SseParser } from './feed.ts';

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
