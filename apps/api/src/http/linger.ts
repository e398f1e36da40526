import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Socket } from 'node:net';

/** How long a refused client has to read its answer before the connection is dropped. */
export const LINGER_MS = 2_000;

const lingering = new WeakSet<Socket>();

/**
 * Answers with `Connection: close` a request whose body is (partly) still unread, without
 * losing the answer. Node closes such a connection with `socket.destroySoon()`: destroyed as
 * soon as the answer is written; but closing a socket with unread bytes makes the kernel send
 * a reset, which can reach the client before it has read the answer — it then sees only
 * "connection reset" (observed under load with 700 KB anonymous bodies). So the server ends
 * its side after the answer, stops reading (nothing more is parsed, buffered, or dispatched
 * from this connection), and drops the connection after LINGER_MS at the latest. A lingering
 * connection holds no more than the socket's kernel buffers.
 */
export function closeAfterAnswer(request: IncomingMessage, response: ServerResponse): void {
  response.setHeader('Connection', 'close');
  const socket = request.socket as Socket;
  if (lingering.has(socket)) return;
  lingering.add(socket);
  socket.destroySoon = () => {
    socket.pause();
    socket.end();
    const timer = setTimeout(() => socket.destroy(), LINGER_MS);
    timer.unref();
    socket.once('close', () => clearTimeout(timer));
  };
}
