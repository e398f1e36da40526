import http from 'node:http';

export interface RawRequest {
  method: string;
  /** Sent exactly as given (already percent-encoded where that is wanted). */
  path: string;
  headers?: Record<string, string>;
  body?: string | Buffer;
  timeoutMs?: number;
}

export interface RawResponse {
  status: number;
  headers: http.IncomingHttpHeaders;
  text: string;
  /** The body parsed as JSON, or undefined. */
  json: any;
  ms: number;
}

/**
 * A bare HTTP client: unlike fetch it sends any method, path bytes and header value Node
 * allows on the wire, and bodies on any method. A text/event-stream answer resolves at its
 * headers and is closed. A request that gets no answer within `timeoutMs` rejects.
 */
export class RawClient {
  private readonly agent = new http.Agent({ keepAlive: true, maxSockets: 16 });
  private readonly base: URL;

  constructor(baseUrl: string) {
    this.base = new URL(baseUrl);
  }

  send(request: RawRequest): Promise<RawResponse> {
    const started = Date.now();
    const timeoutMs = request.timeoutMs ?? 15_000;
    return new Promise((resolve, reject) => {
      let settled = false;
      const settle = (action: () => void) => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        action();
      };
      const outgoing = http.request(
        {
          agent: this.agent,
          host: this.base.hostname,
          port: this.base.port,
          method: request.method,
          path: request.path,
          headers: request.headers,
        },
        (response) => {
          const type = String(response.headers['content-type'] ?? '');
          if (type.startsWith('text/event-stream')) {
            const status = response.statusCode!;
            response.destroy();
            outgoing.destroy();
            return settle(() => resolve({ status, headers: response.headers, text: '', json: undefined, ms: Date.now() - started }));
          }
          const chunks: Buffer[] = [];
          response.on('data', (chunk: Buffer) => chunks.push(chunk));
          response.on('error', (error) => settle(() => reject(error)));
          response.on('end', () => {
            const text = Buffer.concat(chunks).toString('utf8');
            let json: unknown;
            try {
              json = text ? JSON.parse(text) : undefined;
            } catch {
              json = undefined;
            }
            settle(() => resolve({ status: response.statusCode!, headers: response.headers, text, json, ms: Date.now() - started }));
          });
        },
      );
      const timer = setTimeout(() => {
        outgoing.destroy();
        settle(() => reject(new Error(`no answer within ${timeoutMs} ms: ${request.method} ${request.path}`)));
      }, timeoutMs);
      // A server may answer (413) and close before it has read a large body: the answer counts.
      outgoing.on('error', (error) => setTimeout(() => settle(() => reject(error)), 50));
      outgoing.end(request.body);
    });
  }

  close(): void {
    this.agent.destroy();
  }
}
