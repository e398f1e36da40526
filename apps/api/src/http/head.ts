import type { IncomingMessage, ServerResponse } from 'node:http';

/**
 * A HEAD answer ends with its headers, whatever the handler does. Express serves HEAD with
 * the GET handler; Node drops the body of a HEAD answer but only ends it when the handler
 * does — and a streaming handler (the feed) never would, holding the request and its
 * connection open forever. So for HEAD the first write or header flush ends the answer, and
 * later writes are dropped (a write after the end would otherwise be an error).
 */
export function endHeadAfterHeaders(request: IncomingMessage, response: ServerResponse): void {
  if (request.method !== 'HEAD') return;
  const endNow = () => {
    if (!response.writableEnded) response.end();
  };
  response.write = ((..._args: unknown[]) => {
    endNow();
    return true;
  }) as ServerResponse['write'];
  response.flushHeaders = endNow;
}
