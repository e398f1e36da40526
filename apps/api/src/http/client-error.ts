import type { Duplex } from 'node:stream';

/**
 * Answers requests that Node's HTTP parser refuses before the application sees them (raw
 * bytes above 0x7F in the request line, a malformed header, headers over the size limit, a
 * client too slow to finish): with problem+json like every other 4xx, instead of Node's
 * bare "400 Bad Request". The connection is closed afterwards — after a parse error the
 * byte stream cannot be trusted to find the next request.
 */
export function answerClientError(error: Error & { code?: string }, socket: Duplex): void {
  // The client went away, or a response is already under way: nothing can be said.
  if (error.code === 'ECONNRESET' || !socket.writable || (socket as Duplex & { _httpMessage?: unknown })._httpMessage) {
    socket.destroy();
    return;
  }
  const { status, type, title, detail } = describe(error.code);
  const body = JSON.stringify({ type: `urn:stance-ledger:${type}`, title, status, detail, errors: [{ pointer: '', detail }] });
  socket.end(
    `HTTP/1.1 ${status} ${title}\r\n` +
      'Content-Type: application/problem+json\r\n' +
      `Content-Length: ${Buffer.byteLength(body)}\r\n` +
      'Connection: close\r\n\r\n' +
      body,
  );
}

function describe(code: string | undefined): { status: number; type: string; title: string; detail: string } {
  switch (code) {
    case 'HPE_HEADER_OVERFLOW':
      return { status: 431, type: 'payload-too-large', title: 'Request Header Fields Too Large', detail: 'the request headers are larger than the server accepts (16 KiB)' };
    case 'ERR_HTTP_REQUEST_TIMEOUT':
      return { status: 408, type: 'validation', title: 'Request Timeout', detail: 'the request did not arrive completely in time' };
    default:
      return {
        status: 400,
        type: 'validation',
        title: 'Bad Request',
        detail: `the request is not valid HTTP/1.1 (${code ?? 'unparseable'}); percent-encode non-ASCII characters in the path and query`,
      };
  }
}
