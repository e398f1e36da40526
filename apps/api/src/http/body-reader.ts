import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Transform } from 'node:stream';
import { createBrotliDecompress, createGunzip, createInflate } from 'node:zlib';
import { Problem } from './problem.js';

/** The largest body any route takes (CONTRACT.md: 413 above 1 MiB). */
export const MAX_BODY_BYTES = 1024 * 1024;

export interface BodyLimits {
  /** Bytes, on the wire and once decompressed. */
  maxBytes: number;
  /** How long the whole body may take to arrive, from the moment it is asked for. */
  deadlineMs: number;
}

/** The Content-Encodings a body may come in (body-parser's set, which the API took before). */
const DECODERS: Record<string, () => Transform> = {
  gzip: createGunzip,
  deflate: createInflate,
  br: createBrotliDecompress,
};

/** Whether the request's headers announce a body (a Content-Length or a Transfer-Encoding). */
export function announcesBody(request: IncomingMessage): boolean {
  return request.headers['transfer-encoding'] !== undefined || request.headers['content-length'] !== undefined;
}

/**
 * Whether part of an announced body may still be on its way: answering such a request
 * must close the connection, or Node would go on reading (and discarding) whatever the
 * client keeps sending, and the next request could not be found in the byte stream.
 */
export function bodyUnread(request: IncomingMessage): boolean {
  return !request.complete && announcesBody(request) && request.headers['content-length'] !== '0';
}

export function bodyTooLarge(maxBytes: number): Problem {
  return new Problem('payload-too-large', `the request body is larger than ${maxBytes === MAX_BODY_BYTES ? '1 MiB' : `${maxBytes} bytes`}`);
}

/**
 * Reads a request body into memory, refusing as soon as the answer is known instead of
 * after the whole body has arrived (body-parser reads a refused body to its end before it
 * answers): a declared Content-Length over the limit is a 413 before any byte is read; a
 * chunked or compressed body is a 413 at the byte that passes the limit; a body that has
 * not arrived within the deadline is a 408. After a refusal the rest is left unread, and
 * the answer closes the connection (see `bodyUnread`). A client that sent
 * `Expect: 100-continue` is told to go on only here, once the request has passed every
 * check made from its headers.
 *
 * Resolves to undefined when the request announces no body.
 */
export function readBody(request: IncomingMessage, response: ServerResponse, limits: BodyLimits): Promise<Buffer | undefined> {
  if (!announcesBody(request)) return Promise.resolve(undefined);
  const declared = Number(request.headers['content-length']);
  if (declared > limits.maxBytes) return Promise.reject(bodyTooLarge(limits.maxBytes));
  const encoding = (request.headers['content-encoding'] ?? 'identity').trim().toLowerCase();
  const decoder = encoding === 'identity' ? null : DECODERS[encoding]?.();
  if (decoder === undefined) {
    return Promise.reject(new Problem('unsupported-media-type', `Content-Encoding "${encoding}" is not supported; send identity, gzip, deflate or br`));
  }
  const expectsContinue = response as ServerResponse & { _expect_continue?: boolean; _sent100?: boolean };
  if (expectsContinue._expect_continue && !expectsContinue._sent100) response.writeContinue();

  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let wireBytes = 0;
    let bodyBytes = 0;
    let settled = false;
    const source = decoder ?? request;

    const settle = (outcome: Problem | Buffer) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      request.off('data', onWire);
      request.off('error', onGone);
      request.off('close', onGone);
      source.off('data', onBody);
      source.off('end', onEnd);
      if (decoder) {
        request.unpipe(decoder);
        decoder.on('error', () => undefined);
        decoder.destroy();
      }
      if (outcome instanceof Problem) {
        // Stop taking bytes off the socket: the answer closes the connection.
        request.pause();
        reject(outcome);
      } else {
        resolve(outcome);
      }
    };
    const onWire = (chunk: Buffer) => {
      wireBytes += chunk.length;
      if (wireBytes > limits.maxBytes) settle(bodyTooLarge(limits.maxBytes));
    };
    const onBody = (chunk: Buffer) => {
      bodyBytes += chunk.length;
      if (bodyBytes > limits.maxBytes) return settle(bodyTooLarge(limits.maxBytes));
      chunks.push(chunk);
    };
    const onEnd = () => settle(Buffer.concat(chunks, bodyBytes));
    // The client went away before its body was complete: nobody is left to answer, but the
    // request must still fail rather than hang.
    const onGone = () => {
      if (!request.complete) settle(new Problem('validation', 'the connection closed before the body arrived'));
    };
    const timer = setTimeout(() => {
      settle(
        new Problem('validation', `the request body did not arrive within ${limits.deadlineMs} ms`, {
          status: 408,
          title: 'Request Timeout',
          errors: [{ pointer: '', detail: 'the body arrived too slowly' }],
        }),
      );
    }, limits.deadlineMs);
    timer.unref();

    request.on('error', onGone);
    request.on('close', onGone);
    source.on('data', onBody);
    source.on('end', onEnd);
    if (decoder) {
      request.on('data', onWire);
      decoder.on('error', () =>
        settle(
          new Problem('validation', `the body is not valid ${encoding} data`, {
            errors: [{ pointer: '/headers/content-encoding', detail: `the body does not decompress as ${encoding}` }],
          }),
        ),
      );
      request.pipe(decoder);
    }
  });
}
