import { connect, type Socket } from 'node:net';

export interface RawAnswer {
  status: number;
  statusLine: string;
  /** Header names in lower case. */
  headers: Record<string, string>;
  body: string;
  json: any;
}

/**
 * One TCP connection to the server, written to by hand: for what an HTTP client will not
 * do — send half a body, declare a body it never sends, send a header Node's client
 * refuses — and to see exactly what came back and when the server closed the connection.
 */
export class RawConnection {
  private readonly chunks: Buffer[] = [];
  private closedAfter: number | null = null;
  private readonly opened = Date.now();
  private readonly waiters = new Set<() => void>();
  /** Bytes handed to the socket that it accepted before it closed. */
  sentBytes = 0;

  private constructor(private readonly socket: Socket) {
    socket.on('data', (chunk) => {
      this.chunks.push(chunk);
      this.wake();
    });
    socket.on('close', () => {
      this.closedAfter = Date.now() - this.opened;
      this.wake();
    });
    // The server may close (or reset) the connection under a body it refused: expected here.
    socket.on('error', () => undefined);
  }

  static open(url: string): Promise<RawConnection> {
    const { port } = new URL(url);
    return new Promise((resolve, reject) => {
      const socket = connect(Number(port), '127.0.0.1', () => {
        socket.off('error', reject);
        resolve(new RawConnection(socket));
      });
      socket.once('error', reject);
    });
  }

  /** Writes unless the connection is gone; resolves once the bytes are handed to the kernel. */
  write(data: string | Buffer): Promise<boolean> {
    if (this.closed || this.socket.destroyed || !this.socket.writable) return Promise.resolve(false);
    return new Promise((resolve) => {
      this.socket.write(data, (error) => {
        if (!error) this.sentBytes += Buffer.byteLength(data);
        resolve(!error);
      });
    });
  }

  get closed(): boolean {
    return this.closedAfter !== null;
  }

  /** Milliseconds from opening to the server's close, or null while open. */
  get closedAfterMs(): number | null {
    return this.closedAfter;
  }

  text(): string {
    return Buffer.concat(this.chunks).toString('utf8');
  }

  /** The first complete answer (skipping interim 1xx answers), or null if none came within `timeoutMs`. */
  async answer(timeoutMs: number): Promise<RawAnswer | null> {
    return this.until(() => parseAnswer(this.text()), timeoutMs);
  }

  /** Resolves true once the server has closed the connection, false after `timeoutMs`. */
  async closes(timeoutMs: number): Promise<boolean> {
    return (await this.until(() => (this.closed ? true : null), timeoutMs)) ?? false;
  }

  destroy(): void {
    this.socket.destroy();
  }

  private wake(): void {
    for (const waiter of this.waiters) waiter();
  }

  private until<T>(check: () => T | null, timeoutMs: number): Promise<T | null> {
    return new Promise((resolve) => {
      const attempt = () => {
        const value = check();
        if (value !== null) return finish(value);
        if (this.closed) return finish(check());
      };
      const finish = (value: T | null) => {
        clearTimeout(timer);
        this.waiters.delete(attempt);
        resolve(value);
      };
      const timer = setTimeout(() => finish(null), timeoutMs);
      this.waiters.add(attempt);
      attempt();
    });
  }
}

/** The first final answer in `text`, once its headers and its Content-Length of body have arrived. */
export function parseAnswer(text: string): RawAnswer | null {
  let rest = text;
  for (;;) {
    const end = rest.indexOf('\r\n\r\n');
    if (end < 0) return null;
    const [statusLine, ...lines] = rest.slice(0, end).split('\r\n');
    const status = Number(statusLine.split(' ')[1]);
    if (status >= 100 && status < 200) {
      rest = rest.slice(end + 4);
      continue;
    }
    const headers: Record<string, string> = {};
    for (const line of lines) {
      const colon = line.indexOf(':');
      headers[line.slice(0, colon).trim().toLowerCase()] = line.slice(colon + 1).trim();
    }
    const length = Number(headers['content-length'] ?? 0);
    const body = Buffer.from(rest.slice(end + 4), 'utf8');
    if (body.length < length) return null;
    const bodyText = body.subarray(0, length).toString('utf8');
    let json: unknown;
    try {
      json = bodyText ? JSON.parse(bodyText) : undefined;
    } catch {
      json = undefined;
    }
    return { status, statusLine, headers, body: bodyText, json };
  }
}
