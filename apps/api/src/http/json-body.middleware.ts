import { Injectable, type NestMiddleware } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import type { AppConfig } from '@app/platform';
import type { NextFunction, Request, Response } from 'express';
import { MAX_BODY_BYTES, readBody } from './body-reader.js';
import { Problem, validationProblem } from './problem.js';

const JSON_TYPE = /^application\/([a-z0-9.+-]*\+)?json\s*(;|$)/i;
/** Far deeper than any body the API takes (a batch item's fields sit at depth 4). */
const MAX_DEPTH = 32;

/**
 * Whether a parsed body nests objects or arrays deeper than `limit`. Iterative: JSON.parse
 * builds a 500 000-deep array from 1 MiB, and recursive code after it (the Idempotency-Key's
 * RFC 8785 hash) would overflow the stack on it.
 */
function nestedDeeperThan(value: unknown, limit: number): boolean {
  const pending: [unknown, number][] = [[value, 1]];
  while (pending.length > 0) {
    const [node, depth] = pending.pop()!;
    if (node === null || typeof node !== 'object') continue;
    if (depth > limit) return true;
    for (const child of Object.values(node)) pending.push([child, depth + 1]);
  }
  return false;
}

const NOT_JSON = () => validationProblem([{ pointer: '', detail: 'the body is not valid JSON' }], 'the body is not valid JSON');

/**
 * The body as JSON, as body-parser's strict mode took it before: UTF-8 with an optional
 * byte-order mark, an object or an array at the top, an empty body read as `{}`.
 */
function parseJsonBody(body: Buffer): unknown {
  let text = body.toString('utf8');
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  if (text.length === 0) return {};
  // eslint-disable-next-line no-control-regex -- JSON's own whitespace (tab, LF, CR) is what this matches
  if (!/^[\x20\x09\x0a\x0d]*[{[]/.test(text)) throw NOT_JSON();
  try {
    return JSON.parse(text);
  } catch {
    throw NOT_JSON();
  }
}

/**
 * Writes take JSON only (else 415), at most 1 MiB (else 413, at once), within the request
 * deadline (else 408), nested at most 32 deep (else 400), and no query parameters (400).
 * Mounted after authentication (app.module.ts), so an anonymous body is never read. Its
 * refusals go through the one problem+json filter, which closes the connection when part
 * of the body was left unread.
 */
@Injectable()
export class JsonBodyMiddleware implements NestMiddleware {
  private readonly deadlineMs: number;

  constructor(config: ConfigService<AppConfig, true>) {
    this.deadlineMs = config.get('HTTP_REQUEST_TIMEOUT_MS', { infer: true });
  }

  use(request: Request, response: Response, next: NextFunction): void {
    if (!['POST', 'PUT', 'PATCH'].includes(request.method)) return next();
    // No write takes query parameters: an unknown one is refused like any unknown field.
    const names = Object.keys(request.query ?? {});
    if (names.length > 0) {
      return next(validationProblem(names.map((name) => ({ pointer: `/query/${name}`, detail: 'unknown query parameter' }))));
    }
    const type = request.headers['content-type'];
    if (!type || !JSON_TYPE.test(type)) {
      return next(new Problem('unsupported-media-type', 'send the body as application/json'));
    }
    const charset = /;\s*charset\s*=\s*"?([^";\s]*)/i.exec(type)?.[1];
    if (charset !== undefined && charset.toLowerCase() !== 'utf-8') {
      return next(new Problem('unsupported-media-type', 'the body must be UTF-8 JSON'));
    }
    this.read(request, response).then(() => next(), next);
  }

  private async read(request: Request, response: Response): Promise<void> {
    const body = await readBody(request, response, { maxBytes: MAX_BODY_BYTES, deadlineMs: this.deadlineMs });
    if (body === undefined) return;
    request.body = parseJsonBody(body);
    if (nestedDeeperThan(request.body, MAX_DEPTH)) {
      throw validationProblem([{ pointer: '', detail: `nested deeper than ${MAX_DEPTH} levels` }]);
    }
  }
}
