import { ExpressAdapter } from '@nestjs/platform-express';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import {
  answerClientError,
  answerConnect,
  answerMissingHost,
  answerUnmetExpectation,
  answerUnsupportedTransferEncoding,
  lacksHost,
  unsupportedTransferEncoding,
} from './client-error.js';
import { endHeadAfterHeaders } from './head.js';

/**
 * Nest's Express adapter, with the HTTP server created so that every answer Node would give
 * on its own is problem+json (client-error.ts), HEAD answers end with their headers
 * (head.ts), and deadlines are enforced promptly: Node checks them every
 * `connectionsCheckingInterval` (30 s by default), which would let a dribbling client hold
 * a socket far past them.
 *
 * A body's deadline is the body reader's (`HTTP_REQUEST_TIMEOUT_MS` once the body is asked
 * for, answered with a 408 problem): Node's own `requestTimeout`, which fires only after the
 * request was handed to the application and can then only drop the connection without a
 * word, is a backstop set past it — for bodies no route reads.
 */
export class DeadlineExpressAdapter extends ExpressAdapter {
  constructor(private readonly deadlines: { requestTimeoutMs: number; headersTimeoutMs: number }) {
    super();
  }

  // Nest's own options here (https, return503OnClosing, forceCloseConnections) are not used:
  // TLS ends at the proxy, and draining is done by runtime/lifecycle.ts.
  override initHttpServer(): void {
    const { requestTimeoutMs, headersTimeoutMs } = this.deadlines;
    const interval = Math.max(250, Math.min(1000, headersTimeoutMs / 2));
    const app = this.getInstance() as (request: IncomingMessage, response: ServerResponse) => void;
    const server = createServer(
      {
        requestTimeout: requestTimeoutMs + headersTimeoutMs + 1_000,
        headersTimeout: headersTimeoutMs,
        keepAliveTimeout: 5_000,
        connectionsCheckingInterval: interval,
        // Checked below, to answer with a problem rather than Node's empty 400.
        requireHostHeader: false,
      },
      (request, response) => {
        if (lacksHost(request)) return answerMissingHost(request, response);
        if (unsupportedTransferEncoding(request)) return answerUnsupportedTransferEncoding(request, response);
        endHeadAfterHeaders(request, response);
        app(request, response);
      },
    );
    // Expect: 100-continue goes to the application like any request; the "100 Continue" is
    // sent by the body reader, only once the request has passed authentication and the
    // checks made from its headers (body-reader.ts) — a refused client never sends its body.
    server.on('checkContinue', (request: IncomingMessage, response: ServerResponse) => server.emit('request', request, response));
    server.on('checkExpectation', answerUnmetExpectation);
    server.on('connect', answerConnect);
    server.on('clientError', answerClientError);
    this.httpServer = server;
  }
}
