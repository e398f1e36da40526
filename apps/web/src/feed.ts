/**
 * The live feed, `GET /v1/feed` (docs/api.md): Server-Sent Events read with `fetch`, because
 * an EventSource cannot send the Authorization header. The SSE framing is parsed here
 * (`SseParser`, free of the DOM so a plain unit spec runs it); `followFeed` keeps one
 * connection open, resuming with `Last-Event-ID` after a drop, until it is stopped.
 */

/** One dispatched SSE message. `id` is the last event id seen so far on this stream (SSE's rule). */
export interface SseMessage {
  event: string;
  id: string | null;
  data: string;
}

/**
 * The SSE event-stream format (the WHATWG HTML standard, "Server-sent events"): lines end with
 * CRLF, LF or CR; `field: value` (one space after the colon dropped); a line starting with a
 * colon is a comment; a blank line dispatches the message gathered since the last one (none
 * when it has no `data`). Text arrives in chunks cut anywhere, so an unfinished line waits.
 */
export class SseParser {
  /** The id to resume after: the last `id:` field seen (it outlives the message that set it). */
  lastEventId: string | null = null;
  /** How many comment lines arrived (the server's opening line, keepalives, "dropped"…). */
  comments = 0;
  private rest = '';
  private afterCr = false;
  private event = '';
  private data: string[] = [];

  push(chunk: string): SseMessage[] {
    const messages: SseMessage[] = [];
    // A chunk that ended with CR ended a line; an LF opening the next is that CRLF's second half.
    if (this.afterCr && chunk.startsWith('\n')) chunk = chunk.slice(1);
    this.afterCr = chunk.endsWith('\r');
    const lines = (this.rest + chunk).split(/\r\n|\r|\n/);
    this.rest = lines.pop() ?? '';
    for (const line of lines) {
      if (line === '') {
        if (this.data.length > 0) messages.push({ event: this.event || 'message', id: this.lastEventId, data: this.data.join('\n') });
        this.event = '';
        this.data = [];
        continue;
      }
      if (line.startsWith(':')) {
        this.comments++;
        continue;
      }
      const colon = line.indexOf(':');
      const field = colon < 0 ? line : line.slice(0, colon);
      let value = colon < 0 ? '' : line.slice(colon + 1);
      if (value.startsWith(' ')) value = value.slice(1);
      if (field === 'event') this.event = value;
      else if (field === 'data') this.data.push(value);
      else if (field === 'id' && !value.includes('\u0000')) this.lastEventId = value;
      // `retry` and unknown fields: ignored (the backoff below is the client's own).
    }
    return messages;
  }
}

export type FeedStatus = 'connecting' | 'connected' | 'reconnecting' | 'refused';

export interface FeedOptions {
  token: string;
  onMessage(message: SseMessage): void;
  onStatus(status: FeedStatus, detail?: string): void;
  /** Told when the server no longer knows the token (401): the feed stops for good. */
  onRefused?(): void;
}

/** The wait before reconnect attempt `n` (1, 2, …): 1 s doubling to 30 s, with jitter so many tabs do not return together. */
export function backoffMs(attempt: number, retryAfterSeconds: number | null = null): number {
  if (retryAfterSeconds !== null && retryAfterSeconds > 0) return retryAfterSeconds * 1000;
  const base = Math.min(30_000, 1000 * 2 ** Math.min(attempt - 1, 5));
  return base / 2 + Math.random() * (base / 2);
}

/**
 * Follows the feed from the head until the returned function is called (unmount, sign-out):
 * that aborts the open request and any wait. After a drop it reconnects with
 * `Last-Event-ID` one position before the last id seen: a log event and its StanceChanged
 * messages share one id, and a drop in the middle of them must not lose the rest (the
 * repeated messages are harmless: applying a stance twice gives the same map).
 */
export function followFeed(options: FeedOptions): () => void {
  const abort = new AbortController();
  const { signal } = abort;
  let lastId: number | null = null;
  void (async () => {
    for (let attempt = 0; !signal.aborted;) {
      options.onStatus(attempt === 0 ? 'connecting' : 'reconnecting');
      let retryAfter: number | null = null;
      try {
        const headers: Record<string, string> = { Accept: 'text/event-stream', Authorization: `Bearer ${options.token}` };
        if (lastId !== null) headers['Last-Event-ID'] = String(Math.max(0, lastId - 1));
        const response = await fetch('/v1/feed', { headers, signal, cache: 'no-store' });
        if (response.status === 401) {
          options.onStatus('refused', 'the token is no longer known');
          options.onRefused?.();
          return;
        }
        if (!response.ok || !response.body) {
          retryAfter = Number(response.headers.get('Retry-After')) || null;
          throw new Error(`HTTP ${response.status}`);
        }
        attempt = 0;
        options.onStatus('connected');
        const parser = new SseParser();
        const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
        for (;;) {
          const { value, done } = await reader.read();
          if (done) break; // the server ended it (shutting down, or we were too slow): resume
          for (const message of parser.push(value)) {
            const id = Number(message.id);
            if (message.id !== null && Number.isSafeInteger(id)) lastId = id;
            options.onMessage(message);
          }
        }
      } catch {
        if (signal.aborted) return;
      }
      attempt++;
      options.onStatus('reconnecting');
      await wait(backoffMs(attempt, retryAfter), signal);
    }
  })();
  return () => abort.abort();
}

function wait(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(resolve, ms);
    signal.addEventListener(
      'abort',
      () => {
        clearTimeout(timer);
        resolve();
      },
      { once: true },
    );
  });
}
