import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Duplex } from 'node:stream';
import { closeAfterAnswer } from './linger.js';
import type { ProblemType } from './problem.js';

interface EdgeProblem {
  status: number;
  type: ProblemType;
  title: string;
  detail: string;
  /** Where the defect is: '' for the request as a whole, `/headers/<name>` for a header. */
  pointer?: string;
}

function problemJson({ status, type, title, detail, pointer = '' }: EdgeProblem): string {
  return JSON.stringify({ type: `urn:stance-ledger:${type}`, title, status, detail, errors: [{ pointer, detail }] });
}

/** Writes a problem on a socket Node has not (or no longer) put a response on, and closes it. */
function endSocketWith(socket: Duplex, problem: EdgeProblem, extraHeaders = ''): void {
  const body = problemJson(problem);
  socket.end(
    `HTTP/1.1 ${problem.status} ${problem.title}\r\n` +
      'Content-Type: application/problem+json\r\n' +
      `Content-Length: ${Buffer.byteLength(body)}\r\n` +
      extraHeaders +
      'Connection: close\r\n\r\n' +
      body,
  );
}

/** Answers a request Node dispatched outside the application (below) with a problem, and closes the connection. */
function endResponseWith(request: IncomingMessage, response: ServerResponse, problem: EdgeProblem): void {
  const body = problemJson(problem);
  closeAfterAnswer(request, response);
  response.writeHead(problem.status, problem.title, {
    'Content-Type': 'application/problem+json',
    'Content-Length': Buffer.byteLength(body),
  });
  response.end(body);
}

/**
 * Answers requests that Node's HTTP parser refuses before the application sees them (raw
 * bytes above 0x7F in the request line, a malformed header, headers over the size limit, a
 * bad Transfer-Encoding or Content-Length, a client too slow to finish): with problem+json
 * like every other 4xx, instead of Node's bare "400 Bad Request". The connection is closed
 * afterwards — after a parse error the byte stream cannot be trusted to find the next request.
 */
export function answerClientError(error: Error & { code?: string }, socket: Duplex): void {
  // The client went away, or a response is already under way: nothing can be said.
  if (error.code === 'ECONNRESET' || !socket.writable || (socket as Duplex & { _httpMessage?: unknown })._httpMessage) {
    socket.destroy();
    return;
  }
  endSocketWith(socket, describe(error.code));
}

const BAD_REQUEST = { status: 400, type: 'validation', title: 'Bad Request' } as const;

function describe(code: string | undefined): EdgeProblem {
  switch (code) {
    case 'HPE_HEADER_OVERFLOW':
      return {
        status: 431,
        type: 'payload-too-large',
        title: 'Request Header Fields Too Large',
        detail: 'the request headers are larger than the server accepts (16 KiB)',
      };
    case 'HPE_CHUNK_EXTENSIONS_OVERFLOW':
      return {
        status: 413,
        type: 'payload-too-large',
        title: 'Payload Too Large',
        detail: 'the chunk extensions of the body are larger than the server accepts',
      };
    case 'ERR_HTTP_REQUEST_TIMEOUT':
      return { status: 408, type: 'validation', title: 'Request Timeout', detail: 'the request did not arrive completely in time' };
    case 'HPE_INVALID_TRANSFER_ENCODING':
    case 'HPE_UNEXPECTED_CONTENT_LENGTH':
      return {
        ...BAD_REQUEST,
        pointer: '/headers/transfer-encoding',
        detail: `the request is not valid HTTP/1.1 (${code}): Transfer-Encoding must end with chunked, appear once, and not come with Content-Length`,
      };
    case 'HPE_INVALID_CONTENT_LENGTH':
      return {
        ...BAD_REQUEST,
        pointer: '/headers/content-length',
        detail: `the request is not valid HTTP/1.1 (${code}): Content-Length must be one decimal number, and not come with Transfer-Encoding`,
      };
    case 'HPE_INVALID_CHUNK_SIZE':
    case 'HPE_STRICT':
      return { ...BAD_REQUEST, detail: `the request is not valid HTTP/1.1 (${code}): the chunked body is malformed` };
    case 'HPE_INVALID_METHOD':
      return { ...BAD_REQUEST, detail: `the request is not valid HTTP/1.1 (${code}): the method is not one HTTP defines` };
    case 'HPE_INVALID_VERSION':
      return { ...BAD_REQUEST, detail: `the request is not valid HTTP/1.1 (${code}): send HTTP/1.1` };
    default:
      return {
        ...BAD_REQUEST,
        detail: `the request is not valid HTTP/1.1 (${code ?? 'unparseable'}); percent-encode non-ASCII characters in the path and query`,
      };
  }
}

/**
 * `Expect:` with anything but `100-continue` (Node's 'checkExpectation'): 417, as HTTP
 * says, in problem+json instead of Node's empty answer.
 */
export function answerUnmetExpectation(request: IncomingMessage, response: ServerResponse): void {
  endResponseWith(request, response, {
    status: 417,
    type: 'validation',
    title: 'Expectation Failed',
    pointer: '/headers/expect',
    detail: `Expect: ${String(request.headers.expect).slice(0, 100)} cannot be met; the only expectation this server meets is 100-continue`,
  });
}

/** A Transfer-Encoding Node accepts (chunked last) but the server cannot decode (`gzip, chunked`). */
export function unsupportedTransferEncoding(request: IncomingMessage): boolean {
  const value = request.headers['transfer-encoding'];
  return value !== undefined && value.trim().toLowerCase() !== 'chunked';
}

export function answerUnsupportedTransferEncoding(request: IncomingMessage, response: ServerResponse): void {
  endResponseWith(request, response, {
    ...BAD_REQUEST,
    pointer: '/headers/transfer-encoding',
    detail: `Transfer-Encoding "${String(request.headers['transfer-encoding']).slice(0, 100)}" is not supported; send chunked alone (use Content-Encoding to compress)`,
  });
}

/** HTTP/1.1 requires Host (RFC 9112 §3.2); Node's own check answers an empty 400. */
export function lacksHost(request: IncomingMessage): boolean {
  return request.httpVersion === '1.1' && request.headers.host === undefined;
}

export function answerMissingHost(request: IncomingMessage, response: ServerResponse): void {
  endResponseWith(request, response, { ...BAD_REQUEST, pointer: '/headers/host', detail: 'an HTTP/1.1 request must send a Host header' });
}

/** CONNECT (no proxying here): Node would close the connection without a word. */
export function answerConnect(_request: IncomingMessage, socket: Duplex): void {
  socket.on('error', () => undefined);
  endSocketWith(
    socket,
    { status: 405, type: 'method-not-allowed', title: 'Method Not Allowed', detail: 'CONNECT is not allowed: this server is not a proxy' },
    'Allow: GET, HEAD, POST, PATCH\r\n',
  );
}
