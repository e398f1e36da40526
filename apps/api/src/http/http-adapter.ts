import { ExpressAdapter } from '@nestjs/platform-express';
import { createServer } from 'node:http';
import { answerClientError } from './client-error.js';

/**
 * Nest's Express adapter, with the HTTP server created so that request and header
 * deadlines are enforced promptly: Node checks them every `connectionsCheckingInterval`
 * (30 s by default), which would let a dribbling client hold a socket far past them.
 */
export class DeadlineExpressAdapter extends ExpressAdapter {
  constructor(private readonly deadlines: { requestTimeoutMs: number; headersTimeoutMs: number }) {
    super();
  }

  // Nest's own options here (https, return503OnClosing, forceCloseConnections) are not used:
  // TLS ends at the proxy, and draining is done by runtime/lifecycle.ts.
  override initHttpServer(): void {
    const interval = Math.max(250, Math.min(1000, this.deadlines.headersTimeoutMs / 2));
    this.httpServer = createServer(
      {
        requestTimeout: this.deadlines.requestTimeoutMs,
        headersTimeout: this.deadlines.headersTimeoutMs,
        keepAliveTimeout: 5_000,
        connectionsCheckingInterval: interval,
      },
      this.getInstance(),
    );
    this.httpServer.on('clientError', answerClientError);
  }
}
